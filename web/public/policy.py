"""The public collections-policy page of a partner (no sign-in: customers read it)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET
from modeltranslation.utils import build_localized_fieldname

from billing import policy_text, selectors
from core.validators import whole_number
from partners.models import Partner


def _language(request) -> str:
    """``?lang=`` wins, then the language LocaleMiddleware found (cookie, Accept-Language)."""
    asked = (request.GET.get("lang") or "").lower()
    if asked in settings.LANGUAGE_CODES:
        return asked
    return translation.get_supported_language_variant(
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    )


def _policy(partner, version: str | None):
    if not version:
        return selectors.policy_for_display(partner=partner)
    number = whole_number(version)
    policy = (
        selectors.policy_version(partner_id=partner.id, version=number)
        if number is not None
        else None
    )
    if policy is None:
        raise Http404("No such version of this policy.")
    return policy


def policy_page_context(policy, partner, language: str) -> dict:
    """What the public page says about ``policy``, in ``language`` (call it under that language).
    The policy editor's preview renders a draft with the same context and template."""
    own = getattr(policy, build_localized_fieldname("description", language))
    return {
        "partner": partner,
        "policy": policy,
        "published": policy.pk is not None,
        "language": language,
        "steps": policy_text.steps_text(policy, partner.name),
        "impact": policy_text.impact_text(policy),
        "notes": policy_text.notes_text(),
        # modeltranslation falls back to English for an empty language: say so in the markup
        # (lang="en").
        "description": own or policy.description_en or "",
        "description_language": language if own else "en",
    }


def _current_version(partner) -> int | None:
    latest = selectors.policy_latest(partner_id=partner.id)
    return latest.version if latest else None


@require_GET
def collections_policy_page(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    policy = _policy(partner, request.GET.get("version"))
    language = _language(request)
    with translation.override(language):
        context = policy_page_context(policy, partner, language) | {
            "policy_languages": [
                (code, translation.get_language_info(code)["name_local"])
                for code in settings.LANGUAGE_CODES
            ],
            # Reading an older version (a notice's link): offer the current one.
            "current_version": _current_version(partner) if request.GET.get("version") else None,
        }
        response = render(request, "public/collections_policy.html", context)
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response

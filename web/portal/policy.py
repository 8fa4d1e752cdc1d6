"""Partner portal: the collections policy. Every partner user reads it; a partner admin edits the
steps, automatic suspension and the description in each language, previews the public page with
the draft, and publishes a new version (``billing.services.policy_publish`` validates it, so the
page shows the API's own messages)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from billing import links, policy_text, selectors, services
from billing import policy as rules
from billing.api.serializers import PolicyOutput
from billing.models import CollectionsPolicy
from core.web import csv_export, csv_requested, paginate, role_required, service_errors
from partners.models import Partner
from web.forms.billing import PolicyForm, description_fields, step_formset, steps_from
from web.public.policy import policy_page_context

HISTORY_ROWS = 5


def _current(actor) -> CollectionsPolicy:
    policy = selectors.policy_for_display(partner=actor.partner)
    policy.partner = actor.partner  # the actor's (cached) row: the page reads its name and slug
    return policy


def _initial(policy: CollectionsPolicy) -> dict:
    return {"auto_suspend": policy.auto_suspend} | {
        field: getattr(policy, field) or "" for _c, _n, field in description_fields()
    }


def _render(request, policy, *, form=None, formset=None, preview=None):
    context = {
        "policy": policy,
        "published": policy.pk is not None,
        "can_edit": request.actor.is_partner_admin,
        "form": form or PolicyForm(initial=_initial(policy)),
        "formset": formset or step_formset(steps=policy.steps),
        "preview": preview,
        "preview_language": request.POST.get("preview_language") or translation.get_language(),
        "steps_text": policy_text.steps_text(policy, policy.partner.name),
        "history": selectors.policy_versions(actor=request.actor)[:HISTORY_ROWS],
        "public_url": links.policy_url(policy.partner.slug),
    }
    return render(request, "portal/billing/policy/edit.html", context)


@role_required("partner")
@require_http_methods(["GET", "POST"])
def policy_edit(request):
    if request.method == "POST":
        return _policy_post(request)
    return _render(request, _current(request.actor))


@role_required("admin")  # like the API's PUT: only a partner admin changes the policy
def _policy_post(request):
    policy = _current(request.actor)
    form, formset = PolicyForm(request.POST), step_formset(request.POST)
    if not (form.is_valid() and formset.is_valid()):
        return _render(request, policy, form=form, formset=formset)
    steps = steps_from(formset)
    retyped = step_formset(steps=steps)  # rows back in day order, as the service numbers them
    if "preview" in request.POST:
        return _render(
            request,
            policy,
            form=form,
            formset=retyped,
            preview=_preview(request, form, steps, policy.partner),
        )
    with service_errors(request, form) as call:
        published = services.policy_publish(
            actor=request.actor,
            partner=policy.partner,
            steps=steps,
            auto_suspend=form.cleaned_data["auto_suspend"],
            descriptions=form.descriptions(),
        )
    if call.failed:
        return _render(request, policy, form=form, formset=retyped)
    if published.pk == policy.pk:
        messages.info(
            request,
            _("Nothing changed: version %(version)s stays in force.") % {"version": policy.version},
        )
    else:
        messages.success(
            request,
            _("Version %(version)s is published. Customers see it now.")
            % {"version": published.version},
        )
    return redirect("policy-edit")


def _preview(request, form: PolicyForm, steps: list[dict], partner: Partner) -> str | None:
    """The public page's body for the draft, in the chosen language; None (and the reasons on the
    form) when the steps would be refused on publishing."""
    try:
        clean = rules.steps_validate(steps)
    except ValidationError as error:
        form.add_error("steps", error.message_dict["steps"])
        return None
    draft = CollectionsPolicy(
        partner=partner,
        version=0,
        steps=clean,
        auto_suspend=form.cleaned_data["auto_suspend"],
        **{field: text or None for field, text in form.descriptions().items()},
    )
    language = request.POST.get("preview_language")
    language = language if language in settings.LANGUAGE_CODES else translation.get_language()
    with translation.override(language):
        return render_to_string(
            "portal/billing/includes/policy_body.html",
            policy_page_context(draft, partner, language),
        )


@role_required("partner")
def policy_history(request):
    rows = selectors.policy_versions(actor=request.actor)
    if csv_requested(request):
        return csv_export(name="policy-versions", serializer_class=PolicyOutput, rows=rows)
    page = paginate(request, rows)
    latest = selectors.policy_latest(partner_id=request.actor.partner_id)
    return render(
        request,
        "portal/billing/policy/history.html",
        {
            "page": page,
            "partner": request.actor.partner,
            "current_version": latest.version if latest else None,
        },
    )

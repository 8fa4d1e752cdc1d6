from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.actors import actor_for
from partners.selectors import user_language


class UserLanguageMiddleware:
    """A signed-in user reads the UI in the language they chose (or their partner's default).

    It runs after LocaleMiddleware, so it overrides Accept-Language only for signed-in users
    who have a preference; anonymous visitors keep the cookie / Accept-Language choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user_language(user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Users of a role in ``MFA_REQUIRED_ROLES`` do nothing before their session is verified
    with a second factor: pages send them to enrol (or to give their code), the API answers 403.

    Token-authenticated API calls never reach this as a signed-in user: a token is issued only
    with the code once a user has a device (``POST /api/auth/token/``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _must_verify(request, user):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(TWO_FACTOR_REQUIRED)}, status=403)
            query = urlencode({"next": request.get_full_path()}, safe="/")
            return redirect(f"{reverse('two-factor')}?{query}")
        return self.get_response(request)


TWO_FACTOR_REQUIRED = _("Set up two-factor sign-in to continue.")
# What an unverified user may still reach: the page that verifies them and the way out.
_OPEN_URL_NAMES = ("two-factor", "logout", "language-switch", "healthz", "login")


def _must_verify(request, user) -> bool:
    required = settings.MFA_REQUIRED_ROLES
    if not required or user.is_verified():
        return False
    if request.path in {reverse(name) for name in _OPEN_URL_NAMES}:
        return False
    return actor_for(user).role in required

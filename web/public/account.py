"""Signing in and out, the password, the reader's language. (``/`` is
``web.portal.dashboard.home``.)
"""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from core.api.throttling import SignInRateThrottle
from partners.services import profile_set_language
from web.forms.partners import PasswordChangeForm, SignInForm


class LoginView(auth_views.LoginView):
    """Username, password and (once the user has one) the second factor's code. Attempts are
    throttled per address on every web node (``sign_in``), on top of django-axes' lockout."""

    template_name = "public/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not SignInRateThrottle().allow_request(request, self):
            context = {
                "form": SignInForm(request),
                "lockout": _("Too many sign-in attempts from your address. Try again in a minute."),
                "next": request.POST.get("next", ""),
            }
            return render(request, self.template_name, context, status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "demo_logins": demo_logins(),
            "demo_password": settings.DEMO_PASSWORD,
        }


def demo_logins() -> list[str]:
    """The demo's usernames, only in the demo (``DEMO``) and while its accounts exist."""
    if not settings.DEMO:
        return []
    usernames = [username for username, _who in settings.DEMO_LOGINS]
    found = set(
        get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True)
    )
    return [username for username in usernames if username in found]


def lockout(request, original_response=None, credentials=None):
    """What django-axes answers once an account is locked (``AXES_LOCKOUT_CALLABLE``).

    The sign-in page again, in the visitor's language, saying why and for how long; the API
    gets the same sentence as JSON. 429 either way, and no form error that would hint whether
    the password was right.
    """
    cool_off = get_cool_off(request)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0
    if minutes:
        message = ngettext(
            "Too many failed sign-in attempts. For your security, signing in to this account is "
            "paused for %(minutes)d minute.",
            "Too many failed sign-in attempts. For your security, signing in to this account is "
            "paused for %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    else:
        message = str(
            _("Too many failed sign-in attempts. Ask your administrator to unlock this account.")
        )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    context = {
        "form": SignInForm(request),
        "lockout": message,
        "next": request.POST.get("next", ""),
    }
    return render(request, "public/login.html", context, status=429)


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "public/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")
    success_message = _("Your password has been changed.")


@require_POST
def language_switch(request):
    """Remember the choice on the user's profile (it follows them to any browser), then let
    Django's ``set_language`` set the cookie and go back, which is all an anonymous visitor gets."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in settings.LANGUAGE_CODES:
        profile_set_language(user=request.user, language=language)
    return set_language(request)


@require_GET
def healthz(request):
    """For load balancers and compose healthchecks: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

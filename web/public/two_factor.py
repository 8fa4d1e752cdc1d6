"""Two-factor sign-in: enrol an authenticator (and receive recovery codes), or give a code to
verify a session that was opened without one (``TwoFactorRequiredMiddleware`` sends users here)."""

from base64 import b32encode

import segno
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.api.auth import OTP_REQUIRED
from core.web import service_errors
from partners.selectors import mfa_recovery_codes_left
from partners.services import (
    mfa_recovery_codes_regenerate,
    mfa_totp_enrol,
    mfa_totp_secret,
)
from web.forms.partners import TwoFactorCodeForm


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else "/"


@login_required
def two_factor(request):
    enrolled = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if enrolled:
        return _verify(request)
    return _enrol(request)


def _verify(request):
    """An enrolled user: the session's state, or the code that verifies it."""
    form = TwoFactorCodeForm(request.POST or None)
    if request.user.is_verified():
        context = {"state": "on", "codes_left": mfa_recovery_codes_left(request.user)}
        return render(request, "public/two_factor.html", context)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", OTP_REQUIRED)
    context = {"state": "verify", "form": form, "next": _next_url(request)}
    return render(request, "public/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """New recovery codes (the old ones stop working), for a user whose session is verified, once
    a current authenticator code confirms it. Without an authenticator: enrol first."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("two-factor")
    if not request.user.is_verified():
        return redirect(f"{reverse('two-factor')}?next={request.path}")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            codes = mfa_recovery_codes_regenerate(user=request.user, code=form.cleaned_data["code"])
        if not call.failed:
            context = {"state": "codes", "codes": codes, "next": reverse("two-factor")}
            return render(request, "public/two_factor.html", context)
    context = {
        "state": "regenerate",
        "form": form,
        "codes_left": mfa_recovery_codes_left(request.user),
    }
    return render(request, "public/two_factor.html", context)


def _enrol(request):
    """A new authenticator: its QR code and secret, then its first code confirms it.

    Until then the secret lives only in the form, signed, so that opening the page writes
    nothing and a forged secret is refused.
    """
    key = _pending_key(request.POST.get("secret", "")) or mfa_totp_secret()
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            device, codes = mfa_totp_enrol(
                user=request.user, key=key, code=form.cleaned_data["code"]
            )
        if not call.failed:
            otp_login(request, device)
            context = {"state": "codes", "codes": codes, "next": _next_url(request)}
            return render(request, "public/two_factor.html", context)
    device = TOTPDevice(user=request.user, key=key)
    context = {
        "state": "enrol",
        "form": form,
        "next": _next_url(request),
        "secret": signing.dumps(key, salt=SECRET_SALT),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "key": _grouped(device),
    }
    return render(request, "public/two_factor.html", context)


SECRET_SALT = "web.public.two_factor.enrol"


def _pending_key(signed: str) -> str:
    try:
        return signing.loads(signed, salt=SECRET_SALT, max_age=900) if signed else ""
    except signing.BadSignature:
        return ""


def _grouped(device) -> str:
    """The base32 secret in groups of four, for typing into an authenticator by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))

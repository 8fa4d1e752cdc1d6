"""``POST /api/auth/token/`` input: who is signing in, and their second factor once they have one.

Authentication goes through Django's backends with the Django request, so django-axes counts
every failure and locks the account out as it does on the sign-in page.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device
from rest_framework import serializers

# The sign-in page and the API refuse a missing or wrong second factor with the same sentence.
OTP_REQUIRED = _("Enter the code from your authenticator app, or one of your recovery codes.")


class TokenInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, write_only=True)
    otp = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="The authenticator's code (or a recovery code); needed once the user has one.",
    )

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(request, username=attrs["username"], password=attrs["password"])
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                _("Unable to log in with provided credentials."), code="authorization"
            )
        if user_has_device(user):
            code = attrs.get("otp", "").strip()
            if not code or match_token(user, code) is None:
                raise serializers.ValidationError({"otp": [OTP_REQUIRED]}, code="otp")
        attrs["user"] = user
        return attrs


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField()

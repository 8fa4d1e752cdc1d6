"""Helpers for two-factor tests: an enrolled user, and the code their authenticator shows now."""

from binascii import unhexlify

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from partners.services import mfa_totp_enrol


def current_code(key_hex: str) -> str:
    return f"{totp(unhexlify(key_hex)):06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Enrol ``user`` through the service; the device and the recovery codes."""
    key = random_hex(20)
    return mfa_totp_enrol(user=user, key=key, code=current_code(key))


def next_code(device: TOTPDevice) -> str:
    """A code the device has not accepted yet (the next time step: within its tolerance)."""
    return f"{totp(device.bin_key, drift=device.drift + 1):06d}"

"""Test settings: the real settings with plain HTTP and a fast password hasher.

Two-factor enforcement is off (``MFA_REQUIRED_ROLES`` empty) and the rate limits are out of
reach, because the suite signs the same cast in thousands of times; the tests of those features
turn them on with pytest-django's ``settings``.
"""

import os

os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("MFA_REQUIRED_ROLES", "")
os.environ.setdefault("THROTTLE_SIGN_IN", "100000/min")
os.environ.setdefault("THROTTLE_WRITE", "100000/min")
os.environ.setdefault("THROTTLE_WEBHOOK", "100000/min")
# The suite's dovecot listens on this machine; tests of the refusal clear the list.
os.environ.setdefault("INBOUND_IMAP_PRIVATE_HOSTS", "127.0.0.1,localhost")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"
STORAGES["staticfiles"]["BACKEND"] = STATIC_STORAGE  # noqa: F405
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405

"""Rate limits for the API, counted in the cache so that every web node agrees.

DRF reads its rates once, at import; these read them on each request, so a test (or a reload)
that changes ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` takes effect.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _Throttle(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)


class SignInRateThrottle(_Throttle):
    """Sign-in attempts (the web form and ``POST /api/auth/token/``) per client address, on top
    of django-axes' lockout per username."""

    scope = "sign_in"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class WriteRateThrottle(_Throttle):
    """Every unsafe method, per signed-in user (per address when anonymous); reads are free."""

    scope = "write"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = user.pk if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class WebhookRateThrottle(_Throttle):
    """Deliveries to one partner's payment webhook (the path's ``slug``), whoever sends them: a
    payment provider's shared addresses are not throttled by another partner's traffic, and a
    flood at one partner's URL does not reach the others'. Answered 429, which providers retry."""

    scope = "webhook"

    def get_cache_key(self, request, view):
        slug = (view.kwargs or {}).get("slug", "")
        return self.cache_format % {"scope": self.scope, "ident": slug[:100]}

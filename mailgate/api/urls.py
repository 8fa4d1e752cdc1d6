"""This app's API routes; config/api_urls.py collects every app's."""

from mailgate.api import inbound


def register(router):
    router.register("inbound-emails", inbound.InboundEmailViewSet, basename="inbound-email")


extra_urlpatterns = []

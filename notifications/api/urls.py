"""This app's API routes; config/api_urls.py collects every app's."""

from notifications.api import outbox


def register(router):
    router.register("notifications", outbox.NotificationViewSet, basename="notification")


extra_urlpatterns = []

"""This app's API routes; config/api_urls.py collects every app's."""

from notifications.api import activity, outbox


def register(router):
    router.register("notifications", outbox.NotificationViewSet, basename="notification")
    router.register("activity", activity.ActivityViewSet, basename="activity")


extra_urlpatterns = []

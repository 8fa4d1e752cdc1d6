"""This app's API routes; config/api_urls.py collects every app's."""

from notifications.api import views


def register(router):
    router.register("notifications", views.NotificationViewSet, basename="notification")


extra_urlpatterns = []

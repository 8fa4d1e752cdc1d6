"""This app's API routes; config/api_urls.py collects every app's."""

from imports.api import endpoints


def register(router):
    router.register("imports", endpoints.ImportJobViewSet, basename="import-job")


extra_urlpatterns = []

"""Every API route in one router; each app registers its own views in ``<app>/api/urls.py``."""

from rest_framework.routers import DefaultRouter

from partners.api import urls as partners_api

router = DefaultRouter()
for app_urls in (partners_api,):
    app_urls.register(router)

urlpatterns = [*partners_api.extra_urlpatterns, *router.urls]

"""Every API route in one router; each app registers its own views in ``<app>/api/urls.py``."""

from rest_framework.routers import DefaultRouter

from billing.api import urls as billing_api
from imports.api import urls as imports_api
from mailgate.api import urls as mailgate_api
from notifications.api import urls as notifications_api
from partners.api import urls as partners_api
from tickets.api import urls as tickets_api

APPS = (partners_api, billing_api, tickets_api, notifications_api, mailgate_api, imports_api)

router = DefaultRouter()
for app_urls in APPS:
    app_urls.register(router)

urlpatterns = [pattern for app_urls in APPS for pattern in app_urls.extra_urlpatterns] + router.urls

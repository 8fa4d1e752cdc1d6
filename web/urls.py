"""Every server-rendered page. URL paths are unchanged from the first round: customers' inboxes
link to them."""

from django.urls import include, path

urlpatterns = [
    path("", include("web.public.urls")),
    path("", include("web.portal.urls")),
    path("", include("web.console.urls")),
]

from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.api.errors import not_found

# Swagger UI comes from drf-spectacular-sidecar (same origin, its own script a separate file: the
# split view). It sets element styles from its script, which a strict style-src would block.
api_docs = csp_update({"style-src": ["'unsafe-inline'"]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

# The admin's own sign-in form knows no second factor: everyone signs in on /login/ instead.
admin.site.login = login_required(admin.site.login)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    re_path(r"^api/", not_found),  # the API's JSON 404 for any path no endpoint above matched
    path("", include("web.urls")),
]

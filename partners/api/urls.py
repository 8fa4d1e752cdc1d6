from django.urls import path

from partners.api import endpoints


def register(router):
    router.register("partners", endpoints.PartnerViewSet, basename="partner")
    router.register("customers", endpoints.CustomerViewSet, basename="customer")


extra_urlpatterns = [
    path("auth/token/", endpoints.TokenView.as_view(), name="api-token"),
    path("me/", endpoints.MeView.as_view(), name="api-me"),
]

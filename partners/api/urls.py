from django.urls import path

from partners.api import views


def register(router):
    router.register("partners", views.PartnerViewSet, basename="partner")
    router.register("customers", views.CustomerViewSet, basename="customer")


extra_urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
]

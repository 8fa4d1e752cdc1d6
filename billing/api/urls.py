"""This app's API routes; config/api_urls.py collects every app's."""

from django.urls import path

from billing.api import views_invoices, views_policy, views_statements, views_subscriptions


def register(router):
    router.register(
        "subscriptions", views_subscriptions.SubscriptionViewSet, basename="subscription"
    )
    router.register(
        "suspension-requests",
        views_subscriptions.SuspensionRequestViewSet,
        basename="suspension-request",
    )
    router.register("invoices", views_invoices.InvoiceViewSet, basename="invoice")
    router.register("statements", views_statements.StatementViewSet, basename="statement")


extra_urlpatterns = [
    path(
        "collections-policy/",
        views_policy.CollectionsPolicyView.as_view(),
        name="api-collections-policy",
    ),
    path("exposure/", views_statements.ExposureView.as_view(), name="api-exposure"),
]

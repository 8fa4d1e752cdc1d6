"""This app's API routes; config/api_urls.py collects every app's."""

from django.urls import path

from billing.api import credits, invoices, policy, statements, subscriptions, webhooks


def register(router):
    router.register("subscriptions", subscriptions.SubscriptionViewSet, basename="subscription")
    router.register(
        "suspension-requests",
        subscriptions.SuspensionRequestViewSet,
        basename="suspension-request",
    )
    router.register("invoices", invoices.InvoiceViewSet, basename="invoice")
    router.register("credit-notes", credits.CreditNoteViewSet, basename="credit-note")
    router.register(
        "webhook-deliveries", webhooks.WebhookDeliveryViewSet, basename="webhook-delivery"
    )
    router.register("statements", statements.StatementViewSet, basename="statement")


extra_urlpatterns = [
    path(
        "collections-policy/",
        policy.CollectionsPolicyView.as_view(),
        name="api-collections-policy",
    ),
    path("exposure/", statements.ExposureView.as_view(), name="api-exposure"),
    path(
        "webhooks/payments/<slug:slug>/",
        webhooks.PaymentWebhookView.as_view(),
        name="api-payment-webhook",
    ),
    path(
        "partners/<int:pk>/webhook-secret/",
        webhooks.WebhookSecretView.as_view(),
        name="api-webhook-secret",
    ),
]

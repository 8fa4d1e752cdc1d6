"""This app's web routes (server-rendered pages): the public policy page, the partner portal's
billing pages and the operator console's statements and subscriptions."""

from django.urls import path

from billing import views, views_console, views_invoices, views_policy, views_statements, views_subscriptions

urlpatterns = [
    path("p/<slug:slug>/collections-policy/", views.collections_policy_page, name="collections-policy"),
    # Partner portal
    path("invoices/", views_invoices.invoice_list, name="invoice-list"),
    path("invoices/<int:pk>/", views_invoices.invoice_detail, name="invoice-detail"),
    path("invoices/<int:pk>/payments/", views_invoices.invoice_payment, name="invoice-payment"),
    path("invoices/<int:pk>/void/", views_invoices.invoice_void, name="invoice-void"),
    path("invoices/<int:pk>/write-off/", views_invoices.invoice_write_off, name="invoice-write-off"),
    path("subscriptions/", views_subscriptions.subscription_list, name="subscription-list"),
    # This exact path is in the customer and partner e-mails (billing.links.subscription_url).
    path("subscriptions/<int:pk>/", views_subscriptions.subscription_detail, name="subscription-detail"),
    path("subscriptions/<int:pk>/suspend/", views_subscriptions.subscription_suspend, name="subscription-suspend"),
    path("subscriptions/<int:pk>/reactivate/", views_subscriptions.subscription_reactivate, name="subscription-reactivate"),
    path("subscriptions/<int:pk>/cancel/", views_subscriptions.subscription_cancel, name="subscription-cancel"),
    path("subscriptions/ready-to-suspend/", views_subscriptions.suspension_queue, name="subscription-queue"),
    path("subscriptions/ready-to-suspend/<int:pk>/suspend/", views_subscriptions.suspension_queue_suspend,
         name="subscription-queue-suspend"),
    path("subscriptions/ready-to-suspend/<int:pk>/dismiss/", views_subscriptions.suspension_queue_dismiss,
         name="subscription-queue-dismiss"),
    path("policy/", views_policy.policy_edit, name="policy-edit"),
    path("policy/versions/", views_policy.policy_history, name="policy-history"),
    path("statements/", views_statements.statement_list, name="statement-list"),
    path("statements/<int:pk>/", views_statements.statement_detail, name="statement-detail"),
    path("statements/<int:pk>/pay/", views_statements.statement_pay, name="statement-pay"),
    path("exposure/", views_statements.exposure, name="statement-exposure"),
    # Operator console
    path("ops/statements/", views_console.statement_list, name="console-statement-list"),
    path("ops/statements/new/", views_console.statement_create, name="console-statement-create"),
    path("ops/statements/<int:pk>/", views_console.statement_detail, name="console-statement-detail"),
    path("ops/statements/<int:pk>/confirm/", views_console.statement_confirm, name="console-statement-confirm"),
    path("ops/subscriptions/", views_console.subscription_list, name="console-subscription-list"),
    path("ops/subscriptions/<int:pk>/", views_console.subscription_detail, name="console-subscription-detail"),
    path("ops/subscriptions/<int:pk>/suspend/", views_console.subscription_suspend, name="console-subscription-suspend"),
    path("ops/subscriptions/<int:pk>/lift/", views_console.subscription_lift, name="console-subscription-lift"),
]

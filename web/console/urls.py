"""The operator console: escalations across partners, partners, statements, subscriptions."""

from django.urls import path

from web.console import billing, escalations, partners

urlpatterns = [
    path("ops/", partners.partner_list, name="console-partner-list"),
    path("ops/partners/new/", partners.partner_create, name="console-partner-create"),
    path("ops/partners/<int:pk>/", partners.partner_detail, name="console-partner-detail"),
    path("ops/partners/<int:pk>/edit/", partners.partner_edit, name="console-partner-edit"),
    path("ops/escalations/", escalations.escalation_list, name="console-escalation-list"),
    path(
        "ops/escalations/<int:pk>/", escalations.escalation_detail, name="console-escalation-detail"
    ),
    path(
        "ops/escalations/<int:pk>/invoice/",
        escalations.escalation_invoice,
        name="console-escalation-invoice",
    ),
    path(
        "ops/escalations/<int:pk>/<slug:action>/",
        escalations.escalation_action,
        name="console-escalation-action",
    ),
    path("ops/statements/", billing.statement_list, name="console-statement-list"),
    path("ops/statements/new/", billing.statement_create, name="console-statement-create"),
    path("ops/statements/<int:pk>/", billing.statement_detail, name="console-statement-detail"),
    path(
        "ops/statements/<int:pk>/confirm/",
        billing.statement_confirm,
        name="console-statement-confirm",
    ),
    path("ops/subscriptions/", billing.subscription_list, name="console-subscription-list"),
    path(
        "ops/subscriptions/<int:pk>/",
        billing.subscription_detail,
        name="console-subscription-detail",
    ),
    path(
        "ops/subscriptions/<int:pk>/suspend/",
        billing.subscription_suspend,
        name="console-subscription-suspend",
    ),
    path(
        "ops/subscriptions/<int:pk>/lift/",
        billing.subscription_lift,
        name="console-subscription-lift",
    ),
]

"""The partner portal's pages. Paths are part of the product: e-mails link to them."""

from django.urls import path

from web.portal import (
    activity,
    canned,
    customers,
    dashboard,
    imports,
    inbound,
    invoices,
    people,
    policy,
    queue,
    records,
    reports,
    search,
    statements,
    subscriptions,
    ticket,
    tickets,
    webhooks,
    working_hours,
)

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("search/", search.search, name="search"),
    path("reports/", reports.reports, name="reports"),
    path("activity/<int:pk>/open/", activity.activity_open, name="activity-open"),
    path("activity/read-all/", activity.activity_read_all, name="activity-read-all"),
    path("customers/", customers.customer_list, name="customer-list"),
    path("customers/new/", people.customer_create, name="customer-create"),
    path("customers/<int:pk>/", customers.customer_detail, name="customer-detail"),
    path("customers/<int:pk>/edit/", people.customer_edit, name="customer-edit"),
    path(
        "customers/<int:pk>/subscriptions/new/",
        records.subscription_create,
        name="subscription-create",
    ),
    path(
        "customers/<int:pk>/contacts/",
        customers.customer_contact_add,
        name="customer-contact-add",
    ),
    path(
        "customers/<int:pk>/contacts/<int:contact_pk>/remove/",
        customers.customer_contact_remove,
        name="customer-contact-remove",
    ),
    path("members/", people.member_list, name="member-list"),
    path("imports/", imports.import_list, name="import-list"),
    path("imports/<int:pk>/", imports.import_detail, name="import-detail"),
    path("canned-replies/", canned.canned_reply_list, name="canned-reply-list"),
    path("canned-replies/new/", canned.canned_reply_create, name="canned-reply-create"),
    path("canned-replies/<int:pk>/", canned.canned_reply_edit, name="canned-reply-edit"),
    path(
        "canned-replies/<int:pk>/delete/", canned.canned_reply_delete, name="canned-reply-delete"
    ),
    path("tickets/", tickets.ticket_list, name="ticket-list"),
    path("tickets/new/", tickets.ticket_create, name="ticket-create"),
    path("tickets/bulk/", queue.ticket_bulk, name="ticket-bulk"),
    path("tickets/views/", queue.saved_view_save, name="saved-view-save"),
    path("tickets/views/<int:pk>/remove/", queue.saved_view_remove, name="saved-view-remove"),
    # linked from member e-mails
    path("tickets/<int:pk>/", ticket.ticket_detail, name="ticket-detail"),
    path("tickets/<int:pk>/<slug:action>/", ticket.ticket_action, name="ticket-action"),
    path("inbound/", inbound.inbound_list, name="inbound-list"),
    path("inbound/<int:pk>/<slug:action>/", inbound.inbound_action, name="inbound-action"),
    path("invoices/", invoices.invoice_list, name="invoice-list"),
    path("invoices/new/", records.invoice_create, name="invoice-create"),
    path("invoices/<int:pk>/", invoices.invoice_detail, name="invoice-detail"),
    path("invoices/<int:pk>/payments/", invoices.invoice_payment, name="invoice-payment"),
    path("invoices/<int:pk>/void/", invoices.invoice_void, name="invoice-void"),
    path("invoices/<int:pk>/credit/", invoices.invoice_credit, name="invoice-credit"),
    path("settings/payment-webhook/", webhooks.payment_webhook, name="payment-webhook"),
    path("settings/working-hours/", working_hours.working_hours, name="working-hours"),
    path(
        "settings/payment-webhook/rotate/",
        webhooks.payment_webhook_rotate,
        name="payment-webhook-rotate",
    ),
    path("invoices/<int:pk>/write-off/", invoices.invoice_write_off, name="invoice-write-off"),
    path("subscriptions/", subscriptions.subscription_list, name="subscription-list"),
    # This exact path is in the customer and partner e-mails (billing.links.subscription_url).
    path("subscriptions/<int:pk>/", subscriptions.subscription_detail, name="subscription-detail"),
    path("subscriptions/<int:pk>/edit/", records.subscription_edit, name="subscription-edit"),
    path(
        "subscriptions/<int:pk>/suspend/",
        subscriptions.subscription_suspend,
        name="subscription-suspend",
    ),
    path(
        "subscriptions/<int:pk>/reactivate/",
        subscriptions.subscription_reactivate,
        name="subscription-reactivate",
    ),
    path(
        "subscriptions/<int:pk>/cancel/",
        subscriptions.subscription_cancel,
        name="subscription-cancel",
    ),
    path(
        "subscriptions/ready-to-suspend/", subscriptions.suspension_queue, name="subscription-queue"
    ),
    path(
        "subscriptions/ready-to-suspend/<int:pk>/suspend/",
        subscriptions.suspension_queue_suspend,
        name="subscription-queue-suspend",
    ),
    path(
        "subscriptions/ready-to-suspend/<int:pk>/dismiss/",
        subscriptions.suspension_queue_dismiss,
        name="subscription-queue-dismiss",
    ),
    path("policy/", policy.policy_edit, name="policy-edit"),
    path("policy/versions/", policy.policy_history, name="policy-history"),
    path("statements/", statements.statement_list, name="statement-list"),
    path("statements/<int:pk>/", statements.statement_detail, name="statement-detail"),
    path("statements/<int:pk>/pay/", statements.statement_pay, name="statement-pay"),
    path("exposure/", statements.exposure, name="statement-exposure"),
]

"""This app's web routes (server-rendered pages): the partner's dashboard, queue and ticket page,
the operator's escalation queue, and the customer's status page."""

from django.urls import path

from tickets import views_console, views_customers, views_dashboard, views_queue, views_status, views_ticket

urlpatterns = [
    path("", views_dashboard.home, name="home"),
    # Partner portal
    path("customers/", views_customers.customer_list, name="customer-list"),
    path("customers/<int:pk>/", views_customers.customer_detail, name="customer-detail"),
    path("tickets/", views_queue.ticket_list, name="ticket-list"),
    path("tickets/new/", views_queue.ticket_create, name="ticket-create"),
    path("tickets/<int:pk>/", views_ticket.ticket_detail, name="ticket-detail"),  # linked from member e-mails
    path("tickets/<int:pk>/<slug:action>/", views_ticket.ticket_action, name="ticket-action"),
    # Operator console
    path("ops/escalations/", views_console.escalation_list, name="console-escalation-list"),
    path("ops/escalations/<int:pk>/", views_console.escalation_detail, name="console-escalation-detail"),
    path("ops/escalations/<int:pk>/<slug:action>/", views_console.escalation_action, name="console-escalation-action"),
    # The customer's status page (the secret link in every e-mail)
    path("status/<str:token>/", views_status.status_page, name="ticket-status"),
    path("status/<str:token>/reply/", views_status.status_reply, name="ticket-status-reply"),
    path("status/<str:token>/confirm/", views_status.status_confirm, name="ticket-status-confirm"),
    path("status/<str:token>/reject/", views_status.status_reject, name="ticket-status-reject"),
    path("status/<str:token>/files/<int:pk>/", views_status.status_attachment, name="ticket-status-file"),
]

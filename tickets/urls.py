"""This app's web routes (server-rendered pages): the customer's status page."""

from django.urls import path

from tickets import views_status

urlpatterns = [
    path("status/<str:token>/", views_status.status_page, name="ticket-status"),
    path("status/<str:token>/reply/", views_status.status_reply, name="ticket-status-reply"),
    path("status/<str:token>/confirm/", views_status.status_confirm, name="ticket-status-confirm"),
    path("status/<str:token>/reject/", views_status.status_reject, name="ticket-status-reject"),
    path("status/<str:token>/files/<int:pk>/", views_status.status_attachment, name="ticket-status-file"),
]

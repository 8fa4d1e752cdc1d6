"""This app's API routes; config/api_urls.py collects every app's."""

from django.urls import path

from tickets.api.attachments import AttachmentDownloadView
from tickets.api.canned import CannedReplyViewSet
from tickets.api.escalations import EscalationViewSet
from tickets.api.reports import ReportView
from tickets.api.tickets import TicketViewSet


def register(router):
    router.register("tickets", TicketViewSet, basename="ticket")
    router.register("escalations", EscalationViewSet, basename="escalation")
    router.register("canned-replies", CannedReplyViewSet, basename="canned-reply")


extra_urlpatterns = [
    path(
        "attachments/<int:pk>/download/",
        AttachmentDownloadView.as_view(),
        name="api-attachment-download",
    ),
    path("reports/<slug:name>/", ReportView.as_view(), name="api-report"),
]

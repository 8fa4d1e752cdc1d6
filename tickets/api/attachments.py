"""Downloading an attachment: only for who may read its message, always as a download."""

from django.http import FileResponse, Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from core.api.base import ActorMixin
from core.api.permissions import IsOperatorOrPartnerUser
from tickets import selectors


class AttachmentDownloadView(ActorMixin, APIView):
    permission_classes = [IsOperatorOrPartnerUser]

    @extend_schema(
        summary="Download an attachment (Content-Disposition: attachment)",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file."),
            404: OpenApiResponse(description="Not yours, or on a message you may not read."),
        },
    )
    def get(self, request, pk):
        attachment = selectors.attachment_for(actor=self.actor, pk=pk)
        if attachment is None:
            raise Http404
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )

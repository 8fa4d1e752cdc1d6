"""``/api/partners/{id}/mailbox/``: a partner's own IMAP mailbox. Read by the partner's users and
the operator, set and removed by the partner's admin or the operator (the service decides); the
password is write-only."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ActorMixin, validated
from core.api.permissions import IsOperatorOrPartnerUser
from mailgate.models import PartnerMailbox
from mailgate.services import partner_mailbox_remove, partner_mailbox_set
from partners.models import Partner


class MailboxInput(serializers.Serializer):
    host = serializers.CharField(max_length=253)
    port = serializers.IntegerField(min_value=1, max_value=65535, default=993)
    user = serializers.CharField(max_length=254)
    password = serializers.CharField(
        max_length=254,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Required the first time; blank or absent keeps the one set.",
    )
    folder = serializers.CharField(max_length=200, default="INBOX")
    done_folder = serializers.CharField(max_length=200, default="", allow_blank=True)
    ssl = serializers.BooleanField(default=True)
    active = serializers.BooleanField(default=True)


class MailboxOutput(serializers.ModelSerializer):
    password_set = serializers.SerializerMethodField()

    class Meta:
        model = PartnerMailbox
        fields = [
            "host",
            "port",
            "user",
            "folder",
            "done_folder",
            "ssl",
            "active",
            "password_set",
            "updated_at",
        ]

    def get_password_set(self, mailbox) -> bool:
        return bool(mailbox.password)


class PartnerMailboxView(ActorMixin, APIView):
    permission_classes = [IsOperatorOrPartnerUser]

    def _partner(self, pk):
        return Partner.objects.for_actor(self.actor).filter(pk=pk).first()

    @extend_schema(responses={200: MailboxOutput})
    def get(self, request, pk):
        partner = self._partner(pk)
        mailbox = partner and PartnerMailbox.objects.filter(partner=partner).first()
        if mailbox is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        return Response(MailboxOutput(mailbox).data)

    @extend_schema(request=MailboxInput, responses={200: MailboxOutput})
    def put(self, request, pk):
        partner = self._partner(pk)
        if partner is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        mailbox = partner_mailbox_set(
            actor=self.actor, partner=partner, **validated(MailboxInput, request.data)
        )
        return Response(MailboxOutput(mailbox).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk):
        partner = self._partner(pk)
        if partner is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        partner_mailbox_remove(actor=self.actor, partner=partner)
        return Response(status=status.HTTP_204_NO_CONTENT)

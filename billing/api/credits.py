"""Credit notes: the list (partner users: their own; the operator: all) and a partner admin's
credit on one invoice (``POST /api/invoices/{id}/credit-notes/``, in ``billing.api.invoices``)."""

from decimal import Decimal

from rest_framework import serializers, viewsets

from billing.models import CreditNote
from core.api.base import ActorMixin
from core.api.permissions import IsOperatorOrPartnerUser

MONEY = dict(max_digits=14, decimal_places=2)


class CreditNoteOutput(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY)
    unapplied = serializers.DecimalField(**MONEY)
    escalation = serializers.IntegerField(source="escalation_id", allow_null=True)

    class Meta:
        model = CreditNote
        fields = [
            "id",
            "customer",
            "invoice",
            "amount",
            "currency",
            "reason",
            "escalation",
            "source",
            "unapplied",
            "created_at",
        ]


class CreditNoteInput(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY, min_value=Decimal("0.01"))
    reason = serializers.CharField(max_length=2000)


class CreditNoteViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CreditNoteOutput
    permission_classes = [IsOperatorOrPartnerUser]
    ordering_fields = ["created_at", "id", "amount"]

    def get_queryset(self):
        return CreditNote.objects.for_actor(self.actor).order_by("-created_at", "-id")

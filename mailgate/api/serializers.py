from rest_framework import serializers

from core.api.fields import IdField
from mailgate.models import InboundEmail
from tickets.models import Category


class InboundEmailOutput(serializers.ModelSerializer):
    # "from" is a Python keyword: the field is declared under it by get_fields.
    to = serializers.CharField(source="recipients")

    class Meta:
        model = InboundEmail
        fields = ["id", "to", "subject", "received_at", "status", "reason", "ticket"]

    def get_fields(self):
        fields = super().get_fields()
        return {"id": fields.pop("id"), "from": serializers.CharField(source="sender"), **fields}


class AttachInput(serializers.Serializer):
    ticket = IdField()


class CreateTicketInput(serializers.Serializer):
    customer = IdField()
    category = serializers.ChoiceField(choices=Category.choices, default=Category.BILLING_QUESTION)

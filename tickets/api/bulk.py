"""``POST /api/tickets/bulk/``: what it takes and what it answers."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import IdField
from tickets.models import Priority
from tickets.services.bulk import BULK_ACTIONS, BULK_LIMIT

NEEDS = {"assign": "assignee", "set_priority": "priority", "wait_on_customer": "body"}


class BulkInput(serializers.Serializer):
    ids = serializers.ListField(child=IdField(), min_length=1, max_length=BULK_LIMIT)
    action = serializers.ChoiceField(choices=sorted(BULK_ACTIONS))
    assignee = IdField(
        required=False, allow_null=True, help_text="assign: a member's user id, or null"
    )
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    body = serializers.CharField(required=False, help_text="wait_on_customer: the question")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="close: why")

    def validate(self, data):
        needed = NEEDS.get(data["action"])
        if needed and needed not in data:
            raise serializers.ValidationError({needed: [_("This field is required.")]})
        return data


class BulkResult(serializers.Serializer):
    id = serializers.IntegerField()
    ok = serializers.BooleanField()
    error = serializers.CharField(allow_blank=True)


class BulkOutput(serializers.Serializer):
    results = BulkResult(many=True)

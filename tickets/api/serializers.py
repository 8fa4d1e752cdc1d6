"""Explicit input and output shapes of the tickets API (SPEC §6)."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import IdField
from tickets.models import (
    Attachment,
    CannedReply,
    Category,
    Escalation,
    Message,
    Outcome,
    Priority,
    Ticket,
    Visibility,
)
from tickets.selectors.sla import sla_clocks
from tickets.services.canned import FIELDS as CANNED_TRANSLATIONS
from tickets.services.emails import status_url

TEXT = dict(max_length=20000, trim_whitespace=True)


class ErrorOutput(serializers.Serializer):
    code = serializers.ChoiceField(choices=["invalid_transition", "policy_violation"])
    detail = serializers.CharField()


class TicketOutput(serializers.ModelSerializer):
    class Meta:
        model = Ticket
        fields = [
            "id",
            "customer",
            "subscription",
            "invoice",
            "category",
            "subject",
            "description",
            "priority",
            "channel",
            "status",
            "assignee",
            "created_at",
            "updated_at",
            "first_response_due",
            "resolution_due",
            "close_loop_due",
        ]


TICKET_DATETIMES = frozenset(
    name for name in TicketOutput.Meta.fields if name.endswith(("_at", "_due"))
)


def _iso(value, zone) -> str | None:
    """What DRF's DateTimeField renders (ISO 8601 in the current time zone, UTC as "Z")."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def ticket_rows(rows) -> list[dict]:
    """``TicketOutput`` for ``.values(*TicketOutput.Meta.fields)`` rows, without a field object per
    value.
    """
    zone = timezone.get_current_timezone()
    return [
        {key: _iso(value, zone) if key in TICKET_DATETIMES else value for key, value in row.items()}
        for row in rows
    ]


# TicketOutput's fields as the model's attributes (a reference is its id, as in the JSON).
TICKET_ATTRIBUTES = {
    name: Ticket._meta.get_field(name).attname for name in TicketOutput.Meta.fields
}


def ticket_output(ticket: Ticket) -> dict:
    """``TicketOutput(ticket).data`` without building a serializer and its sixteen fields for one
    ticket (DRF builds them anew for every instance): the answer of every ticket action."""
    row = {name: getattr(ticket, attr) for name, attr in TICKET_ATTRIBUTES.items()}
    return ticket_rows([row])[0]


class AttachmentOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "filename", "content_type", "size", "url"]

    def get_url(self, obj) -> str:
        return reverse("api-attachment-download", args=[obj.pk])


class MessageOutput(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    attachments = AttachmentOutput(many=True, read_only=True)

    class Meta:
        model = Message
        fields = [
            "id",
            "ticket",
            "author",
            "author_name",
            "author_kind",
            "visibility",
            "body",
            "created_at",
            "attachments",
        ]

    def get_author_name(self, obj) -> str:
        return obj.author.get_username() if obj.author else ""


class EscalationBrief(serializers.ModelSerializer):
    class Meta:
        model = Escalation
        fields = ["id", "status", "outcome", "created_at"]


class SlaClockOutput(serializers.Serializer):
    """One SLA clock in the partner's working calendar; ``text`` in the reader's language."""

    name = serializers.ChoiceField(choices=["first_response", "resolution", "close_loop"])
    state = serializers.ChoiceField(choices=["met", "none", "paused", "breached", "soon", "ok"])
    due = serializers.DateTimeField(allow_null=True)
    met_at = serializers.DateTimeField(allow_null=True)
    working_seconds_left = serializers.IntegerField(allow_null=True)
    working_seconds_over = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()


class TicketDetailOutput(TicketOutput):
    status_url = serializers.SerializerMethodField()
    sla = serializers.SerializerMethodField()
    messages = MessageOutput(many=True, source="visible_messages", read_only=True)
    escalations = EscalationBrief(many=True, source="all_escalations", read_only=True)

    class Meta(TicketOutput.Meta):
        fields = TicketOutput.Meta.fields + [
            "status_url",
            "sla",
            "first_responded_at",
            "resolved_at",
            "closed_at",
            "escalations",
            "messages",
        ]

    def get_status_url(self, obj) -> str:
        return status_url(obj)

    @extend_schema_field(SlaClockOutput(many=True))
    def get_sla(self, obj) -> list:
        clocks = sla_clocks(obj, now=timezone.now(), calendar=obj.partner.calendar)
        for clock in clocks:
            for key in ("left", "over"):
                amount = clock.pop(key)
                clock[f"working_seconds_{key}"] = (
                    None if amount is None else int(amount.total_seconds())
                )
        return SlaClockOutput(clocks, many=True).data


class TicketCreateInput(serializers.Serializer):
    customer = IdField()
    subscription = IdField(required=False, allow_null=True, default=None)
    invoice = IdField(required=False, allow_null=True, default=None)
    category = serializers.ChoiceField(choices=Category.choices)
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField(**TEXT)
    priority = serializers.ChoiceField(
        choices=Priority.choices, required=False, default=Priority.NORMAL
    )
    assignee = IdField(required=False, allow_null=True, default=None)


class TicketUpdateInput(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    invoice = IdField(required=False, allow_null=True)


class MessageInput(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, default="", **TEXT)
    visibility = serializers.ChoiceField(
        choices=Visibility.choices, required=False, default=Visibility.PUBLIC
    )
    canned_reply = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A canned reply's id: its body, in the customer's language.",
    )
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="Attachments (multipart/form-data).",
    )


class BodyInput(serializers.Serializer):
    body = serializers.CharField(**TEXT)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class EscalateInput(serializers.Serializer):
    summary = serializers.CharField(**TEXT)
    steps_taken = serializers.CharField(help_text="What the partner already did; required.", **TEXT)


class ResolveInput(serializers.Serializer):
    resolution = serializers.CharField(
        help_text="Sent to the customer as a public message and e-mail.", **TEXT
    )


class TicketReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", **TEXT)


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(**TEXT)


class AssignInput(serializers.Serializer):
    assignee = IdField(allow_null=True, help_text="A member's user id, or null to unassign.")


class EscalationOutput(serializers.ModelSerializer):
    class Meta:
        model = Escalation
        fields = [
            "id",
            "ticket",
            "partner",
            "status",
            "summary",
            "steps_taken",
            "outcome",
            "response",
            "credit_amount",
            "created_at",
            "updated_at",
            "operator_assignee",
            "resolved_at",
        ]


class EscalationDetailOutput(EscalationOutput):
    subject = serializers.CharField(source="ticket.subject", read_only=True)
    category = serializers.CharField(source="ticket.category", read_only=True)
    customer_name = serializers.CharField(source="ticket.customer.name", read_only=True)
    invoice = serializers.IntegerField(source="ticket.invoice_id", read_only=True, allow_null=True)
    messages = MessageOutput(many=True, source="ticket.visible_messages", read_only=True)

    class Meta(EscalationOutput.Meta):
        fields = EscalationOutput.Meta.fields + [
            "subject",
            "category",
            "customer_name",
            "invoice",
            "messages",
        ]


class RequestInfoInput(serializers.Serializer):
    question = serializers.CharField(**TEXT)


class EscalationResolveInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    response = serializers.CharField(**TEXT)
    credit_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )


class CannedReplyOutput(serializers.ModelSerializer):
    missing_languages = serializers.SerializerMethodField(
        help_text="Languages with no text yet (agents writing to such a customer send English); "
        "the same list as the canned replies page."
    )

    class Meta:
        model = CannedReply
        fields = ["id", "title", "body", *CANNED_TRANSLATIONS, "missing_languages"]

    def get_missing_languages(self, reply) -> list[str]:
        return reply.missing_languages()


def _canned_input_fields():
    """English ``title``/``body`` required; ``title_<lang>``/``body_<lang>`` optional for the
    others.
    """
    fields = {"title": serializers.CharField(max_length=120), "body": serializers.CharField(**TEXT)}
    optional = dict(required=False, allow_blank=True, allow_null=True)
    for name in CANNED_TRANSLATIONS:
        if not name.endswith("_en"):
            size = {"max_length": 120} if name.startswith("title") else TEXT
            fields[name] = serializers.CharField(**size, **optional)
    return fields


CannedReplyInput = type("CannedReplyInput", (serializers.Serializer,), _canned_input_fields())

"""Explicit input and output shapes of the billing API (SPEC §6): money as decimal strings, dates as
YYYY-MM-DD, references as ids."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from billing import links
from billing import policy as rules
from billing.api.credits import CreditNoteOutput
from billing.models import (
    CollectionsPolicy,
    Invoice,
    Payment,
    Statement,
    StepAction,
    Subscription,
    SuspensionReason,
    SuspensionRequest,
)
from billing.reconciliation import Reconciliation
from billing.selectors.reconciliation import statement_reconciliation
from core.api.fields import IdField
from core.validators import date_in_range

MONEY = dict(max_digits=14, decimal_places=2)
AMOUNT = dict(**MONEY, min_value=Decimal("0.01"))
CURRENCY = dict(max_length=3, min_length=3, default="CNY", required=False)


def _currency_valid(value: str) -> str:
    if not (value.isascii() and value.isalpha() and value.isupper()):
        raise serializers.ValidationError(_("A three-letter ISO 4217 code in capitals, e.g. CNY."))
    return value


class SubscriptionOutput(serializers.ModelSerializer):
    class Meta:
        model = Subscription
        fields = [
            "id",
            "customer",
            "offer",
            "quantity",
            "status",
            "suspension_reasons",
            "suspended_at",
            "data_deletion_at",
            "external_id",
        ]


EXTERNAL_ID = dict(required=False, allow_blank=True, max_length=100)
QUANTITY = dict(min_value=1, max_value=2**31 - 1)  # what the positive integer column holds


class SubscriptionInput(serializers.Serializer):
    customer = IdField()
    offer = serializers.CharField(max_length=200)
    quantity = serializers.IntegerField(required=False, default=1, **QUANTITY)
    external_id = serializers.CharField(default="", **EXTERNAL_ID)


class SubscriptionUpdateInput(serializers.Serializer):
    """What a partner admin may change; the status moves only through the actions."""

    offer = serializers.CharField(required=False, max_length=200)
    quantity = serializers.IntegerField(required=False, **QUANTITY)
    external_id = serializers.CharField(**EXTERNAL_ID)


class SuspendInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=SuspensionReason.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)


class SuspensionCheckOutput(serializers.Serializer):
    allowed = serializers.BooleanField()
    reason = serializers.CharField()
    allowed_from = serializers.DateField(allow_null=True)
    invoice = serializers.IntegerField(source="invoice_id", allow_null=True)


class InvoiceOutput(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY)
    amount_paid = serializers.DecimalField(**MONEY)
    amount_credited = serializers.DecimalField(**MONEY)
    balance = serializers.DecimalField(**MONEY)
    days_overdue = serializers.SerializerMethodField()
    frozen = serializers.BooleanField()

    class Meta:
        model = Invoice
        fields = [
            "id",
            "customer",
            "subscription",
            "number",
            "amount",
            "amount_paid",
            "amount_credited",
            "currency",
            "issue_date",
            "due_date",
            "status",
            "status_reason",
            "balance",
            "days_overdue",
            "frozen",
        ]

    def get_days_overdue(self, invoice) -> int:
        return invoice.days_overdue(self.context.get("today") or timezone.localdate())


class InvoiceInput(serializers.Serializer):
    customer = IdField()
    subscription = IdField(required=False, allow_null=True, default=None)
    number = serializers.CharField(max_length=40)
    amount = serializers.DecimalField(**AMOUNT)
    currency = serializers.CharField(validators=[_currency_valid], **CURRENCY)
    issue_date = serializers.DateField(validators=[date_in_range])
    due_date = serializers.DateField(validators=[date_in_range])


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PaymentInput(serializers.Serializer):
    amount = serializers.DecimalField(**AMOUNT)
    date = serializers.DateField(validators=[date_in_range])
    reference = serializers.CharField(required=False, default="", allow_blank=True, max_length=100)


class PaymentOutput(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY)

    class Meta:
        model = Payment
        fields = ["id", "invoice", "amount", "date", "reference"]


class StepSerializer(serializers.Serializer):
    after_days = serializers.IntegerField(min_value=1, max_value=rules.MAX_DAYS)
    action = serializers.ChoiceField(choices=StepAction.choices)


def _description_fields():
    return {
        name: serializers.CharField(
            required=False,
            allow_blank=True,
            allow_null=True,
            default=None,
            help_text="Left out or empty: readers of this language get the English text.",
        )
        for name in rules.description_fields()
    }


# One optional description field per language (description_en, description_zh_hans, ...).
PolicyInput = type(serializers.Serializer)(
    "PolicyInput",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "steps": StepSerializer(many=True, allow_empty=False),
        "auto_suspend": serializers.BooleanField(),
        **_description_fields(),
    },
)


class PolicyOutput(serializers.ModelSerializer):
    steps = StepSerializer(many=True)
    description = serializers.CharField(
        help_text="In the request's language, falling back to English."
    )
    public_url = serializers.SerializerMethodField()
    published = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="null while the policy was never saved"
    )

    class Meta:
        model = CollectionsPolicy
        fields = [
            "version",
            "published",
            "steps",
            "auto_suspend",
            "description",
            *rules.description_fields(),
            "created_at",
            "public_url",
        ]

    def get_public_url(self, policy) -> str:
        return links.policy_url(policy.partner.slug, policy.version if policy.pk else None)

    def get_published(self, policy) -> bool:
        return policy.pk is not None


RECONCILED = serializers.DecimalField(**MONEY, allow_null=True)


class StatementOutput(serializers.ModelSerializer):
    """A statement, and how it compares with the operator's charge lines of its number (the
    reconciliation file): ``reconciled_total`` (null: no line yet), ``reconciliation`` and the
    ``difference`` (lines less statement; null without lines)."""

    amount = serializers.DecimalField(**MONEY)
    reconciled_total = serializers.SerializerMethodField()
    reconciliation = serializers.SerializerMethodField()
    difference = serializers.SerializerMethodField()

    class Meta:
        model = Statement
        fields = [
            "id",
            "partner",
            "number",
            "amount",
            "currency",
            "due_date",
            "status",
            "payment_reference",
            "payment_reported_at",
            "paid_at",
            "reconciled_total",
            "reconciliation",
            "difference",
        ]

    @extend_schema_field(RECONCILED)
    def get_reconciled_total(self, statement) -> str | None:
        return _money_or_none(statement_reconciliation(statement)["reconciled_total"])

    @extend_schema_field(serializers.ChoiceField(choices=Reconciliation.CHOICES))
    def get_reconciliation(self, statement) -> str:
        return statement_reconciliation(statement)["reconciliation"]

    @extend_schema_field(RECONCILED)
    def get_difference(self, statement) -> str | None:
        return _money_or_none(statement_reconciliation(statement)["difference"])


def _money_or_none(value) -> str | None:
    return None if value is None else RECONCILED.to_representation(value)


class StatementInput(serializers.Serializer):
    partner = IdField()
    number = serializers.CharField(max_length=40)
    amount = serializers.DecimalField(**AMOUNT)
    currency = serializers.CharField(validators=[_currency_valid], **CURRENCY)
    due_date = serializers.DateField(validators=[date_in_range])


class StatementPayInput(serializers.Serializer):
    reference = serializers.CharField(max_length=100)


class SuspensionRequestOutput(serializers.ModelSerializer):
    class Meta:
        model = SuspensionRequest
        fields = ["id", "customer", "invoice", "created_at", "resolved_at", "resolution"]


class ReceivableOutput(serializers.Serializer):
    currency = serializers.CharField()
    not_due = serializers.DecimalField(**MONEY)
    buckets = serializers.DictField(child=serializers.DecimalField(**MONEY))
    disputed = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)


class PayableOutput(serializers.Serializer):
    currency = serializers.CharField()
    statements = serializers.DecimalField(**MONEY)
    credited = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    next_due_date = serializers.DateField()


class OpenStatementOutput(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY)
    payment_reported = serializers.SerializerMethodField()
    reconciled_total = serializers.SerializerMethodField()
    reconciliation = serializers.SerializerMethodField()
    difference = serializers.SerializerMethodField()

    class Meta:
        model = Statement
        fields = [
            "id",
            "number",
            "amount",
            "currency",
            "due_date",
            "payment_reported",
            "reconciled_total",
            "reconciliation",
            "difference",
        ]

    get_reconciled_total = StatementOutput.get_reconciled_total
    get_reconciliation = StatementOutput.get_reconciliation
    get_difference = StatementOutput.get_difference

    def get_payment_reported(self, statement) -> bool:
        return statement.payment_reported_at is not None


class PeriodOutput(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class CustomerBillingOutput(serializers.Serializer):
    """One customer in one currency for the period: what the operator billed the partner for it
    (its charge lines; null: nothing) beside what the partner invoiced it (null: nothing)."""

    customer = serializers.IntegerField(source="customer_id")
    customer_name = serializers.CharField()
    currency = serializers.CharField()
    billed = serializers.DecimalField(**MONEY, allow_null=True)
    invoiced = serializers.DecimalField(**MONEY, allow_null=True)
    margin = serializers.DecimalField(**MONEY)


class ExposureInput(serializers.Serializer):
    period = serializers.DateField(
        required=False,
        input_formats=["%Y-%m"],
        help_text="A month, YYYY-MM; without it, the month of the latest charge line.",
    )


class ExposureOutput(serializers.Serializer):
    as_of = serializers.DateField()
    receivables = ReceivableOutput(many=True)
    open_statements = OpenStatementOutput(many=True)
    payable = PayableOutput(many=True)
    credits = CreditNoteOutput(many=True)
    period = PeriodOutput()
    customers = CustomerBillingOutput(many=True)

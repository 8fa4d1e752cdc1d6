"""Labels the billing pages need for stored codes (suspension reasons, policy step actions), and a
statement's reconciliation with the operator's charge lines."""

from django import template
from django.utils.translation import pgettext_lazy

from billing.models import DATA_RETENTION_DAYS, StepAction, SuspensionReason
from billing.reconciliation import Reconciliation
from billing.selectors import statement_reconciliation

register = template.Library()


@register.filter
def reason_label(code):
    """``non_payment`` → “non-payment”, in the reader's language."""
    return (
        SuspensionReason(code).label
        if code in SuspensionReason.values
        else str(code).replace("_", " ")
    )


@register.filter
def step_label(code):
    """``final_notice`` → “final notice”, in the reader's language."""
    return StepAction(code).label if code in StepAction.values else str(code).replace("_", " ")


@register.simple_tag
def retention_days():
    """``{% retention_days as days %}``: how long a suspended subscription's data is kept."""
    return DATA_RETENTION_DAYS


RECONCILIATION_LABELS = {
    Reconciliation.NONE: pgettext_lazy("reconciliation", "no charge lines"),
    Reconciliation.MATCHED: pgettext_lazy("reconciliation", "matched"),
    Reconciliation.DIFFERS: pgettext_lazy("reconciliation", "differs"),
}


@register.simple_tag
def reconciliation_of(statement):
    """``{% reconciliation_of statement as recon %}``: ``reconciled_total``, ``reconciliation``,
    ``difference`` and its ``label`` (no query on a row of ``with_reconciliation``)."""
    result = statement_reconciliation(statement)
    return {**result, "label": RECONCILIATION_LABELS[result["reconciliation"]]}

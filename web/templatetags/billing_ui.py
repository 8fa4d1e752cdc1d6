"""Labels the billing pages need for stored codes (suspension reasons, policy step actions)."""

from django import template

from billing.models import DATA_RETENTION_DAYS, StepAction, SuspensionReason

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

"""Labels the billing pages need for stored codes (suspension reasons, policy step actions)."""

from django import template

from billing.models import StepAction, SuspensionReason

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

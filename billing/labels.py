"""Words for this app's audit actions and states, as the timeline of every page shows them."""

from django.utils.translation import gettext_lazy as _

from billing.models import Invoice, Statement, Subscription

EVENT_LABELS = {
    "payment_recorded": _("payment recorded"),
    "void": _("voided"),
    "written_off": _("written off"),
    "frozen": _("frozen by a dispute"),
    "unfrozen": _("dispute hold lifted"),
    "dunning_reminder": _("reminder sent"),
    "dunning_final_notice": _("final notice sent"),
    "dunning_suspend": _("suspension step reached"),
    "suspended": _("suspended"),
    "suspension_reason_added": _("suspension reason added"),
    "suspension_reason_lifted": _("suspension reason lifted"),
    "reactivated": _("reactivated"),
    "cancelled": _("cancelled"),
    "published": _("policy published"),
    "ready_to_suspend": _("ready to suspend"),
    "dismissed": _("dismissed"),
    "payment_reported": _("payment reported"),
    "paid": _("payment confirmed"),
    "credited": _("credit applied"),
    "credit_issued": _("credit issued"),
    "webhook_secret_rotated": _("webhook secret rotated"),
    "charge_lines_imported": _("the operator's charge lines imported"),
    "reconciled": _("checked against the reconciliation file"),
}

STATE_CHOICES = {
    "invoice": Invoice.Status.choices,
    "subscription": Subscription.Status.choices,
    "statement": Statement.Status.choices,
}

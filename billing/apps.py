from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Billing"

    def ready(self):
        # The shared timeline (partners' templates) names this app's audit actions; partners may
        # not import billing, so billing adds its labels to the table the ``event_label`` filter reads.
        from partners.templatetags import desk

        desk.EVENT_ACTIONS.update(EVENT_LABELS)


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
}

"""Words for this app's audit actions, as the timeline of every page shows them."""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "created": _("created"),
    "updated": _("updated"),
    "deleted": _("deleted"),
    "member_added": _("member added"),
    "contact_added": _("contact added"),
    "contact_removed": _("contact removed"),
    "mailbox_set": _("IMAP mailbox set"),
    "mailbox_removed": _("IMAP mailbox removed"),
}
STATE_CHOICES: dict = {}

"""What the receiving service and the agents' actions share."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from partners.models import Customer, Partner
from tickets.services.attachments import MAX_FILES, attachments_validate


def speaks_for(customer: Customer, sender: str) -> bool:
    """Only the ticket's customer, from their contact address, speaks for the customer."""
    address = (customer.email or "").strip().lower()
    return bool(address) and address == (sender or "").strip().lower()


def acceptable_files(files, body: str, partner: Partner):
    """The attachments that pass the upload rules; each refused one is noted under the body, in
    the partner's language."""
    kept, problems = [], []
    with translation.override(partner.default_language):
        for upload in files:
            try:
                attachments_validate([upload])
            except ValidationError as exc:
                problems += exc.messages
                continue
            if len(kept) >= MAX_FILES:
                problems.append(_("At most %(n)d files per message.") % {"n": MAX_FILES})
                continue
            kept.append(upload)
    notes = "".join(f"\n\n[{problem}]" for problem in problems)
    return kept, body + notes

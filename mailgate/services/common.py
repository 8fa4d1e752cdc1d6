"""What the receiving service and the agents' actions share."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from partners.models import Customer, CustomerContact, Partner
from tickets.services.attachments import MAX_FILES, attachments_validate


def speaks_for(customer: Customer, sender: str) -> bool:
    """Only the ticket's customer speaks for the customer: from their contact e-mail (no query)
    or one of their extra contact addresses."""
    sender = (sender or "").strip().lower()
    if not sender:  # a customer without a contact e-mail is never spoken for by no address
        return False
    if (customer.email or "").strip().lower() == sender:
        return True
    return CustomerContact.objects.filter(customer_id=customer.pk, email=sender).exists()


def customer_of(partner_id: int, sender: str) -> Customer | None:
    """The partner's customer this address belongs to: its contact e-mail first, then an extra
    contact address (the oldest customer when several share one)."""
    sender = (sender or "").strip().lower()
    customers = Customer.objects.filter(partner_id=partner_id).order_by("id")
    return (
        customers.filter(email__iexact=sender).first()
        or customers.filter(contacts__email=sender, contacts__partner_id=partner_id).first()
    )


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

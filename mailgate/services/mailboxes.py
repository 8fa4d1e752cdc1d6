"""A partner's own IMAP mailbox: set (or replaced) and removed by the partner's admin or the
operator. The password is write-only: kept when an update leaves it blank, never returned."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.audit import event_record
from mailgate.hosts import host_is_private, private_host_message
from mailgate.models import PartnerMailbox
from partners.models import Partner

FIELDS = ("host", "port", "user", "password", "folder", "done_folder", "ssl", "active")


@transaction.atomic
def partner_mailbox_set(*, actor: Actor, partner: Partner, **fields) -> PartnerMailbox:
    actor.require_operator_or_admin_of(
        partner.pk, message=_("Only the operator or this partner's admin may do this.")
    )
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    mailbox = PartnerMailbox.objects.filter(partner=partner).first() or PartnerMailbox(
        partner=partner
    )
    if not fields.get("password"):
        fields.pop("password", None)
        if not mailbox.password:
            raise ValidationError({"password": [_("This field is required.")]})
    for name, value in fields.items():
        setattr(mailbox, name, value)
    mailbox.full_clean(exclude=["partner"])
    if "host" in fields and host_is_private(mailbox.host):
        raise ValidationError({"host": [private_host_message()]})
    created = mailbox.pk is None
    mailbox.save()
    event_record(
        actor=actor,
        obj=partner,
        action="mailbox_set",
        data={"fields": sorted(set(fields) - {"password"}), "created": created},
    )
    return mailbox


@transaction.atomic
def partner_mailbox_remove(*, actor: Actor, partner: Partner) -> None:
    actor.require_operator_or_admin_of(
        partner.pk, message=_("Only the operator or this partner's admin may do this.")
    )
    deleted, _rows = PartnerMailbox.objects.filter(partner=partner).delete()
    if deleted:
        event_record(actor=actor, obj=partner, action="mailbox_removed")

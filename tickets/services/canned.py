"""A partner's canned replies: a title and a body in each language (English required)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from core.actors import Actor
from core.audit import event_record
from tickets.models import CannedReply

TRANSLATED = ("title", "body")
FIELDS = tuple(
    build_localized_fieldname(name, code) for name in TRANSLATED for code in settings.LANGUAGE_CODES
)


def _require_admin(actor: Actor) -> None:
    actor.require_member_of(
        actor.partner_id, admin=True, message=_("Only a partner admin may change canned replies.")
    )


def _apply(reply: CannedReply, fields: dict) -> CannedReply:
    # "title"/"body" are the English text; writing under English keeps the base columns English too.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        for name, value in fields.items():
            if name not in FIELDS and name not in TRANSLATED:
                raise ValidationError({name: [_("This field cannot be changed.")]})
            setattr(
                reply,
                build_localized_fieldname(name, "en") if name in TRANSLATED else name,
                value or None,
            )
        if not (reply.title_en or "").strip() or not (reply.body_en or "").strip():
            raise ValidationError(
                {
                    "title" if not (reply.title_en or "").strip() else "body": [
                        _("English is required.")
                    ]
                }
            )
        reply.title, reply.body = reply.title_en, reply.body_en
        reply.full_clean()
        reply.save()
    return reply


@transaction.atomic
def canned_reply_create(*, actor: Actor, **fields) -> CannedReply:
    _require_admin(actor)
    reply = _apply(CannedReply(partner_id=actor.partner_id), fields)
    event_record(actor=actor, obj=reply, action="created")
    return reply


@transaction.atomic
def canned_reply_update(*, actor: Actor, canned_reply: CannedReply, **fields) -> CannedReply:
    _require_admin(actor)
    reply = _apply(canned_reply, fields)
    event_record(actor=actor, obj=reply, action="updated", data={"fields": sorted(fields)})
    return reply


@transaction.atomic
def canned_reply_delete(*, actor: Actor, canned_reply: CannedReply) -> None:
    _require_admin(actor)
    event_record(actor=actor, obj=canned_reply, action="deleted")
    canned_reply.delete()

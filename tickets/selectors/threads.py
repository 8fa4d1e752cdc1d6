"""Who reads which messages, decided here and nowhere else: partner users see their ticket's whole
thread, the operator only public and operator messages, the customer only public ones. Canned
replies, which become messages, sit beside them.
"""

from django.utils import translation

from core.actors import Actor
from tickets.models import Attachment, CannedReply, Message, Visibility

OPERATOR_VISIBLE = (Visibility.PUBLIC, Visibility.OPERATOR)


def visible_visibilities(actor: Actor) -> tuple[str, ...]:
    if actor.is_partner_user:
        return tuple(Visibility.values)
    if actor.is_operator:
        return OPERATOR_VISIBLE
    return (Visibility.PUBLIC,)  # the customer, through the status link


def messages_for(actor: Actor):
    """Messages ``actor`` may read, oldest first, with their authors and files."""
    return (
        Message.objects.for_actor(actor)
        .filter(visibility__in=visible_visibilities(actor))
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def ticket_messages(*, actor: Actor, ticket):
    return messages_for(actor).filter(ticket=ticket)


def attachment_for(*, actor: Actor, pk: int) -> Attachment | None:
    """An attachment ``actor`` may download: on a message they may read, of their partner."""
    return (
        Attachment.objects.for_actor(actor)
        .filter(pk=pk, message__visibility__in=visible_visibilities(actor))
        .first()
    )


def canned_reply_list(*, actor: Actor):
    return CannedReply.objects.for_actor(actor).order_by("title", "id")


def canned_replies_in(*, actor: Actor, language: str) -> list[dict]:
    """The partner's canned replies: the title in the reader's language, the body in ``language``
    (the customer's), as the service will post it."""
    replies = list(canned_reply_list(actor=actor))
    with translation.override(language):
        bodies = [reply.body for reply in replies]
    # Untranslated replies fall back to English: say so before the agent sends English to, say, a
    # Russian customer (the rule of the admins' list too: CannedReply.missing_languages).
    return [
        {
            "id": reply.pk,
            "title": reply.title,
            "body": body,
            "translated": language not in reply.missing_languages(),
        }
        for reply, body in zip(replies, bodies, strict=True)
    ]

"""The activity inbox: one ``Activity`` row per user for something that needs them (a customer
replied, the operator asked or decided, an SLA broke, a customer is ready to suspend, an e-mail
bounced; for the operator: a new escalation, the partner's answer, a withdrawal).

Every app may write one (``activity_record``), inside the transaction of the change it reports,
like the outbox: a rollback leaves no row. A user reads only their own rows; another user's is not
found (404). This module knows only partners and core, never the apps that call it: what an
activity points at is a model name and an id.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.actors import Actor, operator_user_ids
from core.errors import NotAllowed
from partners.models import Membership, Partner

PARTNER_MEMBERS = ("admin", "agent")


class ActivityKind(models.TextChoices):
    CUSTOMER_REPLIED = "customer_replied", _("The customer replied")
    OPERATOR_ASKED = "operator_asked", _("The operator asked a question")
    OPERATOR_DECIDED = "operator_decided", _("The operator decided the escalation")
    SLA_BREACHED = "sla_breached", _("A deadline was missed")
    READY_TO_SUSPEND = "ready_to_suspend", _("Ready to suspend")
    IMPORT_FINISHED = "import_finished", _("An import finished")
    EMAIL_BOUNCED = "email_bounced", _("An e-mail bounced")
    # The operator's: what a partner did on an escalation.
    ESCALATION_SUBMITTED = "escalation_submitted", _("A partner escalated a ticket")
    INFO_SUPPLIED = "info_supplied", _("The partner answered your question")
    ESCALATION_WITHDRAWN = "escalation_withdrawn", _("The partner withdrew the escalation")


class Activity(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, null=True, related_name="+")
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    object_type = models.CharField(max_length=40)  # a model name: "ticket", "suspensionrequest"
    object_id = models.PositiveBigIntegerField()
    summary = models.CharField(max_length=200, blank=True)  # the ticket's subject, the customer
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "notifications"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "read_at", "-created_at", "-id"], name="activity_inbox_idx"
            ),
            models.Index(fields=["user", "object_type", "object_id"], name="activity_object_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_type}:{self.object_id} for {self.user_id}"


# --- writes -----------------------------------------------------------------------------------


def activity_record(
    *, kind: str, target, summary: str | None = None, user_ids=None, roles=PARTNER_MEMBERS
) -> list[Activity]:
    """Tell whoever ``target`` (a ticket, a suspension request…) needs: ``user_ids`` when given,
    else its assignee, else the members of its partner with ``roles``. Runs in the caller's
    transaction."""
    if user_ids is None:
        assignee = getattr(target, "assignee_id", None)
        user_ids = [assignee] if assignee else _member_ids(target.partner_id, roles)
    summary = str(getattr(target, "subject", "") if summary is None else summary)[:200]
    return Activity.objects.bulk_create(
        Activity(
            user_id=user_id,
            partner_id=target.partner_id,
            kind=kind,
            object_type=target._meta.model_name,
            object_id=target.pk,
            summary=summary,
        )
        for user_id in dict.fromkeys(user_ids)
    )


def operator_activity_record(*, kind: str, target, summary: str) -> list[Activity]:
    """Tell the operator about ``target`` (an escalation): the operator who took it, else every
    operator user. The row keeps the target's partner, so the console says whose it is."""
    taken_by = getattr(target, "operator_assignee_id", None)
    user_ids = [taken_by] if taken_by else operator_user_ids()
    return activity_record(kind=kind, target=target, summary=summary, user_ids=user_ids)


def _member_ids(partner_id: int, roles) -> list[int]:
    return list(
        Membership.objects.filter(partner_id=partner_id, role__in=roles)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


@transaction.atomic
def activity_mark_read(*, actor: Actor, activity: Activity) -> Activity:
    """Mark one of the actor's own activities read (again: nothing changes)."""
    if activity.user_id != getattr(actor.user, "pk", None):
        raise NotAllowed(_("This is someone else's activity."))
    if activity.read_at is None:
        activity.read_at = timezone.now()
        Activity.objects.filter(pk=activity.pk, read_at__isnull=True).update(
            read_at=activity.read_at
        )
    return activity


@transaction.atomic
def activity_mark_all_read(*, actor: Actor) -> int:
    return activity_unread(actor=actor).update(read_at=timezone.now())


# --- reads ------------------------------------------------------------------------------------


def activity_list(*, actor: Actor, unread: bool = False):
    """The actor's own activity, newest first (nobody else's, whatever their role)."""
    qs = Activity.objects.filter(user_id=getattr(actor.user, "pk", None)).order_by(
        "-created_at", "-id"
    )
    return qs.filter(read_at__isnull=True) if unread else qs


def activity_unread(*, actor: Actor):
    return activity_list(actor=actor, unread=True)


def unread_object_ids(*, actor: Actor, object_type: str, ids) -> set[int]:
    """Which of ``ids`` (of ``object_type``) have unread activity for the actor: one query."""
    return set(
        activity_unread(actor=actor)
        .filter(object_type=object_type, object_id__in=list(ids))
        .values_list("object_id", flat=True)
    )

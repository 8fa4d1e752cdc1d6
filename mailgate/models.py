"""Every message that arrived by e-mail, what became of it, and its raw file (kept 30 days)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.tenancy import TenantQuerySet
from notifications.models import Notification
from partners.models import Partner
from tickets.models import Message, Ticket


class InboundEmail(models.Model):
    class Status(models.TextChoices):
        ATTACHED = "attached", _("attached to a ticket")
        NEW_TICKET = "new_ticket", _("opened a ticket")
        HELD = "held", _("held")
        BOUNCE = "bounce", _("bounce")
        IGNORED = "ignored", _("ignored")
        REJECTED = "rejected", _("rejected")

    class Reason(models.TextChoices):
        REPLY_ADDRESS = "reply_address", _("by its reply address")
        THREAD = "thread", _("by the e-mail it answers")
        SUBJECT_TAG = "subject_tag", _("by the ticket number in the subject")
        FROM_CUSTOMER = "from_customer", _("from a customer's address")
        BILLING_ANSWER = "billing_answer", _("an answer to a billing e-mail")
        UNKNOWN_SENDER = "unknown_sender", _("the sender is not a known customer")
        NOT_THE_CUSTOMER = "not_the_customer", _("the sender is not the ticket's customer")
        RATE_LIMITED = "rate_limited", _("too many messages from this sender")
        REFUSED = "refused", _("the ticket refused it")
        EMPTY = "empty", _("the message is empty")
        AUTO_REPLY = "auto_reply", _("automatic reply")
        OWN_ADDRESS = "own_address", _("sent by the desk itself")
        UNKNOWN_RECIPIENT = "unknown_recipient", _("addressed to no partner")
        BOUNCE_MATCHED = "bounce_matched", _("a bounce of one of our e-mails")
        BOUNCE_UNMATCHED = "bounce_unmatched", _("a bounce of an unknown e-mail")
        DISCARDED = "discarded", _("discarded by an agent")

    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message_id = models.CharField(max_length=255, unique=True)
    sender = models.CharField(_("from"), max_length=254, blank=True)
    recipients = models.CharField(_("to"), max_length=1000, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    via = models.CharField(max_length=20)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.TextField(blank=True)
    body = models.TextField(blank=True)
    headers = models.TextField(_("original headers"), blank=True)
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticket_message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raw = models.FileField(upload_to="inbound/%Y/%m/", blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbound e-mail")
        verbose_name_plural = _("inbound e-mails")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "status", "-received_at"]),
            models.Index(fields=["sender", "received_at"]),
            models.Index(fields=["received_at"], condition=~Q(raw=""), name="inbound_raw_kept_idx"),
        ]

    def __str__(self):
        return f"{self.sender} → {self.recipients} ({self.status})"


class PartnerMailbox(models.Model):
    """A partner's own IMAP mailbox, polled by the same beat task as the catch-all: every message
    in it is recorded for this partner (whatever its headers say).

    The password is kept as the desk's other secrets are (the payment webhook's): in the
    database, as it is — logging in needs it — and never shown back, only replaced.
    """

    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="mailbox")
    host = models.CharField(_("IMAP host"), max_length=253)
    port = models.PositiveIntegerField(_("port"), default=993)
    user = models.CharField(_("user"), max_length=254)
    password = models.CharField(max_length=254)
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    done_folder = models.CharField(_("folder for handled mail"), max_length=200, blank=True)
    ssl = models.BooleanField(_("TLS"), default=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    def __str__(self):
        return f"{self.user}@{self.host} ({self.partner_id})"

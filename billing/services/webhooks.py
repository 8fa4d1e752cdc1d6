"""Payments by signed webhook (Stripe's scheme): ``X-Desk-Signature: t=<unix seconds>,v1=<hex
HMAC-SHA256 of "<t>." + raw body>``, keyed with the partner's secret.

Every delivery is recorded, whatever becomes of it. A good signature within five minutes pays the
invoice through ``payment_record`` (reactivation, e-mails) exactly once per ``event_id``; what
cannot be matched to an open invoice of that currency is kept as unmatched, for the partner to
review. Deliveries of one partner are taken one at a time (its webhook row is locked), so the same
event sent twice at once still pays once.
"""

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import Invoice, PaymentWebhook, WebhookDelivery
from billing.services.invoices import payment_record
from core.actors import SYSTEM, Actor
from core.audit import event_record
from core.errors import DomainError
from partners.models import Partner

TOLERANCE_SECONDS = 5 * 60
BODY_KEPT = 64 * 1024
FIELDS = ("event_id", "invoice_number", "amount", "currency", "date", "reference")
Outcome = WebhookDelivery.Outcome


@dataclass(frozen=True)
class WebhookAnswer:
    status: int
    outcome: str
    detail: str = ""
    payment_id: int | None = None


@transaction.atomic
def webhook_secret_rotate(*, actor: Actor, partner: Partner) -> str:
    """Create or replace the partner's signing secret; the only time it is shown."""
    actor.require_operator_or_admin_of(partner.pk)
    secret = "whsec_" + secrets.token_hex(32)
    PaymentWebhook.objects.update_or_create(partner=partner, defaults={"secret": secret})
    event_record(actor=actor, obj=partner, action="webhook_secret_rotated")
    return secret


def signature_for(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _signature_valid(secret: str, header: str, body: bytes, now: int) -> str | None:
    """None when the header is good; otherwise why it is refused."""
    parts = [item.split("=", 1) for item in (header or "").split(",") if "=" in item]
    timestamps = [value.strip() for key, value in parts if key.strip() == "t"]
    signatures = [value.strip() for key, value in parts if key.strip() == "v1"]
    if len(timestamps) != 1 or not timestamps[0].isdigit() or not signatures:
        return _("Missing or malformed X-Desk-Signature header.")
    timestamp = int(timestamps[0])
    expected = signature_for(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        return _("The signature does not match.")
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return _("The signature is more than five minutes old (a replay?).")
    return None


def _payload(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise ValidationError(_("The body is not JSON.")) from None
    if not isinstance(data, dict):
        raise ValidationError(_("The body is not a JSON object."))
    missing = [name for name in FIELDS[:5] if not str(data.get(name) or "").strip()]
    if missing:
        raise ValidationError(_("Missing: %(fields)s.") % {"fields": ", ".join(missing)})
    try:
        amount = Decimal(str(data["amount"]))
        paid_on = date.fromisoformat(str(data["date"]))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("amount must be a decimal and date YYYY-MM-DD.")) from None
    return {
        "event_id": str(data["event_id"])[:200],
        "invoice_number": str(data["invoice_number"]),
        "amount": amount,
        "currency": str(data["currency"]).upper(),
        "date": paid_on,
        "reference": str(data.get("reference") or "")[:100],
    }


@transaction.atomic
def payment_webhook_receive(
    *, partner: Partner, header: str, body: bytes, now: int | None = None
) -> WebhookAnswer:
    """Take one delivery: 401 for a bad or stale signature, 400 for a body that is not a payment,
    422 for a payment that matches no open invoice (kept, unmatched), 200 for a payment recorded or
    an event already received."""
    now = int(timezone.now().timestamp()) if now is None else now
    webhook = PaymentWebhook.objects.select_for_update().filter(partner=partner).first()
    refusal = (
        _("No webhook secret is set for this partner.")
        if webhook is None
        else _signature_valid(webhook.secret, header, body, now)
    )
    if refusal:
        return _delivered(partner, body, "", WebhookAnswer(401, Outcome.REJECTED, refusal))
    try:
        data = _payload(body)
    except ValidationError as error:
        return _delivered(partner, body, "", WebhookAnswer(400, Outcome.INVALID, error.messages[0]))
    event_id = data["event_id"]
    accepted = WebhookDelivery.objects.filter(
        partner=partner, event_id=event_id, outcome__in=[Outcome.PAID, Outcome.UNMATCHED]
    ).first()
    if accepted is not None:
        detail = _("Event already received.")
        return _delivered(partner, body, event_id, WebhookAnswer(200, Outcome.DUPLICATE, detail))
    invoice = Invoice.objects.filter(partner=partner, number=data["invoice_number"]).first()
    answer = _pay(invoice, data)
    return _delivered(partner, body, event_id, answer, invoice)


def _pay(invoice: Invoice | None, data: dict) -> WebhookAnswer:
    if invoice is None:
        detail = _("No invoice %(number)s.") % {"number": data["invoice_number"]}
        return WebhookAnswer(422, Outcome.UNMATCHED, detail)
    if invoice.currency != data["currency"]:
        detail = _("Invoice %(number)s is in %(currency)s, not %(paid)s.") % {
            "number": invoice.number,
            "currency": invoice.currency,
            "paid": data["currency"],
        }
        return WebhookAnswer(422, Outcome.UNMATCHED, detail)
    try:
        with transaction.atomic():
            payment = payment_record(
                actor=SYSTEM,
                invoice=invoice,
                amount=data["amount"],
                date=data["date"],
                reference=data["reference"] or data["event_id"],
            )
    except (ValidationError, DomainError) as error:  # kept, unmatched, for the partner
        messages = getattr(error, "messages", None) or [str(error)]
        return WebhookAnswer(422, Outcome.UNMATCHED, " ".join(messages))
    return WebhookAnswer(200, Outcome.PAID, "", payment.pk)


def _delivered(partner, body, event_id, answer: WebhookAnswer, invoice=None) -> WebhookAnswer:
    WebhookDelivery.objects.create(
        partner=partner,
        event_id=event_id,
        outcome=answer.outcome,
        detail=answer.detail,
        body=body[:BODY_KEPT].decode("utf-8", errors="replace"),
        invoice=invoice,
        payment_id=answer.payment_id,
    )
    return answer

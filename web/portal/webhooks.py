"""Partner portal: the payment webhook. Every partner user reads the delivery log; an admin creates
or rotates the signing secret, shown once on the page that answers the rotation."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from billing.api.webhooks import DeliveryOutput
from billing.models import WebhookDelivery
from billing.services.webhooks import webhook_secret_rotate
from core.web import csv_export, csv_requested, paginate, role_required


def _page(request, secret: str = ""):
    deliveries = (
        WebhookDelivery.objects.for_actor(request.actor)
        .select_related("invoice")
        .order_by("-received_at", "-id")
    )
    if csv_requested(request):
        return csv_export(
            name="webhook-deliveries", serializer_class=DeliveryOutput, rows=deliveries
        )
    partner = request.actor.partner
    context = {
        "page": paginate(request, deliveries),
        "secret": secret,
        "has_secret": hasattr(partner, "payment_webhook"),
        "endpoint": request.build_absolute_uri(f"/api/webhooks/payments/{partner.slug}/"),
    }
    return render(request, "portal/billing/webhook.html", context)


@role_required("partner")
def payment_webhook(request):
    return _page(request)


@role_required("admin")
@require_POST
def payment_webhook_rotate(request):
    return _page(request, webhook_secret_rotate(actor=request.actor, partner=request.actor.partner))

"""The payment webhook (signed, no session or token: the signature is the credential), the
partner's signing secret, and the delivery log the partner reads."""

from django.http.request import RawPostDataException
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from billing.models import WebhookDelivery
from billing.services.webhooks import payment_webhook_receive, webhook_secret_rotate
from core.api.base import ActorMixin
from core.api.permissions import IsOperatorOrPartnerUser
from core.api.throttling import WebhookRateThrottle
from partners.models import Partner


class SecretOutput(serializers.Serializer):
    secret = serializers.CharField()


class DeliveryOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = ["id", "event_id", "outcome", "detail", "invoice", "payment", "received_at"]


class PaymentWebhookView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [WebhookRateThrottle]

    @extend_schema(
        request={"application/json": {"type": "object"}},
        responses={200: None, 400: None, 401: None, 404: None, 422: None, 429: None},
        description="`{event_id, invoice_number, amount, currency, date, reference}` signed with "
        '`X-Desk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + raw body>`.',
    )
    def post(self, request, slug):
        partner = Partner.objects.filter(slug=slug).first()
        if partner is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        try:
            raw = request.body
        except RawPostDataException:  # a form was posted (and parsed): no signed JSON body
            return Response(
                {"detail": "Send the event as a JSON body."},
                status=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            )
        answer = payment_webhook_receive(
            partner=partner, header=request.headers.get("X-Desk-Signature", ""), body=raw
        )
        body = {"status": answer.outcome}
        if answer.detail:
            body["detail"] = answer.detail
        if answer.payment_id:
            body["payment"] = answer.payment_id
        return Response(body, status=answer.status)


class WebhookSecretView(ActorMixin, APIView):
    permission_classes = [IsOperatorOrPartnerUser]

    @extend_schema(request=None, responses={200: SecretOutput})
    def post(self, request, pk):
        partner = Partner.objects.for_actor(self.actor).filter(pk=pk).first()
        if partner is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        return Response({"secret": webhook_secret_rotate(actor=self.actor, partner=partner)})


class WebhookDeliveryViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DeliveryOutput
    permission_classes = [IsOperatorOrPartnerUser]

    def get_queryset(self):
        return WebhookDelivery.objects.for_actor(self.actor).order_by("-received_at", "-id")

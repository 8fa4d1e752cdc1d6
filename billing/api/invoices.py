"""Invoices of the partner's customers, their payments, and voiding / writing off."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from billing import selectors, services
from billing.api.credits import CreditNoteInput, CreditNoteOutput
from billing.api.serializers import (
    InvoiceInput,
    InvoiceOutput,
    PaymentInput,
    PaymentOutput,
    ReasonInput,
)
from billing.models import Invoice, Subscription
from core.api.base import ActorMixin, validated
from core.api.fields import IdField
from core.api.permissions import IsPartnerAdmin, IsPartnerUser
from partners.models import Customer


class InvoiceViewSet(ActorMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = InvoiceOutput
    ordering_fields = ["issue_date", "due_date", "id", "amount"]
    csv_actions = ["payments"]  # GET …/payments/?format=csv: the invoice's payments as CSV

    class FilterSerializer(serializers.Serializer):
        """The list's query parameters; ``billing.selectors.filters.InvoiceFilter`` says what each
        one means."""

        status = serializers.ChoiceField(choices=Invoice.Status.choices, required=False)
        customer = IdField(required=False)
        currency = serializers.CharField(required=False)
        search = serializers.CharField(required=False, max_length=200)

    def get_permissions(self):
        admin_only = self.action in ("create", "void", "write_off", "credit_notes")
        return [IsPartnerAdmin()] if admin_only else [IsPartnerUser()]

    def get_queryset(self):
        return selectors.invoice_list(actor=self.actor)

    @extend_schema(parameters=[FilterSerializer])
    def list(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        invoices = selectors.invoice_list(actor=self.actor, filters=filters)
        page = self.paginate_queryset(self.filter_queryset(invoices))  # ?ordering=, then ?page=
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def _output(self, invoice, **kwargs):
        return Response(
            InvoiceOutput(invoice, context=self.get_serializer_context()).data, **kwargs
        )

    def _own(self, model, pk, field: str, message):
        """An id in the input, resolved within the actor's partner (another partner's id does not
        exist).
        """
        obj = model.objects.for_actor(self.actor).filter(pk=pk).first() if pk is not None else None
        if pk is not None and obj is None:
            raise ValidationError({field: [message]})
        return obj

    @extend_schema(
        request=InvoiceInput, responses={201: InvoiceOutput}, description="Partner admin."
    )
    def create(self, request):
        data = validated(InvoiceInput, request.data)
        data["customer"] = self._own(Customer, data["customer"], "customer", _("No such customer."))
        data["subscription"] = self._own(
            Subscription, data["subscription"], "subscription", _("No such subscription.")
        )
        invoice = services.invoice_create(actor=self.actor, **data)
        return self._output(invoice, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=PaymentOutput(many=True))
    @extend_schema(
        methods=["post"],
        request=PaymentInput,
        responses={201: PaymentOutput},
        description="Record a payment; the invoice becomes paid when payments reach its amount. "
        "A payment above the balance is refused (400).",
    )
    @action(detail=True, methods=["get", "post"])
    def payments(self, request, pk=None):
        invoice = self.get_object()
        if request.method == "GET":  # paginated like every list
            page = self.paginate_queryset(selectors.payment_list(invoice=invoice))
            return self.get_paginated_response(PaymentOutput(page, many=True).data)
        data = validated(PaymentInput, request.data)
        payment = services.payment_record(actor=self.actor, invoice=invoice, **data)
        return Response(PaymentOutput(payment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReasonInput,
        responses=InvoiceOutput,
        description="Partner admin; an invoice without payments.",
    )
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        invoice = self.get_object()  # another partner's invoice is 404 before its input is read
        return self._output(
            services.invoice_void(
                actor=self.actor, invoice=invoice, **validated(ReasonInput, request.data)
            )
        )

    @extend_schema(
        request=ReasonInput,
        responses=InvoiceOutput,
        description="Partner admin; gives up the remaining balance.",
    )
    @action(detail=True, methods=["post"], url_path="write-off")
    def write_off(self, request, pk=None):
        invoice = self.get_object()
        return self._output(
            services.invoice_write_off(
                actor=self.actor, invoice=invoice, **validated(ReasonInput, request.data)
            )
        )

    @extend_schema(
        request=CreditNoteInput,
        responses={201: CreditNoteOutput},
        description="Partner admin; credits part of an open invoice, never more than its balance.",
    )
    @action(detail=True, methods=["post"], url_path="credit-notes")
    def credit_notes(self, request, pk=None):
        invoice = self.get_object()
        note = services.credit_note_create(
            actor=self.actor, invoice=invoice, **validated(CreditNoteInput, request.data)
        )
        return Response(CreditNoteOutput(note).data, status=status.HTTP_201_CREATED)

"""Statements (what a partner owes the operator) and the partner's exposure."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import selectors, services
from billing.api.serializers import (
    ExposureInput,
    ExposureOutput,
    NoteInput,
    StatementInput,
    StatementOutput,
    StatementPayInput,
)
from billing.models import Statement
from core.api.base import ActorMixin, validated
from core.api.fields import IdField
from core.api.permissions import IsOperator, IsOperatorOrPartnerUser, IsPartnerUser
from partners.models import Partner

OPERATOR_ACTIONS = ("create", "update", "partial_update", "destroy", "confirm")


class StatementViewSet(ActorMixin, viewsets.ModelViewSet):
    """Operator: create, correct, delete (while unreported), confirm payment. Partner users: read
    their own and report their payment."""

    serializer_class = StatementOutput
    ordering_fields = ["due_date", "id", "amount"]

    class FilterSerializer(serializers.Serializer):
        """The list's query parameters; ``billing.selectors.filters.StatementFilter`` says what
        each one means."""

        status = serializers.ChoiceField(choices=Statement.Status.choices, required=False)
        partner = IdField(required=False)

    def get_permissions(self):
        if self.action in OPERATOR_ACTIONS:
            return [IsOperator()]
        return [IsPartnerUser()] if self.action == "pay" else [IsOperatorOrPartnerUser()]

    def get_queryset(self):
        return selectors.statement_list(actor=self.actor)

    @extend_schema(parameters=[FilterSerializer])
    def list(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        statements = selectors.statement_list(actor=self.actor, filters=filters)
        page = self.paginate_queryset(self.filter_queryset(statements))  # ?ordering=, ?page=
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=StatementInput, responses={201: StatementOutput})
    def create(self, request):
        data = validated(StatementInput, request.data)
        partner = Partner.objects.filter(pk=data.pop("partner")).first()
        if partner is None:
            raise ValidationError({"partner": [_("No such partner.")]})
        statement = services.statement_create(actor=self.actor, partner=partner, **data)
        return Response(StatementOutput(statement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatementInput, responses=StatementOutput)
    def update(self, request, pk=None, partial=False):
        statement = self.get_object()
        data = validated(StatementInput, request.data, partial=partial)
        if "partner" in data and data.pop("partner") != statement.partner_id:
            raise ValidationError({"partner": [_("A statement cannot move to another partner.")]})
        statement = services.statement_update(actor=self.actor, statement=statement, **data)
        return Response(StatementOutput(statement).data)

    def destroy(self, request, pk=None):
        services.statement_delete(actor=self.actor, statement=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=StatementPayInput,
        responses=StatementOutput,
        description="Partner users: report the payment (bank reference); the operator confirms it.",
    )
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        statement = self.get_object()  # another partner's row is 404 before its input is read
        statement = services.statement_report_payment(
            actor=self.actor, statement=statement, **validated(StatementPayInput, request.data)
        )
        return Response(StatementOutput(statement).data)

    @extend_schema(
        request=NoteInput,
        responses=StatementOutput,
        description="Operator: the money arrived; paid.",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        statement = self.get_object()  # another partner's row is 404 before its input is read
        statement = services.statement_confirm(
            actor=self.actor, statement=statement, **validated(NoteInput, request.data)
        )
        return Response(StatementOutput(statement).data)


class ExposureView(ActorMixin, APIView):
    permission_classes = [IsPartnerUser]

    @extend_schema(
        parameters=[ExposureInput],
        responses=ExposureOutput,
        description="Open customer balances by days past due (0-30, 31-60, 61-90, 90+; not yet due "
        "apart), per currency, beside the open statements the partner owes the operator; and, for "
        "one month (?period=YYYY-MM), per customer what the operator billed the partner (the "
        "reconciliation file's charge lines) beside what the partner invoiced the customer.",
    )
    def get(self, request):
        today = timezone.localdate()
        period = validated(ExposureInput, request.query_params).get("period")
        data = selectors.exposure(actor=self.actor, today=today)
        start, end = selectors.billing_month(actor=self.actor, today=today, month=period)
        data["period"] = {"start": start, "end": end}
        data["customers"] = selectors.customer_billing(actor=self.actor, start=start, end=end)
        return Response(ExposureOutput(data).data)

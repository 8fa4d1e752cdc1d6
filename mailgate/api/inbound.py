"""The partner's inbound e-mail: what arrived and what became of it; the held ones handled."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.base import ActorMixin, validated
from core.api.permissions import IsPartnerUser
from mailgate import selectors, services
from mailgate.api.serializers import AttachInput, CreateTicketInput, InboundEmailOutput
from tickets.api.filters import FilterParams
from tickets.api.schema import action_responses


class InboundEmailViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsPartnerUser]
    serializer_class = InboundEmailOutput
    filter_backends = [FilterParams]
    filterset_class = selectors.InboundEmailFilters

    def get_queryset(self):
        if self.action == "list":
            return selectors.inbound_email_list(actor=self.actor, filters=self.request.query_params)
        return selectors.inbound_email_detail(actor=self.actor)

    @extend_schema(
        summary="Attach a held e-mail to a ticket, as the customer's message",
        request=AttachInput,
        responses=action_responses(InboundEmailOutput),
    )
    @action(detail=True, methods=["post"])
    def attach(self, request, pk=None):
        row = services.inbound_attach(
            actor=self.actor, inbound=self.get_object(), **validated(AttachInput, request.data)
        )
        return Response(InboundEmailOutput(row).data)

    @extend_schema(
        summary="Open a ticket for one of the partner's customers from a held e-mail",
        request=CreateTicketInput,
        responses=action_responses(InboundEmailOutput),
    )
    @action(detail=True, methods=["post"], url_path="create-ticket")
    def create_ticket(self, request, pk=None):
        row = services.inbound_create_ticket(
            actor=self.actor,
            inbound=self.get_object(),
            **validated(CreateTicketInput, request.data),
        )
        return Response(InboundEmailOutput(row).data)

    @extend_schema(
        summary="Discard a held e-mail",
        request=None,
        responses=action_responses(InboundEmailOutput),
    )
    @action(detail=True, methods=["post"])
    def discard(self, request, pk=None):
        row = services.inbound_discard(actor=self.actor, inbound=self.get_object())
        return Response(InboundEmailOutput(row).data)

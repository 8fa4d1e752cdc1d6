"""Ticket endpoints for partner users: the queue, a ticket, its messages and its transitions."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.base import ActorMixin, validated
from core.api.permissions import IsPartnerUser
from tickets import selectors, services
from tickets.api import serializers as s
from tickets.api.bulk import BulkInput, BulkOutput
from tickets.api.filters import FilterParams, StableOrdering
from tickets.api.schema import action_responses
from tickets.models import Channel
from tickets.services.bulk import tickets_bulk


@extend_schema_view(
    list=extend_schema(
        summary="The partner's ticket queue",
        description="Most recently active first; filter by status (or `active`: any but closed), "
        "customer, category, assignee, priority, `search` (every word in the subject, description, "
        "a message, the customer, the invoice number or the ticket number; best matches first); "
        "order by created_at, "
        "updated_at, priority.",
    ),
    retrieve=extend_schema(
        summary="A ticket with its whole thread (public, internal and operator messages)"
    ),
)
class TicketViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsPartnerUser]
    filter_backends = [FilterParams, StableOrdering]
    filterset_class = selectors.TicketFilters
    ordering_fields = ["created_at", "updated_at", "priority", "id"]
    csv_actions = ["messages"]  # GET …/messages/?format=csv: the thread as CSV
    csv_represent = staticmethod(s.ticket_rows)  # the list's rows are .values() rows

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.ticket_detail(actor=self.actor)
        return selectors.ticket_list(actor=self.actor, filters=self.request.query_params)

    def get_serializer_class(self):
        return s.TicketDetailOutput if self.action == "retrieve" else s.TicketOutput

    def list(self, request):
        # The hot path: plain rows instead of model instances and field objects (a third of the
        # CPU of a page of 50); the same JSON as TicketOutput, which tests hold it to.
        rows = self.paginate_queryset(
            self.filter_queryset(self.get_queryset()).values(*s.TicketOutput.Meta.fields)
        )
        return self.get_paginated_response(s.ticket_rows(rows))

    def _answer(self, ticket, code=status.HTTP_200_OK):
        return Response(s.ticket_output(ticket), status=code)

    def _act(self, service, input_serializer):
        """Find the ticket (404 before anything else), validate the body (400), run the service
        (403/409).
        """
        ticket = self.get_object()
        return self._answer(
            service(
                actor=self.actor, ticket=ticket, **validated(input_serializer, self.request.data)
            )
        )

    @extend_schema(
        summary="Open a ticket for a customer",
        request=s.TicketCreateInput,
        responses=action_responses(s.TicketOutput, 201, conflict=False),
    )
    def create(self, request):
        ticket = services.ticket_create(
            actor=self.actor, channel=Channel.API, **validated(s.TicketCreateInput, request.data)
        )
        return self._answer(ticket, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Re-file a ticket or link / unlink its invoice",
        description="An invoice dispute freezes its invoice until the ticket is resolved or "
        "closed, the invoice unlinked or the category changed.",
        request=s.TicketUpdateInput,
        responses=action_responses(s.TicketOutput),
    )
    def partial_update(self, request, pk=None):
        ticket = self.get_object()
        data = validated(s.TicketUpdateInput, request.data, partial=True)
        return self._answer(services.ticket_update(actor=self.actor, ticket=ticket, **data))

    @extend_schema(
        methods=["get"],
        summary="The ticket's messages, oldest first",
        responses=s.MessageOutput(many=True),
    )
    @extend_schema(
        methods=["post"],
        summary="Post a public reply, an internal note or a message to the operator",
        description="A public reply is e-mailed to the customer; an internal note never leaves the "
        "partner; an operator message needs an open escalation and answers a pending question.",
        request={"application/json": s.MessageInput, "multipart/form-data": s.MessageInput},
        responses=action_responses(s.MessageOutput, 201),
    )
    @action(detail=True, methods=["get", "post"])
    def messages(self, request, pk=None):
        ticket = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(
                selectors.ticket_messages(actor=self.actor, ticket=ticket)
            )
            return self.get_paginated_response(s.MessageOutput(page, many=True).data)
        message = services.ticket_reply(
            actor=self.actor, ticket=ticket, **validated(s.MessageInput, request.data)
        )
        return Response(s.MessageOutput(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Assign to a member (assigning a new ticket opens it)",
        request=s.AssignInput,
        responses=action_responses(s.TicketOutput),
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._act(services.ticket_assign, s.AssignInput)

    @extend_schema(
        summary="Ask the customer (public message, e-mail) and wait on them",
        request=s.BodyInput,
        responses=action_responses(s.TicketOutput),
    )
    @action(detail=True, methods=["post"], url_path="wait-on-customer")
    def wait_on_customer(self, request, pk=None):
        return self._act(services.ticket_wait_on_customer, s.BodyInput)

    @extend_schema(
        summary="Escalate to the operator on the customer's behalf",
        request=s.EscalateInput,
        description="Only billing questions, invoice disputes, payment issues and refund requests, "
        "and only with the steps already taken. The ticket's invoice is frozen meanwhile.",
        responses=action_responses(s.TicketOutput),
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        ticket = self.get_object()
        escalation = services.ticket_escalate(
            actor=self.actor, ticket=ticket, **validated(s.EscalateInput, request.data)
        )
        return self._answer(escalation.ticket)

    @extend_schema(
        summary="Resolve: the resolution goes to the customer (public message + e-mail)",
        request=s.ResolveInput,
        responses=action_responses(s.TicketOutput),
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._act(services.ticket_resolve, s.ResolveInput)

    @extend_schema(
        summary="Close a resolved ticket",
        request=s.TicketReasonInput,
        responses=action_responses(s.TicketOutput),
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(services.ticket_close, s.TicketReasonInput)

    @extend_schema(
        summary="Reopen a resolved ticket, or take back one waiting on the customer",
        request=s.TicketReasonInput,
        responses=action_responses(s.TicketOutput),
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._act(services.ticket_reopen, s.TicketReasonInput)

    @extend_schema(
        summary="One action on many tickets: assign, set_priority, wait_on_customer or close",
        description="Each ticket goes through the same service as on its own, in its own "
        "transaction: a refusal leaves that ticket untouched and the others done. An id that is "
        "unknown or another partner's is reported as not found.",
        request=BulkInput,
        responses={200: BulkOutput},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        results = tickets_bulk(actor=self.actor, **validated(BulkInput, request.data))
        return Response(BulkOutput({"results": results}).data)

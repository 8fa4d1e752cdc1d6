"""Escalation endpoints: the operator's queue of every partner, and each partner's own."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.actors import Actor
from core.api.base import ActorMixin, validated
from core.api.permissions import ActionGuard, IsOperatorOrPartnerUser
from tickets import selectors, services
from tickets.api import serializers as s
from tickets.api.filters import FilterParams, StableOrdering
from tickets.api.schema import action_responses
from tickets.services.common import require_member_of_owner


def _operator(actor: Actor, escalation) -> None:
    actor.require_operator()


@extend_schema_view(
    list=extend_schema(
        summary="Escalations: the operator sees every partner's (oldest first), a partner its own"
    ),
    retrieve=extend_schema(
        summary="An escalation with the ticket's public and operator messages (never internal)"
    ),
)
class EscalationViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsOperatorOrPartnerUser, ActionGuard]
    # The guard each service calls first, run before the body is validated (403 before 400).
    action_guards = {
        "take": _operator,
        "request_info": _operator,
        "resolve": _operator,
        "answer": require_member_of_owner,
        "withdraw": require_member_of_owner,
    }
    filter_backends = [FilterParams, StableOrdering]
    filterset_class = selectors.EscalationFilters
    ordering_fields = ["created_at", "updated_at", "id"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.escalation_list(actor=self.actor, filters=self.request.query_params)
        return selectors.escalation_detail(actor=self.actor)

    def get_serializer_class(self):
        return s.EscalationOutput if self.action == "list" else s.EscalationDetailOutput

    def _answer(self, escalation):
        escalation = self.get_queryset().get(
            pk=escalation.pk
        )  # re-read with the thread, as the detail shows it
        return Response(s.EscalationDetailOutput(escalation).data)

    @extend_schema(
        summary="Take it from the queue (operator)",
        request=None,
        responses=action_responses(s.EscalationDetailOutput),
    )
    @action(detail=True, methods=["post"])
    def take(self, request, pk=None):
        return self._answer(
            services.escalation_take(actor=self.actor, escalation=self.get_object())
        )

    @extend_schema(
        summary="Ask the partner a question (operator)",
        request=s.RequestInfoInput,
        responses=action_responses(s.EscalationDetailOutput),
    )
    @action(detail=True, methods=["post"], url_path="request-info")
    def request_info(self, request, pk=None):
        escalation = self.get_object()
        return self._answer(
            services.escalation_request_info(
                actor=self.actor,
                escalation=escalation,
                **validated(s.RequestInfoInput, request.data),
            )
        )

    @extend_schema(
        summary="Answer the operator's question (partner); the escalation is back in review",
        request={"application/json": s.BodyInput, "multipart/form-data": s.BodyInput},
        responses=action_responses(s.EscalationDetailOutput),
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        escalation = self.get_object()
        services.escalation_answer(
            actor=self.actor, escalation=escalation, **validated(s.BodyInput, request.data)
        )
        return self._answer(escalation)

    @extend_schema(
        summary="Resolve with an outcome, a response and an optional credit (operator)",
        description="The ticket returns to the partner (open) with a close-the-loop deadline; "
        "the partner's members are e-mailed; the invoice is unfrozen.",
        request=s.EscalationResolveInput,
        responses=action_responses(s.EscalationDetailOutput),
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        escalation = self.get_object()
        return self._answer(
            services.escalation_resolve(
                actor=self.actor,
                escalation=escalation,
                **validated(s.EscalationResolveInput, request.data),
            )
        )

    @extend_schema(
        summary="Withdraw it (partner); the ticket returns to open",
        request=s.WithdrawInput,
        responses=action_responses(s.EscalationDetailOutput),
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        escalation = self.get_object()
        return self._answer(
            services.escalation_withdraw(
                actor=self.actor, escalation=escalation, **validated(s.WithdrawInput, request.data)
            )
        )

"""Subscriptions (partner users: own; operator: all) with suspend / reactivate / cancel, the
suspension guard as a read, and the partner's "ready to suspend" queue."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from billing import selectors, services
from billing.api.serializers import (
    NoteInput,
    SubscriptionInput,
    SubscriptionOutput,
    SubscriptionUpdateInput,
    SuspendInput,
    SuspensionCheckOutput,
    SuspensionRequestOutput,
)
from billing.models import Subscription
from billing.services.subscriptions import subscription_cancel_guard, subscription_suspend_guard
from core.api.base import ActorMixin, validated
from core.api.fields import IdField
from core.api.permissions import (
    ActionGuard,
    IsOperatorOrPartnerUser,
    IsPartnerAdmin,
    IsPartnerUser,
)
from partners.models import Customer


class SubscriptionViewSet(
    ActorMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    permission_classes = [IsOperatorOrPartnerUser, ActionGuard]
    http_method_names = ["get", "post", "patch", "head", "options"]  # PATCH edits; no PUT
    action_guards = {
        "suspend": subscription_suspend_guard,
        "cancel": subscription_cancel_guard,
    }
    serializer_class = SubscriptionOutput
    ordering_fields = ["id", "suspended_at"]
    ordering = ["id"]  # the API's default order; the selector's (by customer) is the pages'

    class FilterSerializer(serializers.Serializer):
        """The list's query parameters; ``billing.selectors.filters.SubscriptionFilter`` says what
        each one means."""

        status = serializers.ChoiceField(choices=Subscription.Status.choices, required=False)
        customer = IdField(required=False)
        external_id = serializers.CharField(required=False, max_length=100)

    def get_permissions(self):
        # Who before what: an agent or the operator is refused before the body is read.
        if self.action in ("create", "partial_update"):
            return [IsPartnerAdmin()]
        return super().get_permissions()

    def get_queryset(self):
        return selectors.subscription_list(actor=self.actor)

    @extend_schema(parameters=[FilterSerializer])
    def list(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        subscriptions = selectors.subscription_list(actor=self.actor, filters=filters)
        page = self.paginate_queryset(self.filter_queryset(subscriptions))  # ?ordering=, ?page=
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=SubscriptionInput,
        responses={201: SubscriptionOutput},
        description="Partner admin: a new active subscription of one of the partner's customers "
        "(another partner's customer is 400 on `customer`).",
    )
    def create(self, request):
        data = validated(SubscriptionInput, request.data)
        customer = Customer.objects.for_actor(self.actor).filter(pk=data["customer"]).first()
        if customer is None:  # another partner's customer does not exist
            raise ValidationError({"customer": [_("No such customer.")]})
        data["customer"] = customer
        subscription = services.subscription_create(actor=self.actor, **data)
        return Response(SubscriptionOutput(subscription).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SubscriptionUpdateInput,
        responses=SubscriptionOutput,
        description="Partner admin: the offer, the quantity or the external id.",
    )
    def partial_update(self, request, pk=None):
        subscription = self.get_object()  # another partner's row is 404 before its input is read
        subscription = services.subscription_update(
            actor=self.actor,
            subscription=subscription,
            **validated(SubscriptionUpdateInput, request.data, partial=True),
        )
        return Response(SubscriptionOutput(subscription).data)

    @extend_schema(
        request=SuspendInput,
        responses=SubscriptionOutput,
        description="Partner admin: `non_payment` (only when the collections policy allows it, "
        "else 409 `policy_violation` saying what is missing and from when). Operator: `fraud` or "
        "`misuse`.",
    )
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        subscription = self.get_object()  # another partner's row is 404 before its input is read
        subscription = services.subscription_suspend(
            actor=self.actor, subscription=subscription, **validated(SuspendInput, request.data)
        )
        return Response(SubscriptionOutput(subscription).data)

    @extend_schema(
        request=NoteInput,
        responses=SubscriptionOutput,
        description="Lifts the reasons the caller may lift (partner admin: non_payment; operator: "
        "fraud, misuse). Active again only when no reason is left; 409 if the caller may lift "
        "none.",
    )
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        subscription = self.get_object()  # another partner's row is 404 before its input is read
        subscription = services.subscription_reactivate(
            actor=self.actor, subscription=subscription, **validated(NoteInput, request.data)
        )
        return Response(SubscriptionOutput(subscription).data)

    @extend_schema(request=NoteInput, responses=SubscriptionOutput, description="Partner admin.")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        subscription = self.get_object()  # another partner's row is 404 before its input is read
        subscription = services.subscription_cancel(
            actor=self.actor, subscription=subscription, **validated(NoteInput, request.data)
        )
        return Response(SubscriptionOutput(subscription).data)

    @extend_schema(
        responses=SuspensionCheckOutput,
        description="Would a suspension for non-payment be allowed now? If not, why, and from "
        "which date.",
    )
    @action(detail=True, methods=["get"], url_path="suspension-check")
    def suspension_check(self, request, pk=None):
        check = selectors.suspension_check(self.get_object())
        return Response(SuspensionCheckOutput(check).data)


class SuspensionRequestViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The partner's "ready to suspend" queue (open items; ``?all=1`` for closed ones too)."""

    permission_classes = [IsPartnerUser]
    serializer_class = SuspensionRequestOutput
    ordering = ["-created_at", "-id"]  # the API's default order; the selector's is the queue's

    def get_queryset(self):
        return selectors.suspension_request_list(actor=self.actor)

    def list(self, request):
        filters = {} if request.query_params.get("all") == "1" else {"open": True}
        items = selectors.suspension_request_list(actor=self.actor, filters=filters)
        page = self.paginate_queryset(self.filter_queryset(items))  # ?ordering=, then ?page=
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=NoteInput,
        responses=SuspensionRequestOutput,
        description="Partner admin: decide not to suspend.",
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        item = self.get_object()  # another partner's row is 404 before its input is read
        item = services.suspension_request_dismiss(
            actor=self.actor, request=item, **validated(NoteInput, request.data)
        )
        return Response(SuspensionRequestOutput(item).data)

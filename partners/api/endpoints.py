"""Thin API views: parse input, call a service or selector, render output."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from core.actors import actor_for
from core.api.auth import TokenInput, TokenOutput
from core.api.base import ActorMixin
from core.api.base import validated as _valid
from core.api.permissions import IsOperatorOrPartnerUser, IsPartnerUser
from core.api.throttling import SignInRateThrottle
from partners import selectors, services
from partners.api.serializers import (
    ContactInput,
    ContactOutput,
    CustomerInput,
    CustomerOutput,
    MemberInput,
    MemberOutput,
    MeOutput,
    PartnerInput,
    PartnerOutput,
    WorkingHours,
)


class TokenView(APIView):
    """``POST {username, password[, otp]}`` → a new ``{"token", "expiry"}`` on every sign-in.

    ``otp`` is needed once the user has a second factor. Failed attempts count toward
    django-axes' lockout, and the address is throttled (``sign_in``) on every web node.
    """

    authentication_classes = []
    permission_classes = []
    throttle_classes = [SignInRateThrottle]
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # DRF's view names its own: not ours

    @extend_schema(request=TokenInput, responses=TokenOutput, auth=[])
    def post(self, request):
        # django-axes marks the Django request it was given as locked out, and its middleware
        # answers for it; DRF's wrapper would hide that mark, so authenticate the Django request.
        serializer = TokenInput(data=request.data, context={"request": request._request})
        serializer.is_valid(raise_exception=True)
        instance, token = services.api_token_create(user=serializer.validated_data["user"])
        return Response(TokenOutput({"token": token, "expiry": instance.expiry}).data)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeOutput)
    def get(self, request):
        actor = actor_for(request.user)
        data = {
            "username": request.user.get_username(),
            "role": actor.role,
            "partner": actor.partner_id,
        }
        return Response(MeOutput(data).data)


class PartnerViewSet(ActorMixin, viewsets.ModelViewSet):
    """Operators manage every partner; partner users see only their own."""

    permission_classes = [IsOperatorOrPartnerUser]
    serializer_class = PartnerOutput
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        return selectors.partner_list(actor=self.actor)

    @extend_schema(request=PartnerInput, responses={201: PartnerOutput})
    def create(self, request):
        data = _valid(PartnerInput, request.data)
        partner = services.partner_create(actor=self.actor, **data)
        return Response(PartnerOutput(partner).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PartnerInput, responses=PartnerOutput)
    def update(self, request, pk=None, partial=False):
        partner = self.get_object()
        data = _valid(PartnerInput, request.data, partial=partial)
        partner = services.partner_update(actor=self.actor, partner=partner, **data)
        return Response(PartnerOutput(partner).data)

    def destroy(self, request, pk=None):
        services.partner_delete(actor=self.actor, partner=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["GET"], responses=WorkingHours)
    @extend_schema(methods=["PATCH"], request=WorkingHours, responses=WorkingHours)
    @action(detail=True, methods=["get", "patch"], url_path="working-hours")
    def working_hours(self, request, pk=None):
        """The working calendar SLA clocks count in; the operator or the partner's admin
        changes it (any field alone)."""
        partner = self.get_object()
        if request.method == "PATCH":
            data = _valid(WorkingHours, request.data, partial=True)
            partner = services.partner_working_hours_update(
                actor=self.actor, partner=partner, **data
            )
        return Response(WorkingHours(partner).data)

    @extend_schema(request=MemberInput, responses={201: MemberOutput})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        partner = self.get_object()
        data = _valid(MemberInput, request.data)
        membership = services.member_add(actor=self.actor, partner=partner, **data)
        return Response(MemberOutput(membership).data, status=status.HTTP_201_CREATED)


class CustomerViewSet(
    ActorMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    permission_classes = [IsPartnerUser]
    serializer_class = CustomerOutput
    ordering_fields = ["name", "id", "created_at"]

    class FilterSerializer(serializers.Serializer):
        """The list's query parameters; ``partners.selectors.CustomerFilter`` says what each one
        means."""

        language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
        # A flag missing from the query filters nothing (DRF would otherwise read it as false).
        collections_exempt = serializers.BooleanField(allow_null=True, default=None)
        search = serializers.CharField(required=False, max_length=200)
        external_id = serializers.CharField(required=False, max_length=100)

    def get_queryset(self):
        return selectors.customer_list(actor=self.actor).prefetch_related("contacts")

    @extend_schema(parameters=[FilterSerializer])
    def list(self, request):
        filters = _valid(self.FilterSerializer, request.query_params)
        customers = selectors.customer_list(actor=self.actor, filters=filters)
        customers = customers.prefetch_related("contacts")  # shown on every row
        page = self.paginate_queryset(self.filter_queryset(customers))  # ?ordering=, ?page=
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=CustomerInput, responses={201: CustomerOutput})
    def create(self, request):
        data = _valid(CustomerInput, request.data)
        customer = services.customer_create(actor=self.actor, **data)
        return Response(CustomerOutput(customer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CustomerInput, responses=CustomerOutput)
    def update(self, request, pk=None, partial=False):
        customer = self.get_object()
        data = _valid(CustomerInput, request.data, partial=partial)
        customer = services.customer_update(actor=self.actor, customer=customer, **data)
        return Response(CustomerOutput(self.get_queryset().get(pk=customer.pk)).data)

    @extend_schema(
        summary="Add an address that speaks for the customer by e-mail",
        request=ContactInput,
        responses={201: ContactOutput},
    )
    @action(detail=True, methods=["post"])
    def contacts(self, request, pk=None):
        customer = self.get_object()
        data = _valid(ContactInput, request.data)
        contact = services.customer_contact_add(actor=self.actor, customer=customer, **data)
        return Response(ContactOutput(contact).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Remove one of the customer's extra addresses", request=None)
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"contacts/(?P<contact_id>\d+)",
        url_name="contact",
    )
    def contact_remove(self, request, pk=None, contact_id=None):
        customer = self.get_object()
        contact = get_object_or_404(customer.contacts.all(), pk=contact_id)
        services.customer_contact_remove(actor=self.actor, contact=contact)
        return Response(status=status.HTTP_204_NO_CONTENT)

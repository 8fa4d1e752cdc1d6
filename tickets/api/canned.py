"""Canned replies: partner users read them, partner admins write them (every language)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from core.api.base import ActorMixin, validated
from core.api.permissions import IsPartnerUser
from tickets import selectors, services
from tickets.api import serializers as s
from tickets.api.schema import action_responses


class CannedReplyViewSet(ActorMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsPartnerUser]
    serializer_class = s.CannedReplyOutput
    ordering_fields = ["title", "id"]

    def get_queryset(self):
        return selectors.canned_reply_list(actor=self.actor)

    @extend_schema(
        request=s.CannedReplyInput,
        responses=action_responses(s.CannedReplyOutput, 201, conflict=False),
    )
    def create(self, request):
        reply = services.canned_reply_create(
            actor=self.actor, **_given(s.CannedReplyInput, request.data)
        )
        return Response(s.CannedReplyOutput(reply).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.CannedReplyInput, responses=action_responses(s.CannedReplyOutput, conflict=False)
    )
    def update(self, request, pk=None, partial=False):
        reply = self.get_object()
        data = _given(s.CannedReplyInput, request.data, partial=partial)
        return Response(
            s.CannedReplyOutput(
                services.canned_reply_update(actor=self.actor, canned_reply=reply, **data)
            ).data
        )

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(
        responses={204: None, 403: action_responses(None)[403], 404: action_responses(None)[404]}
    )
    def destroy(self, request, pk=None):
        services.canned_reply_delete(actor=self.actor, canned_reply=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def _given(serializer, data, partial=False) -> dict:
    # Only what the client sent: a language left out keeps its text on update.
    return {
        key: value
        for key, value in validated(serializer, data, partial=partial).items()
        if key in data
    }

"""The signed-in user's activity inbox: their own rows only (another user's is 404)."""

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.base import ActorMixin, validated
from notifications import activity
from notifications.activity import Activity


class ActivityOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "kind_label",
            "partner",  # whose it is: the operator's inbox spans every partner
            "object_type",
            "object_id",
            "summary",
            "created_at",
            "read_at",
        ]


class ActivityFilterInput(serializers.Serializer):
    unread = serializers.BooleanField(default=False)


@extend_schema_view(
    list=extend_schema(
        summary="What needs me, newest first",
        parameters=[OpenApiParameter("unread", bool, description="only what I have not read")],
    ),
    retrieve=extend_schema(summary="One of my activities"),
)
class ActivityViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = ActivityOutput

    def get_queryset(self):
        if self.action == "list":
            filters = validated(ActivityFilterInput, self.request.query_params)
            return activity.activity_list(actor=self.actor, unread=filters["unread"])
        return activity.activity_list(actor=self.actor)

    @extend_schema(summary="Mark one activity read", request=None, responses=ActivityOutput)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        row = activity.activity_mark_read(actor=self.actor, activity=self.get_object())
        return Response(ActivityOutput(row).data)

    @extend_schema(
        summary="Mark all my activity read",
        request=None,
        responses=inline_serializer("ReadAll", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": activity.activity_mark_all_read(actor=self.actor)})

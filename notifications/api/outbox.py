"""The outbox, read-only: partner users see their partner's e-mails, the operator sees all."""

import django_filters
from rest_framework import viewsets

from core.api.base import ActorMixin
from core.api.permissions import IsOperatorOrPartnerUser
from notifications import selectors
from notifications.api.serializers import NotificationOutput
from notifications.kinds import KINDS
from notifications.models import Notification


class NotificationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Notification.Status.choices)
    kind = django_filters.ChoiceFilter(choices=[(kind, kind) for kind in sorted(KINDS)])

    class Meta:
        model = Notification
        fields = ["status", "kind"]


class NotificationViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsOperatorOrPartnerUser]
    serializer_class = NotificationOutput
    filterset_class = NotificationFilter
    ordering_fields = ["created_at", "id", "sent_at"]

    def get_queryset(self):
        return selectors.notification_list(actor=self.actor)

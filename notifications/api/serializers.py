from rest_framework import serializers

from notifications.models import Notification


class NotificationOutput(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = [
            "id",
            "partner",
            "kind",
            "recipient",
            "language",
            "subject",
            "status",
            "bounce_status",
            "attempts",
            "last_error",
            "created_at",
            "sent_at",
        ]

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partners.calendar import clock_minutes, clock_text
from partners.models import Customer, CustomerContact, Partner, Role

LANGUAGE_FIELD = dict(choices=settings.LANGUAGES)


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField(allow_null=True)
    partner = serializers.IntegerField(allow_null=True)


class PartnerOutput(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", "name", "slug", "default_language", "support_email", "time_zone"]


class PartnerInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=60)
    support_email = serializers.EmailField()
    default_language = serializers.ChoiceField(required=False, default="en", **LANGUAGE_FIELD)
    time_zone = serializers.CharField(required=False, default="Asia/Shanghai", max_length=64)

    def validate_time_zone(self, value):
        import zoneinfo

        if value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(_("Unknown time zone."))
        return value


class MemberInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    language = serializers.ChoiceField(
        required=False, default="", allow_blank=True, **LANGUAGE_FIELD
    )


class MemberOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    email = serializers.EmailField(source="user.email")
    role = serializers.CharField()
    partner = serializers.IntegerField(source="partner_id")


class ContactOutput(serializers.ModelSerializer):
    class Meta:
        model = CustomerContact
        fields = ["id", "email", "name"]


class ContactInput(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class CustomerOutput(serializers.ModelSerializer):
    contacts = ContactOutput(many=True, read_only=True)
    email_bounce = serializers.SerializerMethodField(
        help_text="The status code (e.g. 5.1.1) when the last e-mail to the contact e-mail "
        "bounced; null when it was delivered or none was sent."
    )

    class Meta:
        model = Customer
        fields = [
            "id",
            "name",
            "email",
            "language",
            "collections_exempt",
            "credit_balance",
            "credit_currency",
            "external_id",
            "domain",
            "contacts",
            "email_bounce",
        ]
        read_only_fields = ["credit_balance", "credit_currency"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_email_bounce(self, customer) -> str | None:
        return getattr(customer, "last_email_bounce", None) or None


class CustomerInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    # Optional: without one the customer's e-mails are recorded as not sent (the operator's file
    # makes customers with none).
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(required=False, **LANGUAGE_FIELD)  # none: the partner's
    collections_exempt = serializers.BooleanField(required=False, default=False)
    # The partner's own key or the Partner Center customer id (unique per partner when set).
    external_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    domain = serializers.CharField(required=False, allow_blank=True, max_length=253)


@extend_schema_field({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"})
class ClockTimeField(serializers.Field):
    """A local time of day as "HH:MM" (00:00–24:00), stored as minutes after midnight."""

    def to_internal_value(self, data):
        value = clock_minutes(data) if isinstance(data, str) else None
        if value is None:
            raise serializers.ValidationError(_('Write a time as "HH:MM", from 00:00 to 24:00.'))
        return value

    def to_representation(self, value):
        return clock_text(value)


class WorkingHours(serializers.Serializer):
    """The partner's working calendar: SLA clocks count working time in it."""

    time_zone = serializers.CharField(max_length=64)
    work_days = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7),
        help_text="ISO weekdays: 1 is Monday, 7 is Sunday.",
    )
    work_start = ClockTimeField(help_text='Opening time, "HH:MM" local.')
    work_end = ClockTimeField(help_text='Closing time, "HH:MM" local (up to "24:00").')
    holiday_country = serializers.CharField(
        max_length=2,
        allow_blank=True,
        help_text='ISO 3166 country whose official holidays apply ("CN": China\'s holidays and '
        'make-up working days); "" for none.',
    )

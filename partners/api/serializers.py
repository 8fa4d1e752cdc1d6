from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
            "contacts",
            "email_bounce",
        ]
        read_only_fields = ["credit_balance", "credit_currency"]


    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_email_bounce(self, customer) -> str | None:
        return getattr(customer, "last_email_bounce", None) or None


class CustomerInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    language = serializers.ChoiceField(required=False, **LANGUAGE_FIELD)  # none: the partner's
    collections_exempt = serializers.BooleanField(required=False, default=False)

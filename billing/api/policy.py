"""The partner's collections policy: partner users read it, a partner admin publishes a new
version."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import policy as rules
from billing import selectors, services
from billing.api.serializers import PolicyInput, PolicyOutput
from core.api.base import ActorMixin, validated
from core.api.permissions import IsPartnerAdmin, IsPartnerUser


class CollectionsPolicyView(ActorMixin, APIView):
    def get_permissions(self):
        return [IsPartnerAdmin()] if self.request.method == "PUT" else [IsPartnerUser()]

    @extend_schema(
        responses=PolicyOutput,
        description="The current version (before the first publication: the "
        "default policy the partner would get, `published: false`).",
    )
    def get(self, request):
        policy = selectors.policy_for_display(partner=self.actor.partner)
        return Response(PolicyOutput(policy).data)

    @extend_schema(
        request=PolicyInput,
        responses=PolicyOutput,
        description="Publish a new version. Steps: positive, strictly increasing `after_days`; "
        "reminders, then a final notice and a suspend step together, the suspend step last. A "
        "description language left out falls back to English.",
    )
    def put(self, request):
        data = validated(PolicyInput, request.data)
        descriptions = {name: data.pop(name) for name in rules.description_fields()}
        steps = [dict(step) for step in data.pop("steps")]
        policy = services.policy_publish(
            actor=self.actor,
            partner=self.actor.partner,
            steps=steps,
            descriptions=descriptions,
            **data,
        )
        return Response(PolicyOutput(policy).data)

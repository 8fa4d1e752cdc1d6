"""Reads of the inbound channel: one list, for the API and the "Inbound e-mail" page alike.

Partner users only, their own partner's: customer mail that is not on a ticket is not public, so
the operator does not see it (SPEC: the operator sees public and operator messages only).
"""

import django_filters

from core.actors import Actor
from mailgate.models import InboundEmail


class InboundEmailFilters(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=InboundEmail.Status.choices, distinct=False
    )

    class Meta:
        model = InboundEmail
        fields = ["status"]


def inbound_email_list(*, actor: Actor, filters=None):
    if not actor.is_partner_user:
        return InboundEmail.objects.none()
    rows = InboundEmail.objects.for_actor(actor)
    return InboundEmailFilters(filters or {}, queryset=rows).qs


def inbound_email_detail(*, actor: Actor):
    if not actor.is_partner_user:
        return InboundEmail.objects.none()
    return InboundEmail.objects.for_actor(actor)

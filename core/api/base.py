"""Shared plumbing for API views: the actor, and querysets scoped to it."""

from functools import cached_property

from core.actors import Actor, actor_for


class ActorMixin:
    """Gives a view ``self.actor``. Views build their queryset from a selector given it."""

    @cached_property
    def actor(self) -> Actor:
        return actor_for(self.request.user)


def validated(serializer_class, data, partial: bool = False) -> dict:
    """Validate request data with an input serializer; a bad field answers 400 by field."""
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)

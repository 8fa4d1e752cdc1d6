"""DRF permission classes for the role table of SPEC §2."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.actors import actor_for


class IsOperator(BasePermission):
    message = "Only operator staff may do this."

    def has_permission(self, request, view):
        return actor_for(request.user).is_operator


class IsPartnerUser(BasePermission):
    message = "Only partner users may do this."

    def has_permission(self, request, view):
        return actor_for(request.user).is_partner_user


class IsPartnerAdmin(BasePermission):
    message = "Only a partner admin may do this."

    def has_permission(self, request, view):
        return actor_for(request.user).is_partner_admin


class IsOperatorOrPartnerUser(BasePermission):
    message = "You have no role in the billing desk."

    def has_permission(self, request, view):
        actor = actor_for(request.user)
        return actor.is_operator or actor.is_partner_user


class ReadOnlyOrOperator(BasePermission):
    """Partner users read; only operators write."""

    message = "Only operator staff may change this."

    def has_permission(self, request, view):
        actor = actor_for(request.user)
        if request.method in SAFE_METHODS:
            return actor.is_operator or actor.is_partner_user
        return actor.is_operator


class ActionGuard(BasePermission):
    """Who may act is checked before what they sent: a view's ``action_guards`` maps an action to
    the guard its service calls first, ``guard(actor, obj)``, which raises ``NotAllowed`` (403).
    DRF runs it from ``get_object()``, before the view reads the body."""

    def has_object_permission(self, request, view, obj):
        guard = getattr(view, "action_guards", {}).get(view.action)
        if guard is not None:
            guard(actor_for(request.user), obj)
        return True


class IsOperatorOrPartnerAdmin(BasePermission):
    message = "Only the operator or a partner admin may do this."

    def has_permission(self, request, view):
        actor = actor_for(request.user)
        return actor.is_operator or actor.is_partner_admin

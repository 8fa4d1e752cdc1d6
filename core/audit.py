"""The audit trail: one append-only ``Event`` row per change, written in the change's transaction.

``event_row`` builds the row (unsaved) for a single write and for a bulk one alike, so the two can
never disagree on what a row holds; ``event_record`` saves one, ``events_write`` many at once.
The model lives in ``partners`` for its migrations; core names it instead of importing it.
"""

from django.apps import apps

from core.actors import Actor


def _event_model():
    return apps.get_model("partners", "Event")


def event_row(
    *,
    actor: Actor,
    obj=None,
    object_type: str = "",
    object_id: int = 0,
    partner_id: int | None = None,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data=None,
):
    """An unsaved audit row for a change of ``obj`` (or of the object named by type and id)."""
    if obj is not None:
        object_type, object_id = obj._meta.model_name, obj.pk
        is_partner = obj._meta.label_lower == "partners.partner"
        partner_id = obj.pk if is_partner else getattr(obj, "partner_id", None)
    return _event_model()(
        partner_id=partner_id,
        actor=actor.user,
        object_type=object_type,
        object_id=object_id,
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        data=data or {},
    )


def event_record(**fields):
    """Append one audit row (``event_row``'s arguments). Call inside the change's transaction."""
    row = event_row(**fields)
    row.save()
    return row


def events_write(rows: list) -> None:
    """Append many audit rows in one INSERT."""
    if rows:
        _event_model().objects.bulk_create(rows)

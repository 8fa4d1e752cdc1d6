"""One ``INSERT … ON CONFLICT (message_id) DO NOTHING RETURNING id`` for an inbound row
(PostgreSQL, and SQLite since 3.35; the outbox writes its rows the same way): a Message-ID seen
before is not an error, so the caller decides what to undo, and no savepoint is spent.

The row's audit Event (built by ``core.audit.event_row``, as every Event is) rides in the same
statement on PostgreSQL, a data-modifying ``WITH``: the Event is inserted from what the row's
INSERT returned, so a Message-ID already taken writes neither. Elsewhere (SQLite has no INSERT
inside ``WITH``) it is saved right after the row."""

from django.db import IntegrityError, connection, transaction

from mailgate.models import InboundEmail


def insert_or_skip(row: InboundEmail, event=None) -> bool:
    """Write ``row`` (it gets its id) and its ``event`` (an unsaved ``event_row`` of it; its
    object id becomes the row's); ``False`` when the Message-ID is already recorded, and then
    neither is written."""
    if not connection.features.can_return_rows_from_bulk_insert:
        return _insert_in_savepoint(row, event)
    fields = _fields(row)
    sql = (
        f"INSERT INTO {_quote(row._meta.db_table)} ({_columns(fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        "ON CONFLICT (message_id) DO NOTHING RETURNING id"
    )
    params = _values(row, fields)
    joined = event is not None and connection.vendor == "postgresql"
    if joined:  # the Event's object id is the id the row's INSERT returns
        event_fields = _fields(event)
        select = [
            "row.id" if f.attname == "object_id" else f"CAST(%s AS {f.db_type(connection)})"
            for f in event_fields
        ]
        sql = (
            f"WITH row AS ({sql}), logged AS (INSERT INTO {_quote(event._meta.db_table)} "
            f"({_columns(event_fields)}) SELECT {', '.join(select)} FROM row) SELECT id FROM row"
        )
        params += _values(event, [f for f in event_fields if f.attname != "object_id"])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    if found is None:
        return False
    row.pk, row._state.adding, row._state.db = found[0], False, connection.alias
    if event is not None and not joined:
        event.object_id = row.pk
        event.save()
    return True


def _fields(obj) -> list:
    return [f for f in obj._meta.local_concrete_fields if not f.primary_key]


def _columns(fields) -> str:
    return ", ".join(_quote(f.column) for f in fields)


def _values(obj, fields) -> list:
    return [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _insert_in_savepoint(row: InboundEmail, event) -> bool:
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        if not InboundEmail.objects.filter(message_id=row.message_id).exists():
            raise
        return False
    if event is not None:
        event.object_id = row.pk
        event.save()
    return True

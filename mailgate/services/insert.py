"""One ``INSERT … ON CONFLICT (message_id) DO NOTHING RETURNING id`` for an inbound row
(PostgreSQL, and SQLite since 3.35; the outbox writes its rows the same way): a Message-ID seen
before is not an error, so the caller decides what to undo, and no savepoint is spent."""

from django.db import IntegrityError, connection, transaction

from mailgate.models import InboundEmail


def insert_or_skip(row: InboundEmail) -> bool:
    """Write ``row`` (it gets its id); ``False`` when its Message-ID is already recorded."""
    if not connection.features.can_return_rows_from_bulk_insert:
        return _insert_in_savepoint(row)
    fields = [f for f in InboundEmail._meta.local_concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    params = [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(InboundEmail._meta.db_table)} "
            f"({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            "ON CONFLICT (message_id) DO NOTHING RETURNING id",
            params,
        )
        found = cursor.fetchone()
    if found is None:
        return False
    row.pk, row._state.adding, row._state.db = found[0], False, connection.alias
    return True


def _insert_in_savepoint(row: InboundEmail) -> bool:
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        if not InboundEmail.objects.filter(message_id=row.message_id).exists():
            raise
        return False
    return True

"""Trigram GIN indexes for ``core.search`` (``UPPER(column) LIKE UPPER('%word%')``), on
PostgreSQL only: SQLite, the embedded default, scans (its lists are small)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# (index name, table, column): the columns the ticket, customer and invoice searches look in.
SEARCHED = [
    ("ticket_subject_trgm", "tickets_ticket", "subject"),
    ("ticket_description_trgm", "tickets_ticket", "description"),
    ("message_body_trgm", "tickets_message", "body"),
    ("customer_name_trgm", "partners_customer", "name"),
    ("customer_email_trgm", "partners_customer", "email"),
    ("invoice_number_trgm", "billing_invoice", "number"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0002_dunning_bookkeeping_and_transitions"),
        ("partners", "0001_initial"),
        ("tickets", "0002_sla_bookkeeping_and_queue_indexes"),
    ]

    operations = [
        TrigramExtension(),  # does nothing on other databases
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]

"""One search document per ticket (``tickets.models.search``), kept by PostgreSQL triggers, with a
trigram GIN index on each of its three texts; existing tickets get theirs in batches. The ticket
subject, description and message body trigram indexes of ``0003_search_indexes`` go: searches read
the documents now. SQLite gets the table and nothing else (it searches the columns themselves).
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 20_000  # tickets per statement of the backfill

# The one definition of a ticket's search document (the seed of bench/ calls it too).
REFRESH = r"""
CREATE OR REPLACE FUNCTION tickets_search_refresh(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO tickets_ticketsearch (ticket_id, partner_id, document, messages, notes)
    SELECT t.id, t.partner_id,
           upper(concat_ws(E'\n', t.subject, t.description, c.name, c.email, i.number)),
           upper(coalesce(m.messages, '')), upper(coalesce(m.notes, ''))
    FROM unnest(ids) AS wanted (id)
    JOIN tickets_ticket t ON t.id = wanted.id
    JOIN partners_customer c ON c.id = t.customer_id
    LEFT JOIN billing_invoice i ON i.id = t.invoice_id
    CROSS JOIN LATERAL (
        SELECT string_agg(body, E'\n' ORDER BY created_at, id)
                   FILTER (WHERE visibility IN ('public', 'operator')) AS messages,
               string_agg(body, E'\n' ORDER BY created_at, id)
                   FILTER (WHERE visibility = 'internal') AS notes
        FROM tickets_message WHERE ticket_id = t.id
    ) m
    ON CONFLICT (ticket_id) DO UPDATE SET partner_id = EXCLUDED.partner_id,
        document = EXCLUDED.document, messages = EXCLUDED.messages, notes = EXCLUDED.notes
$$;
"""

TRIGGERS = r"""
CREATE OR REPLACE FUNCTION tickets_search_ticket_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM tickets_ticketsearch WHERE ticket_id = OLD.id;
    ELSE
        PERFORM tickets_search_refresh(ARRAY[NEW.id]);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION tickets_search_message_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM tickets_search_refresh(ARRAY[OLD.ticket_id]);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.ticket_id <> OLD.ticket_id) THEN
        PERFORM tickets_search_refresh(ARRAY[NEW.ticket_id]);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION tickets_search_customer_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tickets_search_refresh(ARRAY(SELECT id FROM tickets_ticket WHERE customer_id = NEW.id));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION tickets_search_invoice_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tickets_search_refresh(ARRAY(SELECT id FROM tickets_ticket WHERE invoice_id = NEW.id));
    RETURN NULL;
END $$;

CREATE TRIGGER tickets_search_ticket_inserted AFTER INSERT ON tickets_ticket
    FOR EACH ROW EXECUTE FUNCTION tickets_search_ticket_changed();
CREATE TRIGGER tickets_search_ticket_updated
    AFTER UPDATE OF subject, description, customer_id, invoice_id, partner_id ON tickets_ticket
    FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject
        OR OLD.description IS DISTINCT FROM NEW.description
        OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
        OR OLD.invoice_id IS DISTINCT FROM NEW.invoice_id
        OR OLD.partner_id IS DISTINCT FROM NEW.partner_id)
    EXECUTE FUNCTION tickets_search_ticket_changed();
CREATE TRIGGER tickets_search_ticket_deleted AFTER DELETE ON tickets_ticket
    FOR EACH ROW EXECUTE FUNCTION tickets_search_ticket_changed();
CREATE TRIGGER tickets_search_message_changed
    AFTER INSERT OR DELETE OR UPDATE OF body, visibility, ticket_id ON tickets_message
    FOR EACH ROW EXECUTE FUNCTION tickets_search_message_changed();
CREATE TRIGGER tickets_search_customer_changed AFTER UPDATE OF name, email ON partners_customer
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION tickets_search_customer_changed();
CREATE TRIGGER tickets_search_invoice_changed AFTER UPDATE OF number ON billing_invoice
    FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number)
    EXECUTE FUNCTION tickets_search_invoice_changed();
"""

DROP_TRIGGERS = r"""
DROP TRIGGER IF EXISTS tickets_search_ticket_inserted ON tickets_ticket;
DROP TRIGGER IF EXISTS tickets_search_ticket_updated ON tickets_ticket;
DROP TRIGGER IF EXISTS tickets_search_ticket_deleted ON tickets_ticket;
DROP TRIGGER IF EXISTS tickets_search_message_changed ON tickets_message;
DROP TRIGGER IF EXISTS tickets_search_customer_changed ON partners_customer;
DROP TRIGGER IF EXISTS tickets_search_invoice_changed ON billing_invoice;
DROP FUNCTION IF EXISTS tickets_search_ticket_changed();
DROP FUNCTION IF EXISTS tickets_search_message_changed();
DROP FUNCTION IF EXISTS tickets_search_customer_changed();
DROP FUNCTION IF EXISTS tickets_search_invoice_changed();
DROP FUNCTION IF EXISTS tickets_search_refresh(bigint[]);
"""

# (index name, column) on tickets_ticketsearch.
INDEXES = [
    ("ticket_search_document_trgm", "document"),
    ("ticket_search_messages_trgm", "messages"),
    ("ticket_search_notes_trgm", "notes"),
]
# 0003_search_indexes' indexes that the documents replace: (name, table, column).
REPLACED = [
    ("ticket_subject_trgm", "tickets_ticket", "subject"),
    ("ticket_description_trgm", "tickets_ticket", "description"),
    ("message_body_trgm", "tickets_message", "body"),
]


def trigram_index(name, table, column, expression="UPPER({column}::text)"):
    key = expression.format(column=column)
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({key} gin_trgm_ops)"


def backfill(cursor, batch: int = BATCH) -> None:
    """Every ticket's document, ``batch`` tickets a statement (also bench/tickets_seed)."""
    cursor.execute("SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM tickets_ticket")
    low, high = cursor.fetchone()
    for start in range(low, high + 1, batch):
        cursor.execute(
            "SELECT tickets_search_refresh(ARRAY(SELECT id FROM tickets_ticket "
            "WHERE id >= %s AND id < %s))",
            [start, start + batch],
        )


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(REFRESH)
        backfill(cursor)
        cursor.execute(TRIGGERS)
        for name, column in INDEXES:
            # The documents are stored upper-cased: the index is on the column itself.
            cursor.execute(trigram_index(name, "tickets_ticketsearch", column, "{column}"))
        for name, _table, _column in REPLACED:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, table, column in REPLACED:
            cursor.execute(trigram_index(name, table, column))
        for name, _column in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute(DROP_TRIGGERS)


class Migration(migrations.Migration):
    atomic = True

    dependencies = [
        ("partners", "0009_merge_customer_contacts"),
        ("tickets", "0007_merge_sla_pauses_and_channel"),
    ]

    operations = [
        migrations.CreateModel(
            name="TicketSearch",
            fields=[
                (
                    "ticket",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="tickets.ticket",
                    ),
                ),
                ("document", models.TextField(blank=True, default="")),
                ("messages", models.TextField(blank=True, default="")),
                ("notes", models.TextField(blank=True, default="")),
                (
                    "partner",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partners.partner",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        models.F("partner"),
                        models.F("ticket") * models.Value(-1),
                        name="ticket_search_partner_idx",
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]

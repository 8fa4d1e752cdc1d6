"""Seeding the ticket benchmarks' corpus in PostgreSQL (bench_tickets and bench_reports): partners,
customers, tickets, messages and escalations by set-based SQL, sized by the command line.

Django must be set up first (bench_tickets does it, on the bench database)."""

import importlib
import time

SEEDED_TABLES = [
    "tickets_ticket",
    "tickets_message",
    "tickets_escalation",
    "tickets_ticketsearch",
]
SEARCH_TABLE = "public.tickets_ticketsearch "


def seeded_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'tickets_ticket'")
        row = cursor.fetchone()
    return max(row[0], 0) if row else 0


def seed(args) -> dict:
    from django.db import connection

    started = time.perf_counter()
    timings = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SET session_replication_role = replica"
        )  # no FK triggers during the bulk load
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(
            "TRUNCATE tickets_escalation, tickets_attachment, tickets_message, tickets_ticket, "
            "partners_customer, partners_membership, knox_authtoken, auth_user_groups, auth_user, "
            "partners_partner, partners_event, notifications_notification RESTART IDENTITY CASCADE"
        )
        indexes = secondary_indexes(cursor)
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for step, sql in seed_statements(args):
            t0 = time.perf_counter()
            cursor.execute(sql, seed_params(args))
            timings[step] = round(time.perf_counter() - t0, 1)
            print(f"  seeded {step:<12} {timings[step]:>7.1f} s", flush=True)
        # The documents are gathered through the message index, so they come after the other
        # tables' indexes and before their own.
        t0 = time.perf_counter()
        later = [index for index in indexes if index[1].split(" ON ")[1].startswith(SEARCH_TABLE)]
        for _name, definition in indexes:
            if (_name, definition) not in later:
                cursor.execute(definition)
        timings["indexes"] = round(time.perf_counter() - t0, 1)
        t0 = time.perf_counter()
        search_documents(cursor)
        timings["search"] = round(time.perf_counter() - t0, 1)
        print(f"  seeded {'search':<12} {timings['search']:>7.1f} s", flush=True)
        t0 = time.perf_counter()
        for _name, definition in later:
            cursor.execute(definition)
        timings["indexes"] += round(time.perf_counter() - t0, 1)
        print(f"  rebuilt {len(indexes)} indexes in {timings['indexes']:.1f} s", flush=True)
        cursor.execute("SET session_replication_role = origin")
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for table in [
            *SEEDED_TABLES,
            "partners_customer",
            "partners_partner",
            "auth_user",
            "partners_membership",
        ]:
            cursor.execute(f"VACUUM ANALYZE {table}")
    timings["vacuum_analyze"] = round(time.perf_counter() - t0, 1)
    timings["total"] = round(time.perf_counter() - started, 1)
    print(f"  seeded everything in {timings['total']:.0f} s", flush=True)
    return timings


def search_documents(cursor) -> None:
    """Every ticket's search document, by the migration's own backfill (triggers are off during
    the load): the same SQL function the triggers call, so the bench searches the real thing."""
    migration = importlib.import_module("tickets.migrations.0008_ticket_search_documents")
    migration.backfill(cursor)


def secondary_indexes(cursor) -> list[tuple[str, str]]:
    """The seeded tables' indexes that no constraint owns: dropped for the load, rebuilt after."""
    cursor.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
        WHERE tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)""",
        [SEEDED_TABLES],
    )
    return cursor.fetchall()


def seed_params(args) -> dict:
    big = int(args.tickets * args.big_share)
    return {
        "partners": args.partners,
        "customers": args.customers,
        "tickets": args.tickets,
        "big": big,
        "messages": args.messages,
    }


def seed_statements(args):
    yield (
        "partners",
        """
        INSERT INTO partners_partner (name, slug, default_language, support_email, time_zone,
                                      work_days, work_start, work_end, holiday_country,
                                      created_at)
        SELECT 'Bench partner ' || g, 'bench-' || g, 'en', 'support@bench-' || g || '.example',
               'Asia/Shanghai', '[1, 2, 3, 4, 5]', 540, 1080, 'CN', now()
        FROM generate_series(1, %(partners)s) g ORDER BY g""",
    )
    yield (
        "users",
        """
        INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                               is_staff, is_active, date_joined)
        SELECT '!', false, 'bench-agent-' || g, '', '', 'agent' || g || '@bench.example', false,
               true, now()
        FROM generate_series(1, %(partners)s) g ORDER BY g""",
    )
    yield (
        "memberships",
        """
        INSERT INTO partners_membership (user_id, partner_id, role, created_at)
        SELECT g, g, 'agent', now() FROM generate_series(1, %(partners)s) g""",
    )
    yield (
        "customers",
        """
        INSERT INTO partners_customer (partner_id, name, email, language, collections_exempt,
                                       credit_balance, credit_currency, domain, external_id,
                                       created_at)
        SELECT p, 'Customer ' || p || '-' || k, 'billing' || p || '-' || k || '@customer.example',
               (ARRAY['en','zh-hans','es','fr','it','pt-br','ru'])[1 + k %% 7], false,
               0, '', '', '', now()
        FROM generate_series(1, %(partners)s) p, generate_series(1, %(customers)s) k
        ORDER BY p, k""",
    )
    yield "tickets", TICKETS_SQL
    yield (
        "messages",
        """
        INSERT INTO tickets_message (partner_id, ticket_id, author_id, author_kind, body,
                                     visibility, created_at)
        SELECT t.partner_id, t.id, CASE WHEN k %% 2 = 0 THEN t.partner_id END,
               CASE WHEN k %% 2 = 0 THEN 'partner' ELSE 'customer' END,
               'Message ' || k || ' on ticket ' || t.id
                   || ': we are checking the invoice lines with our billing team.',
               CASE WHEN k %% 3 = 0 THEN 'internal' ELSE 'public' END,
               t.created_at + k * interval '1 hour'
        FROM tickets_ticket t, generate_series(1, %(messages)s) k""",
    )
    yield (
        "escalations",
        """
        INSERT INTO tickets_escalation (partner_id, ticket_id, status, summary, steps_taken,
                                        outcome, response, created_by_id, created_at, updated_at)
        SELECT partner_id, id, 'submitted', 'Seat count dispute',
               'Compared usage with the invoice', '', '',
               partner_id, updated_at, updated_at
        FROM tickets_ticket WHERE status = 'escalated' ORDER BY updated_at""",
    )


# Partner 1 holds the big share; the others share the rest evenly. Statuses, priorities and
# categories follow a plausible mix (half of all tickets closed, a fifth open, …).
TICKETS_SQL = """
INSERT INTO tickets_ticket (partner_id, customer_id, category, subject, description, priority,
    channel, assignee_id, status, status_token, first_response_due, first_responded_at,
    resolution_due, resolved_at, closed_at, auto_close_at, created_at, updated_at, sla_left,
    sla_paused_seconds)
SELECT p, (p - 1) * %(customers)s + 1 + g %% %(customers)s, cat,
       'Ticket ' || g || ': question about our invoice',
       'The customer asks about the charges on their latest invoice.', pri,
       (ARRAY['web','web','api','email'])[1 + g %% 4],
       CASE WHEN r_assign < 0.6 THEN p END, st,
       md5(g || ':' || random()) || md5(random() || ':' || g),
       created + interval '8 hours', CASE WHEN st <> 'new' THEN created + interval '2 hours' END,
       created + interval '72 hours', CASE WHEN st IN ('resolved', 'closed') THEN updated END,
       CASE WHEN st = 'closed' THEN updated END,
       CASE WHEN st = 'resolved' THEN updated + interval '7 days' END,
       created, updated, '{}', 0
FROM (
    SELECT g, CASE WHEN g <= %(big)s THEN 1 ELSE 2 + g %% (%(partners)s - 1) END AS p,
           random() AS r_assign,
           CASE WHEN r_st < 0.50 THEN 'closed' WHEN r_st < 0.60 THEN 'resolved'
                WHEN r_st < 0.80 THEN 'open' WHEN r_st < 0.88 THEN 'new'
                WHEN r_st < 0.96 THEN 'pending_customer' ELSE 'escalated' END AS st,
           CASE WHEN r_pri < 0.2 THEN 'low' WHEN r_pri < 0.7 THEN 'normal'
                WHEN r_pri < 0.9 THEN 'high' ELSE 'urgent' END AS pri,
           (ARRAY['billing_question','invoice_dispute','payment_issue','refund_request',
                  'suspension','other'])
               [1 + floor(r_cat * 6)::int] AS cat,
           created, LEAST(now(), created + r_upd * interval '10 days') AS updated
    FROM (SELECT g, random() AS r_st, random() AS r_pri, random() AS r_cat, random() AS r_upd,
                 now() - random() * interval '365 days' AS created
          FROM generate_series(1, %(tickets)s) g) raw
) s"""


# --- measuring -----------------------------------------------------------------------------

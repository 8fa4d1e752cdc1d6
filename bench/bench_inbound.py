"""Customer replies per second through ``inbound_receive`` (the service every entry point uses).

N replies (default 10,000; BENCH_INBOUND) from the customers of 50 tickets to their reply
addresses, each a whole routing: parse, strip the quote, dedupe, rate limit, route, the public
customer message, the ticket's status, the raw file through the storage API. Database:
BENCH_DATABASE_URL (an existing PostgreSQL database; it gets migrated), else a SQLite file.

The floor, measured in the same run on the same messages: parsing alone (``mailgate.parsing``),
and one INSERT per message in its own transaction — what no inbound path can go under.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COUNT = int(os.environ.get("BENCH_INBOUND", "10000"))
IMAP_COUNT = int(os.environ.get("BENCH_IMAP", "1000"))  # through the poller; 0: skip
DB_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": DB_URL,
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="bench-inbound-media-"),
        "INBOUND_EMAIL_RATE_PER_HOUR": str(COUNT),
        "LOG_LEVEL": "WARNING",
    }
)
django.setup()  # with the settings above; the project's modules come after it

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mailgate.models import InboundEmail  # noqa: E402
from mailgate.parsing import parse  # noqa: E402
from mailgate.services import inbound_receive  # noqa: E402
from partners.models import Customer, Event, Partner  # noqa: E402
from tests.support.inbound import raw_mail  # noqa: E402
from tickets.models import Message, Ticket  # noqa: E402
from tickets.reply_address import reply_address  # noqa: E402

TARGET = 200  # replies per second through the service (issue 16)
QUOTE = "\n\nOn Mon, Mar 2, 2026 at 9:00 AM Billing Desk wrote:\n> We need the invoice number.\n"


def setup_tickets() -> list[Ticket]:
    call_command("migrate", verbosity=0)
    InboundEmail.objects.all().delete()
    partner, _ = Partner.objects.get_or_create(
        slug="bench-inbound", defaults={"name": "Bench", "support_email": "s@bench.example"}
    )
    tickets = []
    for n in range(50):
        customer, _ = Customer.objects.get_or_create(
            partner=partner, email=f"c{n}@customer.example", defaults={"name": f"C{n}"}
        )
        tickets.append(
            Ticket.objects.filter(customer=customer).first()
            or Ticket.objects.create(
                partner=partner,
                customer=customer,
                category="billing_question",
                subject=f"Bench {n}",
                description="Bench",
            )
        )
    return tickets


def messages(tickets, run: str) -> list[bytes]:
    return [
        raw_mail(
            sender=tickets[n % 50].customer.email,
            to=reply_address(tickets[n % 50]),
            subject="Re: your request",
            body=f"Reply {n} of run {run}: the invoice number is INV-{n}.{QUOTE}",
            Message_ID=f"<bench-{run}-{n}@client.example>",
        )
        for n in range(COUNT)
    ]


def timed(function, items) -> float:
    start = time.perf_counter()
    for item in items:
        function(item)
    return time.perf_counter() - start


def insert_floor(raw: bytes) -> None:
    with transaction.atomic():
        Event.objects.create(object_type="bench", object_id=0, action="floor", data={})


def imap_run(tickets) -> tuple[float, float] | None:
    """(poller messages/s, fetch-only floor messages/s) for IMAP_COUNT messages in dovecot."""
    from imap_tools import MailBoxUnencrypted

    from mailgate.imap import Mailbox, imap_poll
    from tests.support.dovecot import DOVECOT, PASSWORD, USER, deliver, start_dovecot

    if not IMAP_COUNT or not DOVECOT:
        return None
    server = start_dovecot()
    try:
        raws = messages(tickets, f"imap{int(time.time())}")[:IMAP_COUNT]
        for n, raw in enumerate(raws):
            deliver(server, raw, str(n))
        box = Mailbox(host="127.0.0.1", port=server.port, user=USER, password=PASSWORD, ssl=False)
        start = time.perf_counter()  # the floor: fetching them all, changing nothing
        with MailBoxUnencrypted(box.host, box.port).login(USER, PASSWORD) as client:
            fetched = len(list(client.fetch(mark_seen=False, bulk=50)))
        fetch_seconds = time.perf_counter() - start
        start = time.perf_counter()
        done = imap_poll(box, limit=IMAP_COUNT)
        seconds = time.perf_counter() - start
        assert done == len(raws), f"{done} of {len(raws)} messages polled"
        return len(raws) / seconds, fetched / fetch_seconds
    finally:
        server.stop()


def main():
    load_before = os.getloadavg()[0]
    tickets = setup_tickets()
    raws = messages(tickets, str(int(time.time())))
    parse_seconds = timed(parse, raws)
    insert_seconds = timed(insert_floor, raws)
    before = Message.objects.count()
    service_seconds = timed(lambda raw: inbound_receive(raw, via="bench"), raws)
    attached = Message.objects.count() - before
    assert attached == COUNT, f"{attached} of {COUNT} replies attached"
    # The floor's rows stay: the audit table is append-only (a trigger refuses DELETE).
    extra = messages(tickets, f"count{int(time.time())}")[:1]
    with CaptureQueriesContext(connection) as ctx:
        inbound_receive(extra[0], via="bench")
    result = {
        "database": connection.vendor,
        "messages": COUNT,
        "service_per_second": round(COUNT / service_seconds, 1),
        "floor_parse_per_second": round(COUNT / parse_seconds, 1),
        "floor_insert_per_second": round(COUNT / insert_seconds, 1),
        "statements_per_message": len(ctx.captured_queries),
        "target_per_second": TARGET,
    }
    print(f"{'path':<40}{'messages/s':>12}")
    print(f"{'inbound_receive (whole service)':<40}{result['service_per_second']:>12}")
    print(f"{'target':<40}{TARGET:>12}")
    print(f"{'floor: parse only':<40}{result['floor_parse_per_second']:>12}")
    print(f"{'floor: one INSERT per transaction':<40}{result['floor_insert_per_second']:>12}")
    print(f"{'statements per message (a reply)':<40}{result['statements_per_message']:>12}")
    polled = imap_run(tickets)
    if polled is not None:
        result["imap_messages"] = IMAP_COUNT
        result["imap_per_second"], result["imap_floor_fetch_per_second"] = (
            round(polled[0], 1),
            round(polled[1], 1),
        )
        print(f"{'IMAP poller (dovecot), ' + str(IMAP_COUNT) + ' messages':<40}{polled[0]:>12.1f}")
        print(f"{'floor: IMAP fetch only, same messages':<40}{polled[1]:>12.1f}")
    result["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    print(f"{'load average (1 min), start and end':<40}{str(result['load_average']):>12}")
    from bench.output import results_path

    out = results_path(f"bench_inbound-{connection.vendor}.json")
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""``manage.py receive_email``: one RFC 5322 message on stdin, for a Postfix/Exim pipe transport.

Exit status (sysexits.h), as an MTA reads it: 0 accepted, held or deliberately ignored; 75
(EX_TEMPFAIL) when the database cannot be reached, so the MTA keeps the message and retries; 65
(EX_DATAERR) for input that is not a message. Never a traceback.
"""

import logging
import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError, InterfaceError, OperationalError

from mailgate.parsing import NotAMessage, parse
from mailgate.services import inbound_receive

logger = logging.getLogger(__name__)
EX_OK, EX_DATAERR, EX_TEMPFAIL = 0, 65, 75


class Command(BaseCommand):
    help = "Read one e-mail on stdin and hand it to the inbound channel."

    def add_arguments(self, parser):
        parser.add_argument(
            "--via", default="pipe", help="Recorded on the message (default: pipe)."
        )

    def handle(self, *args, **options):
        raw = sys.stdin.buffer.read()
        try:
            parse(raw)  # not a message → 65, before the service's transaction opens a connection
            row = inbound_receive(raw, via=options["via"])
        except NotAMessage as exc:
            self.stderr.write(f"Not an e-mail message: {exc}")
            sys.exit(EX_DATAERR)
        except (OperationalError, InterfaceError) as exc:
            self.stderr.write(f"The database is unreachable, try again later: {exc}")
            sys.exit(EX_TEMPFAIL)
        except (DatabaseError, Exception) as exc:  # an MTA retries a temporary failure
            logger.exception("receive_email failed")
            self.stderr.write(f"Temporary failure: {type(exc).__name__}: {exc}")
            sys.exit(EX_TEMPFAIL)
        self.stdout.write(f"{row.status} {row.reason} {row.message_id}")

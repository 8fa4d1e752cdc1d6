"""A ticket's search document: what ``?search=`` looks in, gathered from the ticket, its customer,
its invoice and its thread into one row per ticket, so that each word of a search is a condition
on one table (trigram GIN indexes) instead of an ``OR`` over four tables and a message subquery.

PostgreSQL keeps the rows current with triggers (migration ``0008_ticket_search_documents``): on a
ticket's subject, description, customer or invoice, on a message, on a customer's name or e-mail,
on an invoice's number. Every writer (services, the admin, e-mail intake, imports, factories in
tests, SQL) keeps it so, and a customer renamed in ``partners`` needs no call into ``tickets``.
SQLite, the embedded default with small lists, searches the columns themselves and has no rows
here (``tickets.selectors.filters.search_tickets``).
"""

from django.db import models
from django.db.models import F, Value

from core.tenancy import TenantQuerySet
from partners.models import Partner
from tickets.models.tickets import Ticket

# Newest first as an ascending key, which ``ticket_search_partner_idx`` holds.
NEWEST = F("ticket") * Value(-1)


class TicketSearch(models.Model):
    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    # Indexed by ticket_search_partner_idx, which leads with it.
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+", db_index=False)
    # Subject, description, the customer's name and e-mail, the invoice's number, one a line.
    document = models.TextField(default="", blank=True)
    # Bodies of the messages the operator may read too (public, to the operator), one a line.
    messages = models.TextField(default="", blank=True)
    # Bodies of the internal notes: partner users search them, the operator never.
    notes = models.TextField(default="", blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        indexes = [
            # A partner's documents newest first: the candidates of a search whose words are in
            # most documents are its newest matches, found by walking this index. Ordered by an
            # expression (``NEWEST``) that only this index holds: by ``-ticket`` PostgreSQL could
            # walk the primary key instead, every partner's rows, when a partner's are the oldest.
            models.Index(F("partner"), NEWEST, name="ticket_search_partner_idx"),
        ]

    def __str__(self):
        return f"search document of ticket {self.ticket_id}"

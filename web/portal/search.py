"""``/search/``: the header's search box, over tickets, customers and invoices at once, through
the same selectors and filters as their lists and the API (``?search=``), best matches first."""

from django.shortcuts import render

from billing import selectors as billing_selectors
from core.search import search_words
from core.web import role_required
from partners import selectors as partner_selectors
from tickets import selectors

SECTION_ROWS = 10


@role_required("partner")
def search(request):
    actor = request.actor
    query = request.GET.get("q", "").strip()[:200]
    context = {"query": query, "search_query": query, "words": search_words(query)}
    if context["words"]:
        filters = {"search": query}
        context["sections"] = {
            "tickets": partner_selectors.first_rows(
                selectors.ticket_list(actor=actor, filters=filters), SECTION_ROWS
            ),
            "customers": partner_selectors.first_rows(
                partner_selectors.customer_list(actor=actor, filters=filters), SECTION_ROWS
            ),
            "invoices": partner_selectors.first_rows(
                billing_selectors.invoice_list(actor=actor, filters=filters), SECTION_ROWS
            ),
        }
    return render(request, "portal/search/results.html", context)

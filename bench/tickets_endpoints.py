"""What bench/bench_tickets.py times: the rows of endpoints (a name, who asks, the paths it
cycles over), the searches of issue 13 and the HTML queue of issue 14 beside the API list, and
the ratios the latter is judged by. Imported after Django is set up."""

SEARCH_TARGET_MS = 50.0  # issue 13: search p95 at 1,000,000 tickets / 3,000,000 messages


def search_rows(who: str, partner: int, ids: list[int], size: int) -> list[dict]:
    """``?search=`` (tickets.selectors.filters.search_tickets): a ticket number, a customer's
    name (a word in every document and a word too short for a trigram), a word no ticket holds
    (the trigram indexes probed, nothing found) and a phrase in most messages (the candidates'
    cap is what bounds it)."""
    customer = f"Customer {partner}-7"
    searches = {
        "a ticket number": [f"%23{i}" for i in ids[:50]],
        "a customer name": [customer.replace(" ", "+")],
        "a word nobody wrote": ["zqxjv"],
        "a word in most messages": ["billing+team"],
    }
    return [
        {
            "name": f"search {what}, {who}",
            "who": who,
            "paths": [f"/api/tickets/?search={term}&page_size={size}" for term in terms],
            "target_ms": SEARCH_TARGET_MS,
        }
        for what, terms in searches.items()
    ]


def html_queue_rows(typical: int, big: int, size: int) -> list[dict]:
    """The portal's queue page (web/portal/tickets.py) beside the API list it must stay within 2×
    of (issue 14): the same partner and page size, through a session signed in like a browser's
    (the page's middleware, the session, the role, the filter form, the template)."""
    rows = []
    for label, partner in (("typical partner", typical), ("big partner", big)):
        who = f"agent-{partner}"
        rows += [
            {
                "name": f"html queue: API list, {label}",
                "who": who,
                "paths": [f"/api/tickets/?page_size={size}"],
            },
            {
                "name": f"html queue: queue page, {label}",
                "who": who,
                "session": f"bench-agent-{partner}",
                "paths": [f"/tickets/?page_size={size}"],
            },
        ]
    # The same page with one row: what any portal page costs around its rows (session, role,
    # language, header, navigation, the filter and action forms), to tell the rows' share.
    rows.append(
        {
            "name": "html queue: queue page of 1 row, typical partner",
            "who": f"agent-{typical}",
            "session": f"bench-agent-{typical}",
            "paths": ["/tickets/?page_size=1"],
        }
    )
    return rows


def html_queue_ratios(results) -> list[dict]:
    """The page's median over the API list's, per partner, beside the target (≤ 2×)."""
    by_name = {r["endpoint"]: r for r in results}
    ratios = []
    for label in ("typical partner", "big partner"):
        api = by_name.get(f"html queue: API list, {label}")
        page = by_name.get(f"html queue: queue page, {label}")
        if api and page:
            ratios.append(
                {
                    "partner": label,
                    "api_median_ms": api["median_ms"],
                    "page_median_ms": page["median_ms"],
                    "ratio": round(page["median_ms"] / api["median_ms"], 2),
                    "cpu_ratio": round(
                        page["python_cpu_median_ms"] / api["python_cpu_median_ms"], 2
                    ),
                    "api_queries": api["queries"],
                    "page_queries": page["queries"],
                    "target_ratio": HTML_QUEUE_TARGET,
                }
            )
    return ratios


HTML_QUEUE_TARGET = 2.0  # issue 14: the queue page within 2× of the API list


def endpoints(args, keys, typical: int, big: int) -> list[dict]:
    from django.db import connection

    size = args.page_size

    def sample_ids(partner):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM tickets_ticket WHERE partner_id = %s ORDER BY random() LIMIT 200",
                [partner],
            )
            return [row[0] for row in cursor.fetchall()]

    def deep_page(partner):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM tickets_ticket WHERE partner_id = %s", [partner])
            return max(1, min(20, cursor.fetchone()[0] // size))

    rows = [
        {
            "name": "floor: bare DRF endpoint",
            "who": f"agent-{typical}",
            "paths": ["/api/bench-floor/"],
        }
    ]
    for label, partner in (("typical partner", typical), ("big partner", big)):
        who = f"agent-{partner}"
        ids = sample_ids(partner)
        rows += [
            {"name": f"queue, {label}", "who": who, "paths": [f"/api/tickets/?page_size={size}"]},
            {
                "name": f"filtered status=open&priority=high, {label}",
                "who": who,
                "paths": [f"/api/tickets/?status=open&priority=high&page_size={size}"],
            },
            {
                "name": f"filtered assignee+category, {label}",
                "who": who,
                "paths": [
                    f"/api/tickets/?assignee={partner}&category=invoice_dispute&page_size={size}"
                ],
            },
            {
                "name": f"queue page {deep_page(partner)}, {label}",
                "who": who,
                "paths": [f"/api/tickets/?page={deep_page(partner)}&page_size={size}"],
            },
            {
                "name": f"ticket detail, {label}",
                "who": who,
                "paths": [f"/api/tickets/{i}/" for i in ids],
            },
            *search_rows(who, partner, ids, size),
        ]
    rows += html_queue_rows(typical, big, size)
    rows.append(
        {
            "name": "operator escalation queue (submitted)",
            "who": "operator",
            "paths": [f"/api/escalations/?status=submitted&page_size={size}"],
        }
    )
    for row in rows:
        row["token"] = keys[row["who"]]
    return rows

"""The demo's sign-ins, as plain data: ``seed_demo`` creates and prints them, and the sign-in page
lists them while the demo runs (``DEMO=true``, the Makefile's ``make run``) and they exist."""

DEMO_PASSWORD = "demo-pass-2026"
PARTNERS = [
    ("Northwind Cloud", "northwind", "zh-hans", "billing@northwind.example"),
    ("Contoso Reseller", "contoso", "en", "support@contoso.example"),
]
# (username, who: an English description for the terminal)
LOGINS = [("operator", "operator staff (21Vianet)")] + [
    (f"{slug}-{role}", f"{role} of {name}")
    for name, slug, *_ in PARTNERS
    for role in ("admin", "agent")
]

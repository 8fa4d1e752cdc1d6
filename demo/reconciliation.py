"""The operator's reconciliation file for this month's statement of each demo partner, applied as
the partner's admin would import it: two customers the desk did not know (made without an e-mail),
their subscriptions, a credit among the lines. The first partner's lines add up to its statement
(matched); the second's do not (differs). Safe to run again: the same lines change nothing."""

import uuid

from django.utils import timezone

from billing.reconciliation import recon_row_parse
from billing.selectors import month_of
from billing.services import recon_lines_apply
from core.actors import actor_for
from partners.models import Membership, Partner

# (customer, subscription, SKU, charge type, quantity, unit price, total) per line; the first
# partner's add up to its open statement (19,870.50), the second's fall 70.50 short of its own.
LINES = [
    [
        ("Hangzhou Harbour Ltd", "Microsoft 365 E3", "Cycle charge", 50, "240.00", "12000.00"),
        ("Chengdu Panda Games", "Azure plan", "Usage", 1, "8120.50", "8120.50"),
        ("Chengdu Panda Games", "Microsoft 365 Business Basic", "Cancel", 5, "50.00", "-250.00"),
    ],
    [
        ("Suzhou Silk Design", "Business Central", "Cycle charge", 20, "560.00", "11200.00"),
        ("Xiamen Ocean Foods", "Microsoft 365 E3", "New", 40, "240.00", "9600.00"),
    ],
]


def seed_reconciliation():
    today = timezone.localdate()
    start, end = month_of(today)
    for index, partner in enumerate(Partner.objects.order_by("id")[: len(LINES)]):
        admin = Membership.objects.filter(partner=partner, role="admin").first()
        if admin is None:
            continue
        number = f"ST-{partner.slug.upper()}-3"  # demo.billing's open statement of this month
        rows = [_row(partner, number, start, end, *line) for line in LINES[index]]
        lines = [recon_row_parse(row, row_number=n) for n, row in enumerate(rows, start=2)]
        recon_lines_apply(actor=actor_for(admin.user), partner=partner, lines=lines)


def _id(*parts) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "demo:" + ":".join(parts)))


def _row(partner, number, start, end, customer, offer, charge_type, quantity, unit, total):
    day = "{d.month}/{d.day}/{d.year}".format
    return {
        "CustomerId": _id(partner.slug, customer),
        "CustomerName": customer,
        "CustomerDomainName": customer.split()[0].lower() + ".partner.onmschina.cn",
        "InvoiceNumber": number,
        "OrderId": _id(partner.slug, customer, offer, "order"),
        "ProductId": "DEMO" + offer[:4].upper().replace(" ", ""),
        "SkuId": "0001",
        "SkuName": offer,
        "ChargeType": charge_type,
        "UnitPrice": unit,
        "Quantity": str(quantity),
        "BillableQuantity": str(quantity),
        "Total": total,
        "Currency": "CNY",
        "SubscriptionId": _id(partner.slug, customer, offer),
        "SubscriptionDescription": offer,
        "ChargeStartDate": day(d=start),
        "ChargeEndDate": day(d=end),
    }

"""The operator's reconciliation file as an import kind: Partner Center's header (its ~60
columns; ``billing.reconciliation.RECON_COLUMNS`` required, the rest ignored), each row parsed by
``recon_row_parse`` (every bad row reported), then — only when every row is good — all the lines
applied at once by ``billing.services.recon_lines_apply``, the service that owns what they mean
(customers by CustomerId, subscriptions by SubscriptionId, the charge lines, the statement)."""

from billing import services as billing_services
from billing.reconciliation import RECON_COLUMNS, RECON_OPTIONAL_COLUMNS, recon_row_parse
from partners.models import Partner


class PartnerCenterReconKind:
    name = "partner_center_recon"
    columns = RECON_COLUMNS
    optional = RECON_OPTIONAL_COLUMNS
    key = None  # the lines are matched by the service, together
    column_of = {}
    prefetch = {}
    whole_file = True

    def parse(self, row, number: int):
        return recon_row_parse(row, row_number=number)

    def apply_all(self, context, lines) -> dict:
        counts = billing_services.recon_lines_apply(
            actor=context.actor, partner=Partner.objects.get(pk=context.partner_id), lines=lines
        )
        return {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}

"""The working-calendar and SLA-pause migrations: rows written before them get the defaults
(Mon–Fri 09:00–18:00 with China's holidays; no pause), and they undo cleanly."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("partners", "0006_external_ids"), ("tickets", "0005_merge_holds_and_saved_views")]
AFTER = [("partners", "0007_partner_working_calendar"), ("tickets", "0006_sla_pauses")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_partner_from_before_gets_the_default_working_calendar():
    old = migrate(BEFORE)
    partner_id = (
        old.get_model("partners", "Partner")
        .objects.create(name="Old", slug="old", support_email="help@old.example")
        .pk
    )
    try:
        new = migrate(AFTER)
        partner = new.get_model("partners", "Partner").objects.get(pk=partner_id)
        assert partner.work_days == [1, 2, 3, 4, 5]
        assert (partner.work_start, partner.work_end, partner.holiday_country) == (540, 1080, "CN")
        ticket_fields = {f.name for f in new.get_model("tickets", "Ticket")._meta.fields}
        assert {"sla_paused_at", "sla_left", "sla_paused_seconds"} <= ticket_fields
    finally:
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())

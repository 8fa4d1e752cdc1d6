"""Celery beat knows every periodic task of SPEC §6, and each names a registered task."""

from django.conf import settings

from config.celery import app


def test_the_schedule_is_in_the_settings_beat_reads():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "billing.tasks.run_collections",
        "tickets.tasks.check_sla",
        "tickets.tasks.auto_close",
        "notifications.tasks.sweep_outbox",
    } <= tasks


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    missing = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} - set(app.tasks)
    assert not missing

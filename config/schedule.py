"""The Celery beat schedule: one place that lists every periodic task.

django-celery-beat's DatabaseScheduler loads these entries into the database at start, where an
operator can pause or retime them from the admin.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "collections-daily": {
        "task": "billing.tasks.run_collections",
        "schedule": crontab(hour=6, minute=0),
    },
    "billing-data-deletion-reminders": {
        "task": "billing.tasks.send_data_deletion_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "tickets-sla-check": {"task": "tickets.tasks.check_sla", "schedule": 300.0},
    # after midnight in the project's zone (CELERY_TIMEZONE), when yesterday is over:
    # the reports' stored days (tickets/services/report_snapshots.py)
    "tickets-report-snapshots": {
        "task": "tickets.tasks.build_report_snapshots",
        "schedule": crontab(hour=1, minute=10),
    },
    "tickets-auto-close": {"task": "tickets.tasks.auto_close", "schedule": crontab(minute=15)},
    "notifications-sweep": {"task": "notifications.tasks.sweep_outbox", "schedule": 60.0},
    "mailgate-poll-imap": {"task": "mailgate.tasks.poll_imap", "schedule": 60.0},
    "mailgate-purge-raw": {
        "task": "mailgate.tasks.purge_raw_email",
        "schedule": crontab(hour=3, minute=30),
    },
}

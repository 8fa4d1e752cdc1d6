"""Periodic tasks (see config/schedule.py); each only calls a service."""

from celery import shared_task

from tickets import services


@shared_task
def check_sla() -> int:
    return services.sla_check()


@shared_task
def auto_close() -> int:
    return services.tickets_auto_close()


@shared_task
def build_report_snapshots() -> int:
    return services.report_snapshots_refresh()

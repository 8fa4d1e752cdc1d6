"""Reads of import jobs, scoped to the actor (another partner's job is not there)."""

from imports.models import ImportJob


def import_job_list(*, actor, filters: dict | None = None):
    """The actor's partner's jobs, newest first; ``filters``: ``kind``, ``status``."""
    filters = filters or {}
    jobs = ImportJob.objects.for_actor(actor).select_related("created_by")
    for name in ("kind", "status"):
        if filters.get(name):
            jobs = jobs.filter(**{name: filters[name]})
    return jobs

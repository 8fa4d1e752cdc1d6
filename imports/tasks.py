"""Import jobs run here, off the request (eagerly, in-process, without a broker). Tasks only call
services."""

from celery import shared_task

from imports import services


@shared_task
def import_run(job_id: int) -> str | None:
    job = services.import_job_run(job_id=job_id)
    return job.status if job else None

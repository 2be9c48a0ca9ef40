"""Celery tasks of the data package: they take ids and call one service (STYLE.md).

Listed in CELERY_IMPORTS (config/settings.py): autodiscovery looks for <app>.tasks only.
"""
from celery import shared_task

from sessions_core.data.jobs import export_job_run


@shared_task
def export_job_task(job_id: int) -> bool:
    return export_job_run(job_id=job_id)

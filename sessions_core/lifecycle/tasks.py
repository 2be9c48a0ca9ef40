"""Celery tasks: they take ids and call one service (STYLE.md)."""
from celery import shared_task
from django.conf import settings
from django.utils import timezone

from sessions_core.lifecycle.deadlines import deadlines_fire_due, firing_workers
from sessions_core.lifecycle.dropouts import dropouts_check_due
from sessions_core.lifecycle.payoffs import session_compute_payments
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session


@shared_task
def session_compute_payments_task(session_id: int) -> int:
    return session_compute_payments(session_id=session_id)


@shared_task
def session_initialize_task(session_id: int) -> bool:
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        return False
    return session_initialize(session=session)


@shared_task(ignore_result=True)
def deadlines_fire_due_task() -> int:
    """Celery beat runs this every second (config/celery.py): mark who went silent too long
    (only with Redis: presence in another process's memory cannot be read from here), then fire
    the page deadlines due now."""
    if settings.REDIS_URL:
        dropouts_check_due(now=timezone.now())
    return deadlines_fire_due(now=timezone.now(), workers=firing_workers()).fired

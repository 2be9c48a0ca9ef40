"""The Celery application: the broker is REDIS_URL in production, in-process otherwise."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("quorum")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Page timers (sessions_core/lifecycle/deadlines.py): with `celery -A config beat` running, due
# deadlines are fired every second by a worker, beside (or instead of) the server processes'
# own schedulers (QUORUM_TIMERS_IN_SERVER). A pass that finds a backlog expires rather than
# piling up behind it: the next one fires what is due then.
app.conf.beat_schedule = {
    "fire-due-page-deadlines": {
        "task": "sessions_core.lifecycle.tasks.deadlines_fire_due_task",
        "schedule": 1.0,
        "options": {"expires": 5.0},
    },
}

"""Settings for a Celery worker and beat on the production path (config.settings: REDIS_URL is
the broker, tasks are not run in process) that also know the test app shorttimer, and that
module's SessionTypes (this module is SESSION_TYPES_MODULE too)."""
from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, MIGRATION_MODULES
from experiments.sessions import SESSION_TYPES as BUNDLED
from tests.apps.shorttimer.session_types import SESSION_TYPES as SHORTTIMER

INSTALLED_APPS = [*INSTALLED_APPS, "tests.apps.shorttimer"]
MIGRATION_MODULES = {**MIGRATION_MODULES, "shorttimer": None}
SESSION_TYPES_MODULE = "tests.e2e.production_timers"
SESSION_TYPES = [*BUNDLED, *SHORTTIMER]

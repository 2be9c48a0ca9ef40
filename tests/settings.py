"""Test settings: the project's settings plus the test-only experiment apps in tests/apps/."""
from pathlib import Path

from config.env import env_bool
from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, INSTALLED_APPS, MIGRATION_MODULES
from sessions_core.experimenter import app_formats

# Test apps in either format (sessions_core/experimenter/app_formats.py).
TEST_APPS = app_formats.experiment_packages(Path(BASE_DIR) / "tests" / "apps", "tests.apps")
INSTALLED_APPS = [*INSTALLED_APPS, *(app_formats.installed_app(app, Path(BASE_DIR) / "tests" / "apps")
                                     for app in TEST_APPS)]
MIGRATION_MODULES = {**MIGRATION_MODULES, **{app.rsplit(".", 1)[-1]: None for app in TEST_APPS}}
SESSION_TYPES_MODULE = "tests.sessions"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No Celery worker runs beside the tests: tasks run in process even when REDIS_URL names a broker
# (the production-path run of the suite in .ci/run sets it for the channel layer).
CELERY_TASK_ALWAYS_EAGER = True
# The concurrency tests give each thread a connection of its own (as many as PostgreSQL allows),
# released together: a bounded pool would make them queue. The pool is exercised by processes that run
# with config.settings (tests/e2e/test_celery_worker.py).
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
# Tests fire page deadlines themselves, at the times they choose (tests/timers/); a server an
# end-to-end test starts may turn the in-process scheduler on through the environment.
QUORUM_TIMERS_IN_SERVER = env_bool("QUORUM_TIMERS_IN_SERVER", False)
# SQLite's in-memory test database (shared cache) refuses a second writer at once instead of
# waiting ("database table is locked"): on it, the sockets' database calls keep to one thread,
# which tests that race a socket against a write share (tests/participants/
# test_wait_push_while_connecting.py). A file database, as a server uses, waits its turn.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    QUORUM_SYNC_THREADS = 1

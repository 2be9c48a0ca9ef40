"""Server settings for bench/conditions_bench.py: the production settings (config.settings, with
its connection pool) plus the test app `conditioned` and its SessionTypes with conditions."""
from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, MIGRATION_MODULES

INSTALLED_APPS = [*INSTALLED_APPS, "tests.apps.conditioned"]
MIGRATION_MODULES = {**MIGRATION_MODULES, "conditioned": None}
SESSION_TYPES_MODULE = "bench.conditions_sessions"

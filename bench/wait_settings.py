"""Server settings for bench/wait_latency.py: the production settings (config.settings, with its
connection pool and, with REDIS_URL, the Redis layer) plus the test app cc_crowd, whose one wait
page holds everyone of the session (players_per_group = None) until the last one arrives."""
from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, MIGRATION_MODULES

INSTALLED_APPS = [*INSTALLED_APPS, "tests.apps.cc_probe", "tests.apps.cc_crowd"]
MIGRATION_MODULES = {**MIGRATION_MODULES, "cc_probe": None, "cc_crowd": None}
SESSION_TYPES_MODULE = "bench.wait_sessions"

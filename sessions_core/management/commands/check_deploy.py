"""manage.py check_deploy: is this deployment ready to run sessions?

One line per check, "ok" or "FAIL" with the reason and what to do; a non-zero exit when any
check fails. Unlike `manage.py check --deploy` (Django's settings advice), this asks the running
services: the database and Redis answer, a Celery worker answers, the tables exist. Every probe
has a short timeout, so a service that is down fails its line quickly instead of hanging.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from celery import current_app
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend

from sessions_core.experimenter.registry import experiment_apps

MIN_SECRET_KEY_LENGTH = 50  # Django's own deployment check asks for as much
TIMEOUT = 3  # seconds for each service to answer


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name}: {self.message}"


def check_debug() -> Check:
    if settings.DEBUG:
        return Check("debug", False, "DEBUG is on, which shows error details to anyone: set "
                                     "DEBUG=false")
    return Check("debug", True, "DEBUG=false")


def check_secret_key() -> Check:
    key = settings.SECRET_KEY
    if key == settings.EMBEDDED_SECRET_KEY:
        return Check("secret key", False, "the embedded default, which is public: set "
                                          "SECRET_KEY to a long random value of your own")
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return Check("secret key", False, f"only {len(key)} characters: set SECRET_KEY to at "
                                          f"least {MIN_SECRET_KEY_LENGTH}, e.g. from `python -c "
                                          "'import secrets; print(secrets.token_urlsafe(50))'`")
    return Check("secret key", True, f"own key, {len(key)} characters")


def check_allowed_hosts() -> Check:
    hosts = list(settings.ALLOWED_HOSTS)
    if "*" in hosts and not settings.DEBUG:
        return Check("allowed hosts", False, "'*' accepts any Host header: set ALLOWED_HOSTS "
                                             "to this server's names (comma-separated)")
    if not hosts:
        return Check("allowed hosts", False, "empty: every request would be refused; set "
                                             "ALLOWED_HOSTS to this server's names")
    return Check("allowed hosts", True, ", ".join(hosts))


def _probe_connection(timeout: float) -> Any:
    """A connection of its own to the default database, with a short connect timeout and no
    pool (a pool would wait its own, longer, timeout for a server that is down)."""
    settings_dict = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    options = {k: v for k, v in settings_dict.get("OPTIONS", {}).items() if k != "pool"}
    if settings_dict["ENGINE"] == "django.db.backends.postgresql":
        options["connect_timeout"] = max(1, round(timeout))
    settings_dict["OPTIONS"] = options
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "check_deploy")


def check_database(timeout: float = TIMEOUT) -> Check:
    probe = _probe_connection(timeout)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Check("database", True, f"{probe.vendor} answers")
    except Exception as error:  # any driver error means the same thing here
        reason = " ".join(str(error).split())[:200]  # drivers' messages span lines
        return Check("database", False, f"cannot connect ({type(error).__name__}: {reason}): "
                                        "check DATABASE_URL and that the server is up")
    finally:
        probe.close()


def check_migrations() -> Check:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    missing = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if missing:
        first = missing[0][0]
        return Check("migrations", False, f"{len(missing)} not applied (first: "
                                          f"{first.app_label}.{first.name}): run "
                                          "`manage.py migrate --run-syncdb`")
    return Check("migrations", True, "all applied")


def check_experiment_tables() -> Check:
    existing = set(connections[DEFAULT_DB_ALIAS].introspection.table_names())
    wanted = [model._meta.db_table for label in experiment_apps()
              for model in apps.get_app_config(label).get_models()
              if model._meta.managed and not model._meta.proxy]
    absent = [table for table in wanted if table not in existing]
    if absent:
        return Check("experiment tables", False, f"missing {', '.join(absent[:5])}"
                                                 f"{' ...' if len(absent) > 5 else ''}: run "
                                                 "`manage.py migrate --run-syncdb`")
    return Check("experiment tables", True, f"{len(wanted)} tables of {len(experiment_apps())} "
                                            "apps present")


def check_redis(timeout: float = TIMEOUT) -> Check:
    if not settings.REDIS_URL:
        return Check("redis", True, "not used (no REDIS_URL: the embedded default)")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout,
                             socket_timeout=timeout).ping()
    except redis.RedisError as error:
        return Check("redis", False, f"no answer at REDIS_URL ({type(error).__name__}: "
                                     f"{error}): start Redis or fix REDIS_URL")
    return Check("redis", True, "answers")


def check_celery_worker(redis_check: Check, timeout: float = TIMEOUT) -> Check:
    if not settings.REDIS_URL:
        return Check("celery worker", True, "not used (no REDIS_URL: tasks run in process)")
    if not redis_check.ok:
        return Check("celery worker", False, "cannot ask: Redis does not answer")
    try:
        # limit=1: the first answer is enough, so a healthy deployment does not wait it out.
        replies = current_app.control.ping(timeout=timeout, limit=1)
    except Exception as error:  # kombu's and redis's errors alike: the broker is unusable
        return Check("celery worker", False, f"cannot ask ({type(error).__name__}: {error})")
    if not replies:
        return Check("celery worker", False, f"none answered within {timeout:g} s: start one "
                                             "with `celery -A config worker -B`")
    return Check("celery worker", True, f"{next(iter(replies[0]))} answered")


def run_checks(timeout: float = TIMEOUT) -> list[Check]:
    checks = [check_debug(), check_secret_key(), check_allowed_hosts(), check_database(timeout)]
    database_up = checks[-1].ok
    tables: list[Callable[[], Check]] = [check_migrations, check_experiment_tables]
    for check in tables:
        checks.append(check() if database_up else Check(
            check.__name__.removeprefix("check_").replace("_", " "), False,
            "cannot check: the database does not answer"))
    checks.append(check_redis(timeout))
    checks.append(check_celery_worker(checks[-1], timeout))
    return checks


class Command(BaseCommand):
    help = ("Check this deployment: secret key, allowed hosts, database, migrations, experiment "
            "tables, Redis and a Celery worker. Exits non-zero when a check fails.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=TIMEOUT,
                            help="seconds each service may take to answer")

    def handle(self, *args: Any, **options: Any) -> None:
        checks = run_checks(options["timeout"])
        for check in checks:
            self.stdout.write(check.line())
        failed = [check.name for check in checks if not check.ok]
        if failed:
            raise CommandError(f"{len(failed)} of {len(checks)} checks failed: "
                               f"{', '.join(failed)}")
        self.stdout.write(f"all {len(checks)} checks passed")

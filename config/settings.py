"""Quorum's one settings module.

The embedded default needs no services: SQLite, Channels' in-memory layer and Celery tasks run in
process. Production differs only by environment variables: DATABASE_URL (PostgreSQL), REDIS_URL
(channel layer and Celery broker), SECRET_KEY, DEBUG=false, ALLOWED_HOSTS.
"""
from pathlib import Path

import dj_database_url

from config.env import env_bool, env_header_value, env_int, env_list, env_required, env_str
from sessions_core.experimenter import app_formats

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
# The embedded default's key is public (it is in this file): a server that is not in DEBUG mode
# must have its own, or anyone could forge its sessions and signed values.
EMBEDDED_SECRET_KEY = "quorum-embedded-default-not-secret"
SECRET_KEY = env_str("SECRET_KEY", EMBEDDED_SECRET_KEY) if DEBUG else env_required(
    "SECRET_KEY", "when DEBUG=false: a long random value of this deployment's own, e.g. from "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` (docs/operations.md)",
    refused=(EMBEDDED_SECRET_KEY,))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# HTTPS, usually ended by a proxy in front of daphne (docs/operations.md, "Production"). All off
# by default: the embedded default, and many lab networks, serve plain HTTP.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# A load balancer's health check may come over plain HTTP: it must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Trust the proxy's word that a request came over HTTPS only when it is configured to say so.
SECURE_PROXY_SSL_HEADER = env_header_value("SECURE_PROXY_SSL_HEADER")


# Every folder under experiments/ with a models.py (oTree 3's format), or with an __init__.py and
# no models.py (oTree 5's one-file format), is an experiment app; Django installs the two formats
# differently (sessions_core/experimenter/app_formats.py).
EXPERIMENT_APPS = app_formats.experiment_packages(BASE_DIR / "experiments", "experiments")
# An imported oTree project's _templates and _static (manage.py import_otree), when present:
# its global/Page.html comes before Quorum's own (it extends "otree/Page.html").
PROJECT_TEMPLATES = [d for d in [BASE_DIR / "experiments" / "_templates"] if d.is_dir()]
PROJECT_STATIC = [d for d in [BASE_DIR / "experiments" / "_static"] if d.is_dir()]
# Experiment apps keep no migrations: `migrate --run-syncdb` creates their tables.
MIGRATION_MODULES = {app.rsplit(".", 1)[-1]: None for app in EXPERIMENT_APPS}
SESSION_TYPES_MODULE = env_str("QUORUM_SESSION_TYPES_MODULE", "experiments.sessions")

INSTALLED_APPS = [
    "daphne",
    # django.contrib.admin, with Quorum's admin site (sessions_core/web/admin_site.py)
    "sessions_core.web.admin_site.QuorumAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the docs page's Swagger UI, served from our static files
    "sessions_core",
    "participants",
    "rooms",
    *(app_formats.installed_app(app, BASE_DIR / "experiments") for app in EXPERIMENT_APPS),
]

MIDDLEWARE = [
    "sessions_core.web.middleware.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

# Django's two loaders (the DIRS, then each app's templates/ folder), then oTree 5's place: the
# app's own folder ("trust/Send.html" is experiments/trust/Send.html). Each translates a template
# written in oTree 5's syntax (sessions_core/otree_templates/). The cached loader (Django's, with
# the file and line in a syntax error's message) wraps them in every mode, DEBUG included, so each
# template is compiled once per process
# (tests/sessions_core/test_form_html.py); the autoreloader empties it when a template changes.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [*PROJECT_TEMPLATES, BASE_DIR / "templates"],
        "OPTIONS": {
            "loaders": [("sessions_core.otree_templates.loader.CachedLoader", [
                "sessions_core.otree_templates.loader.FilesystemLoader",
                "sessions_core.otree_templates.loader.AppDirectoriesLoader",
                "sessions_core.otree_templates.loader.AppFolderLoader",
            ])],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Form widgets may use the project's templates (radio lists laid out for phones).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", True):
    # Django's ASGI handler runs each request's sync code on a thread of its own, so a
    # per-thread persistent connection never gets reused: a pool shares them across requests.
    DATABASES["default"]["OPTIONS"] = {
        "pool": {"min_size": env_int("DB_POOL_MIN", 2), "max_size": env_int("DB_POOL_MAX", 20),
                 "timeout": 30},
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; the timeout absorbs short write bursts.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # A blocking read must not time out (redis-py 8 would cut idle sockets every 5 s),
            # and a burst of disconnects must wait for a connection instead of failing.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": None,
                           "max_connections": env_int("REDIS_MAX_CONNECTIONS", 10000)}],
                "prefix": env_str("CHANNELS_PREFIX", "quorum"),
                # All sockets of one server process share one Redis inbox, and a group_send to
                # a full inbox is dropped without an error: with the default of 100, a wait page
                # opening for 150 pages on one process lost a third of its pushes.
                "capacity": env_int("CHANNEL_LAYER_CAPACITY", 10000),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# The cache holds short-lived shared state that must not wait for a transaction to commit
# (progress of a session's initialization or an export): Redis when there is one, so every
# process sees it; the process's memory in the embedded default (one process).
CACHES = {"default": {
    "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
    "KEY_PREFIX": env_str("CHANNELS_PREFIX", "quorum"),
    "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
} if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker the tasks run in process, at the moment they are dispatched.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# Sending a task happens inside a request (an admin action, the last participant's page): when
# the broker is away it must fail fast, not hang that request. kombu would otherwise wait on a
# dead socket forever (socket_timeout None) and retry the publish; with these, a refused
# connection fails within a second and a hung Redis within about 7 s (two tries of 3 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 3}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5,
                                    "interval_max": 0.5}
# The tasks live in sub-packages that autodiscovery (which looks for <app>.tasks) does not see.
CELERY_IMPORTS = ["sessions_core.lifecycle.tasks", "sessions_core.data.tasks"]

AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = []
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", *PROJECT_STATIC]

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 256 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Staff, and the Django model permissions each view declares (docs/rooms.md lists them).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser",
                                   "sessions_core.web.rest_defaults.DeclaredModelPermissions"],
    "DEFAULT_PARSER_CLASSES": ["sessions_core.web.rest_defaults.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "sessions_core.web.rest.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "sessions_core.web.rest_schema.QuorumAutoSchema",
}
# The API's OpenAPI schema and docs page (/admin/api/v1/schema/, /docs/), for staff only; the
# page's scripts and styles come from drf-spectacular-sidecar: no page loads anything from
# outside the server.
SPECTACULAR_SETTINGS = {
    "TITLE": "Quorum REST API",
    "DESCRIPTION": "Sessions, participants and rooms, for scripts (token auth) and the admin's "
                   "own pages (session auth). Every refusal is a 4xx with {\"detail\": ...} "
                   "naming the problem. docs/api.md has an example per endpoint.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAdminUser"],
    "SCHEMA_PATH_PREFIX": "/admin/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI's default would ask an outside validator about the schema.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
}

# Money and points (oTree's names, so existing apps read the same settings).
USE_POINTS = env_bool("USE_POINTS", True)
POINTS_DECIMAL_PLACES = env_int("POINTS_DECIMAL_PLACES", 0)
POINTS_CUSTOM_NAME = env_str("POINTS_CUSTOM_NAME", "points")
REAL_WORLD_CURRENCY_CODE = env_str("REAL_WORLD_CURRENCY_CODE", "EUR")
REAL_WORLD_CURRENCY_DECIMAL_PLACES = env_int("REAL_WORLD_CURRENCY_DECIMAL_PLACES", 2)

# How often a waiting page polls when its WebSocket is down, and pings over it to catch a lost
# push (milliseconds).
QUORUM_WAIT_POLL_MS = env_int("QUORUM_WAIT_POLL_MS", 5000)
QUORUM_WAIT_PING_MS = env_int("QUORUM_WAIT_PING_MS", 3000)
# Threads that run the sync code of HTTP requests and of the sockets' database calls, per server
# process (sessions_core/web/threads.py); each may hold a database connection.
QUORUM_SYNC_THREADS = env_int("QUORUM_SYNC_THREADS", 8)

# Page timers (docs/operations.md, "Page timers"): each server process fires the deadlines that
# fall due (a thread started by config/asgi.py); any number of processes, and Celery beat
# (config/celery.py), may do it at once. Off: only beat fires them.
QUORUM_TIMERS_IN_SERVER = env_bool("QUORUM_TIMERS_IN_SERVER", True)
# Threads that fire due deadlines at once in each scheduler (PostgreSQL; SQLite uses one), each
# with its own database connection while there are many to fire (bench/RESULTS.md, "Page timeouts").
QUORUM_TIMER_WORKERS = env_int("QUORUM_TIMER_WORKERS", 4)

# Data exports (docs/data.md): export jobs write their files here, one folder per job; the admin
# streams an export directly up to this many participant-rounds, and makes a job above it.
QUORUM_EXPORT_DIR = Path(env_str("QUORUM_EXPORT_DIR", str(BASE_DIR / "exports")))
QUORUM_EXPORT_JOB_THRESHOLD = env_int("QUORUM_EXPORT_JOB_THRESHOLD", 10000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "celery.app.trace": {"level": env_str("CELERY_TRACE_LOG_LEVEL", "WARNING")},
    },
}

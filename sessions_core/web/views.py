import logging

import psycopg
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse

logger = logging.getLogger(__name__)

# Seconds a health check waits for PostgreSQL to accept a connection. A load balancer must hear
# "down" within its own check interval, not after the connection pool's 30-second wait.
HEALTH_CONNECT_TIMEOUT = 2


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and the e2e tests: 200
    {"status": "ok"}, or 503 {"status": "unavailable", "detail": ...} within about
    HEALTH_CONNECT_TIMEOUT seconds when the database cannot be reached."""
    try:
        _database_answers()
    except (psycopg.Error, DatabaseError) as error:
        # The reason (host, port) is for the logs, not for whoever asks.
        logger.warning("health check: the database cannot be reached: %s", error)
        return JsonResponse({"status": "unavailable",
                             "detail": "the database cannot be reached"}, status=503)
    return JsonResponse({"status": "ok"})


def _database_answers() -> None:
    """SELECT 1. PostgreSQL on a connection of its own, outside the pool, with Django's own
    connection parameters and a short connect timeout; SQLite on the request's connection."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return
    params = {**connection.get_connection_params(), "connect_timeout": HEALTH_CONNECT_TIMEOUT}
    with psycopg.connect(**params) as direct:
        direct.execute("SELECT 1")

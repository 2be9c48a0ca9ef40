"""The body size limit holds while the body arrives: a chunked upload (no Content-Length) over
DATA_UPLOAD_MAX_MEMORY_SIZE is answered 413 as soon as it passes the limit, the rest unread,
before any request, session or database exists (these tests have no database access)."""
from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from tests.asgi import asgi_request
from tests.rooms.conftest import make_room, stored

KB = 1024
FORM = [(b"content-type", b"application/x-www-form-urlencoded")]


def chunks_over_the_limit() -> list[bytes]:
    """Four times the limit, in 1 KB chunks."""
    return [b"x" * KB] * (4 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE // KB)


def test_a_chunked_body_over_the_limit_is_refused_before_it_is_all_read() -> None:
    chunks = chunks_over_the_limit()
    reply = asgi_request("POST", "/room/lab/", chunks=chunks, headers=FORM)
    assert reply.status == 413
    assert "Request too large" in reply.body.decode()
    assert reply.chunks_read == settings.DATA_UPLOAD_MAX_MEMORY_SIZE // KB + 1
    assert reply.chunks_read < len(chunks)


def test_a_chunked_api_body_over_the_limit_gets_json() -> None:
    reply = asgi_request("PATCH", "/admin/api/v1/rooms/lab/", chunks=chunks_over_the_limit(),
                         headers=[(b"content-type", b"application/json")])
    assert reply.status == 413
    assert reply.headers["content-type"] == "application/json"
    assert "too large" in json.loads(reply.body)["detail"]


def test_a_declared_length_over_the_limit_is_refused_without_reading_anything() -> None:
    length = str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1).encode()
    reply = asgi_request("POST", "/room/lab/", chunks=chunks_over_the_limit(),
                         headers=[*FORM, (b"content-length", length)])
    assert reply.status == 413
    assert reply.chunks_read == 0


@pytest.mark.django_db(transaction=True)
def test_a_chunked_body_within_the_limit_is_read_and_served() -> None:
    room = make_room(config="trust")
    script = get_user_model().objects.create_superuser("script", "script@example.org", "pw")
    labels = [f"L{i:05d}" for i in range(5000)]  # about 50 KB of JSON
    body = json.dumps({"labels": labels}).encode()
    chunks = [body[i:i + KB] for i in range(0, len(body), KB)]
    reply = asgi_request("PATCH", f"/admin/api/v1/rooms/{room.name}/", chunks=chunks, headers=[
        (b"content-type", b"application/json"),
        (b"authorization", f"Token {Token.objects.create(user=script).key}".encode())])
    assert reply.status == 200, reply.body[:300]
    assert reply.chunks_read == len(chunks) > 40
    assert stored(room).labels == labels

"""A real daphne process refuses a chunked upload (Transfer-Encoding: chunked, no Content-Length)
over DATA_UPLOAD_MAX_MEMORY_SIZE with 413, and goes on serving."""
from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator

import pytest

from tests.e2e.servers import Server

pytestmark = pytest.mark.e2e

LIMIT = 256 * 1024  # the default DATA_UPLOAD_MAX_MEMORY_SIZE


def chunked_post(server: Server, path: str, content_type: str,
                 total: int) -> tuple[int, str, str]:
    """POST `total` bytes in 16 KB chunks, chunked; (status, content type, body)."""
    def chunks() -> Iterator[bytes]:
        for _ in range(total // (16 * 1024)):
            yield b"x" * (16 * 1024)

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request("POST", path, body=chunks(), encode_chunked=True,
                           headers={"Content-Type": content_type,
                                    "Transfer-Encoding": "chunked"})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode()
    finally:
        connection.close()


def test_a_chunked_upload_over_the_limit_is_refused_by_the_server(
        servers: Callable[..., Server], single_server_env: dict[str, str]) -> None:
    server = servers(single_server_env)
    status, content_type, body = chunked_post(
        server, "/room/lab/", "application/x-www-form-urlencoded", 16 * LIMIT)
    assert status == 413, body[:300]
    assert content_type.startswith("text/html") and "Request too large" in body
    status, content_type, body = chunked_post(
        server, "/admin/api/v1/rooms/", "application/json", 16 * LIMIT)
    assert status == 413 and content_type == "application/json"
    assert "too large" in json.loads(body)["detail"]
    health = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    health.request("GET", "/healthz/")
    assert health.getresponse().status == 200

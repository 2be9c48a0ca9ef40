"""Served by daphne (ASGI), a download goes out a chunk at a time: Django would otherwise read a
streaming response's synchronous iterator to its end (a list in memory) before sending a byte."""
from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from pathlib import Path

from asgiref.sync import async_to_sync
from django.core.handlers.asgi import ASGIRequest
from django.http import StreamingHttpResponse
from django.test import RequestFactory

from sessions_core.data.exports import export_stream
from sessions_core.data.http import export_response, file_response
from tests.data.big_session import big_session
from tests.data.conftest import content


def asgi_request() -> ASGIRequest:
    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": []}
    return ASGIRequest(scope, io.BytesIO(b""))


def counted(chunks: Iterator[bytes], made: list[int]) -> Iterator[bytes]:
    for chunk in chunks:
        made.append(len(chunk))
        yield chunk


def first_and_rest(response: StreamingHttpResponse, made: list[int]) -> tuple[int, bytes]:
    """Read the response as Django's ASGI handler does; how many chunks had been made when the
    first was received, and all the bytes."""
    async def read() -> tuple[int, bytes]:
        parts = aiter(response)
        first = await anext(parts)
        made_by_then = len(made)
        return made_by_then, first + b"".join([part async for part in parts])

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "must consume synchronous iterators" would fail here
        return async_to_sync(read)()


def test_an_export_is_sent_as_it_is_made(db: None) -> None:
    session = big_session(300, "public_goods")
    made: list[int] = []
    export = export_stream(sessions=[session], format="json")
    export.chunks = counted(export.chunks, made)
    response = export_response(export, asgi_request())
    made_by_first, data = first_and_rest(response, made)
    assert made_by_first == 1 and len(made) > 5
    assert data == content(export_stream(sessions=[session], format="json"))


def test_a_job_file_is_sent_a_block_at_a_time_with_its_length(db: None, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 1_000_000)
    response = file_response(path, "big.csv", asgi_request())
    assert response.is_async
    assert response["Content-Length"] == "1000000"
    assert response["Content-Disposition"] == 'attachment; filename="big.csv"'

    async def read() -> list[bytes]:
        return [part async for part in response]

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parts = async_to_sync(read)()
    assert b"".join(parts) == path.read_bytes()
    assert max(len(part) for part in parts) == 64 * 1024 and len(parts) == 16
    response.close()  # closes the file (and says the request finished)


def test_under_wsgi_the_plain_iterator_streams(db: None) -> None:
    session = big_session(30, "public_goods")
    response = export_response(export_stream(sessions=[session], format="wide_csv"),
                               RequestFactory().get("/"))
    assert not response.is_async
    assert b"".join(response.streaming_content) == content(
        export_stream(sessions=[session], format="wide_csv"))

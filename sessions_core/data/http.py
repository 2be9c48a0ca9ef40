"""HTTP responses for exports that stream under ASGI too.

Served by daphne (ASGI), Django consumes a streaming response's *synchronous* iterator with
`sync_to_async(list)`: the whole export, or the whole job file, would sit in the server's memory
before the first byte is sent. Under ASGI these responses therefore get an asynchronous iterator
that asks for one chunk at a time on the request's sync thread (where the database connection
is); under WSGI (the test client, a WSGI server) the plain iterator streams already.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import cast

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils.http import content_disposition_header

from sessions_core.data.exports import Export

FILE_BLOCK_BYTES = 64 * 1024


def export_response(export: Export, request: HttpRequest) -> StreamingHttpResponse:
    """The export as a download, streamed as it is produced."""
    response = StreamingHttpResponse(_served(export.chunks, request),
                                     content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename) or ""
    response["Cache-Control"] = "no-store"
    return response


def file_response(path: Path, filename: str, request: HttpRequest) -> FileResponse:
    """A finished export job's file as a download (with its length), read a block at a time."""
    response = FileResponse(path.open("rb"), as_attachment=True, filename=filename)
    response.block_size = FILE_BLOCK_BYTES
    if _is_asgi(request):
        # Set after the file: FileResponse took its headers (length, type, name) from it, and
        # keeps closing it when the response closes.
        blocks = cast(Iterator[bytes], response.streaming_content)  # sync: made from a file
        response.streaming_content = _one_at_a_time(blocks)
    response["Cache-Control"] = "no-store"
    return response


def _is_asgi(request: HttpRequest) -> bool:
    # A DRF Request wraps Django's.
    return isinstance(getattr(request, "_request", request), ASGIRequest)


def _served(chunks: Iterator[bytes], request: HttpRequest) -> Iterator[bytes] | AsyncIterator[bytes]:
    return _one_at_a_time(chunks) if _is_asgi(request) else chunks


def _next(chunks: Iterator[bytes]) -> bytes | None:
    return next(chunks, None)


async def _one_at_a_time(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    step = sync_to_async(_next, thread_sensitive=True)
    try:
        while (chunk := await step(chunks)) is not None:
            yield chunk
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:  # a client that went away: end the generator and its queries
            await sync_to_async(close, thread_sensitive=True)()

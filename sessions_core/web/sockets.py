"""What every Quorum socket shares: bounded JSON messages, and a clear error for anything else."""
from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer


class StrictJsonConsumer(AsyncJsonWebsocketConsumer):
    """Accepts only JSON objects of a known `type` up to max_bytes; answers the rest with
    {"type": "error", "detail": ...} and keeps the socket open. Subclasses write on_message."""

    max_bytes = 1024
    message_types: tuple[str, ...] = ()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None,
                      **kwargs: Any) -> None:
        # An empty frame too: the base class raises on it, which would kill the socket.
        if not text_data or len(text_data) > self.max_bytes:
            await self.send_error(f"send JSON text up to {self.max_bytes} bytes")
            return
        await super().receive(text_data=text_data, **kwargs)

    async def decode_json(self, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or content.get("type") not in self.message_types:
            known = " or ".join(f'{{"type": "{t}"}}' for t in self.message_types)
            await self.send_error(f"unknown message; send {known}")
            return
        await self.on_message(content)

    async def on_message(self, content: dict[str, Any]) -> None:
        """Handle one message of a type in message_types (subclasses override)."""
        await self.send_error(f"{content['type']} is not handled by this socket")

    async def send_error(self, detail: str) -> None:
        await self.send_json({"type": "error", "detail": detail})

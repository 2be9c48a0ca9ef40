"""ASGI entry point: HTTP (Django, with the project's static files) and WebSockets (Channels)."""
import os

import django
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)


class OneHopASGIHandler(ASGIHandler):
    """Django's ASGI handler, with the sync middleware chain and the view run in one hop.

    The stock handler moves between the event loop and a worker thread around every
    middleware (all of Quorum's views and middleware are sync), a thread switch each time;
    one hop per request halves the server's CPU floor (bench/RESULTS.md, "one_hop").
    """

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


django_asgi = OneHopASGIHandler()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402

# Static files are served by the project itself, so a lab network needs nothing else.
application = ProtocolTypeRouter({
    "http": ASGIStaticFilesHandler(django_asgi),
    "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
})

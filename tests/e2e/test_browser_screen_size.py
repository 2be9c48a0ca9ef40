"""A participant page in real Chromium reports its screen once (static/quorum/screen.js): the
stored screen size is the browser's screen, and the environment at entry is that browser's."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, create_session, run

pytestmark = pytest.mark.e2e

READ_ENVIRONMENT = """
import sys, json, django
django.setup()
from participants.models import Participant
session_name, name = sys.argv[1:3]
print(json.dumps(Participant.objects.get(session__name=session_name, name=name).environment))
"""


def stored_environment(env: dict[str, str], path: str) -> dict[str, Any]:
    _, _, session_name, name, _ = path.split("/")
    return dict(json.loads(run(env, sys.executable, "-c", READ_ENVIRONMENT, session_name, name)))


@pytest.mark.parametrize(("screen", "viewport", "mobile"), [
    ({"width": 1440, "height": 900}, {"width": 1280, "height": 720}, False),
    ({"width": 390, "height": 844}, {"width": 390, "height": 664}, True),
])
def test_the_page_reports_the_browsers_screen_once(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str], screen: dict[str, int], viewport: dict[str, int],
        mobile: bool) -> None:
    server = servers(single_server_env)
    [path] = create_session(single_server_env, "questionnaire", 1)
    user_agent = None
    if mobile:
        user_agent = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) "
                      "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 "
                      "Safari/604.1")
    context = chromium.new_context(screen=screen, viewport=viewport, is_mobile=mobile,
                                   has_touch=mobile, user_agent=user_agent)
    page = context.new_page()
    reports: list[str] = []
    page.on("request", lambda r: reports.append(r.method) if r.url.endswith("/screen/") else None)
    with page.expect_response(lambda r: r.url.endswith("/screen/")) as answer:
        page.goto(server.url + path)
    assert answer.value.status == 200
    seen = page.evaluate("() => ({width: screen.width, height: screen.height})")
    assert seen == screen

    environment = stored_environment(single_server_env, path)
    assert (environment["screen_width"], environment["screen_height"]) == (
        seen["width"], seen["height"])
    assert environment["user_agent"] == page.evaluate("() => navigator.userAgent")
    assert environment["platform"] == ("mobile" if mobile else "desktop")

    page.reload()
    page.wait_for_load_state("networkidle")
    assert reports == ["POST"]  # once: the reloaded page no longer carries the script
    context.close()

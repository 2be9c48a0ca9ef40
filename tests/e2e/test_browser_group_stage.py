"""A group stage in real Chromium against a real server: three browsers of one group (the
stages test app, SessionType stages_short: a 4-second group timer). The first two wait at the
start barrier until the third arrives and then all see the page, with the same countdown; the
one who submits waits at the end barrier; the countdowns of the other two move their pages on
by themselves when the group's time is up, and everyone reaches the results, the answer given
in time kept. The server's own scheduler is off: the pages move on by themselves.

The one place these tests wait for a real deadline (4 seconds).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, create_session

pytestmark = pytest.mark.e2e

WAIT = 20_000  # ms: a bound for a page to load or move on, not a pause


def title_is(page: Any, title: str) -> None:
    page.wait_for_function(
        f"document.querySelector('h1') && document.querySelector('h1').textContent.trim() === "
        f"{title!r}", timeout=WAIT)


def test_three_browsers_start_and_end_a_group_stage_together_and_time_out_together(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    server = servers({**single_server_env, "QUORUM_TIMERS_IN_SERVER": "false"})
    paths = create_session(single_server_env, "stages_short", 3)
    first, second, third = (chromium.new_context().new_page() for _ in paths)
    for page, path in zip((first, second, third), paths, strict=True):
        page.goto(server.url + path)
        title_is(page, "Intro")

    for page in (first, second):
        page.click("#next-button")
        page.wait_for_selector("#quorum-wait", timeout=WAIT)
    assert first.query_selector("#trade") is None, "nobody sees the page before all are here"

    third.click("#next-button")
    for page in (third, first, second):
        title_is(page, "Trade")
    lefts = {page.inner_text("#quorum-timer .quorum-timer-left") for page in (first, second, third)}
    assert lefts <= {"0:04", "0:03", "0:02"}, lefts

    third.fill("input[name=answer]", "5")
    third.click("#next-button")
    third.wait_for_selector("#quorum-wait", timeout=WAIT)  # the end barrier

    for page in (first, second, third):
        title_is(page, "Results")
    assert third.inner_text("#stored") == "answer=5 timed_out=False"
    for page in (first, second):
        assert page.inner_text("#stored") == "answer=0 timed_out=True"

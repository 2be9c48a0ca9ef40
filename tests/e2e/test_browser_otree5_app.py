"""A corpus app in oTree 5's format (tests/otree5_corpus/invest_trust) played by two people in real
Chromium against a daphne process serving a temp project into which the app was copied the way a
user would (import line rewritten, nothing else). Its templates are rendered as written: the text
the test looks for comes from the app's own files ({{ C.ENDOWMENT }}, the instructions that
{{ include_sibling }} brings in, the wait page's title_text and body_text). The trustee waits
first; the pages move on by the server's push alone (no reload, the fallback poll off)."""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.projects import manage, project_env, quorum_project
from tests.e2e.servers import Server
from tests.otree5.test_corpus import CORPUS, copy_app, port_imports

pytestmark = pytest.mark.e2e

MOVE_ON = 15_000  # ms a page may take to move on by itself
APP = CORPUS / "invest_trust"
CREATE_SESSION = (
    "from sessions_core.lifecycle.services import session_create\n"
    "session = session_create(session_type_name='invest_trust', num_participants=2)\n"
    "for participant in session.participant_set.order_by('id_in_session'):\n"
    "    print('PATH', participant.get_absolute_url())\n")
SOCKET_LISTENING = """
(() => {
  window.__quorumMessages = [];
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => {
      try { window.__quorumMessages.push(JSON.parse(event.data)); } catch (e) {}
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
})();
"""
SOCKET_HAS_STATE = "() => window.__quorumMessages.some((m) => m.type === 'state')"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    project = quorum_project(tmp_path / "project")
    copy_app(APP, project, port_imports)
    with (project / "experiments" / "sessions.py").open("a") as sessions:
        sessions.write("\nSESSION_TYPES.append(SessionType(name='invest_trust', "
                       "app_sequence=['invest_trust'], num_demo_participants=2))\n")
    env = project_env(project, QUORUM_WAIT_POLL_MS="3600000", QUORUM_WAIT_PING_MS="3600000",
                      CHANNELS_PREFIX=f"quorum-e2e-{secrets.token_hex(4)}")
    manage(project, "migrate", "--run-syncdb", "-v", "0", env=env)
    server = Server(env=env, log_path=tmp_path / "daphne.log", cwd=project)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def participant_paths(server: Server) -> list[str]:
    output = manage(server.cwd, "shell", "-c", CREATE_SESSION, env=server.env).stdout
    return [line.split()[1] for line in output.splitlines() if line.startswith("PATH ")]


def open_page(browser: Any, url: str) -> Any:
    context = browser.new_context()  # one browser context per participant: cookies apart
    context.add_init_script(SOCKET_LISTENING)
    page = context.new_page()
    page.goto(url)
    return page


def test_invest_trust_in_two_browsers_with_its_templates_as_written(
        chromium: Any, server: Server) -> None:
    investor_path, trustee_path = participant_paths(server)

    trustee = open_page(chromium, server.url + trustee_path)
    trustee.wait_for_selector("#quorum-wait")
    body = trustee.inner_text("body")
    assert "Waiting for the investor" in body  # SendBackWaitPage.title_text
    assert "The investor is deciding how much to send." in body  # its body_text
    trustee.wait_for_function(SOCKET_HAS_STATE, timeout=MOVE_ON)

    investor = open_page(chromium, server.url + investor_path)
    body = investor.inner_text("body")
    assert "Your decision as the investor" in body  # {{ block title }}
    assert "You are the Investor. You have 100 points to invest." in body  # role, C.ENDOWMENT
    instructions = investor.inner_text(".instructions")  # {{ include_sibling 'instructions.html' }}
    assert "You are in a group of 2 participants: an investor and a trustee." in instructions
    assert "multiplied by 3 on its way" in instructions
    assert "{{" not in investor.content() and "{%" not in investor.content()
    investor.fill('input[name="sent_amount"]', "40")
    investor.click("#next-button")
    investor.wait_for_selector("#quorum-wait")
    investor.wait_for_function(SOCKET_HAS_STATE, timeout=MOVE_ON)

    # The trustee's wait page opens by itself, onto SendBack.
    trustee.wait_for_selector('input[name="sent_back_amount"]', timeout=MOVE_ON)
    body = trustee.inner_text("body")
    assert ("The investor sent you 40 points; multiplied by 3, you now have 120 points."
            in body)
    assert "multiplied by 3 on its way" in trustee.inner_text(".instructions")
    trustee.fill('input[name="sent_back_amount"]', "121")  # more than arrived: sent_back_amount_max
    trustee.click("#next-button")
    trustee.wait_for_selector('input[name="sent_back_amount"]')
    trustee.fill('input[name="sent_back_amount"]', "50")
    trustee.click("#next-button")

    # Both reach the results; the investor's page moves on by itself.
    assert trustee.inner_text("#payoff", timeout=MOVE_ON) == "70 points"
    assert investor.inner_text("#payoff", timeout=MOVE_ON) == "110 points"
    assert "You sent 40 points and the trustee returned 50 points." in investor.inner_text("body")
    assert "You received 120 points and returned 50 points." in trustee.inner_text("body")

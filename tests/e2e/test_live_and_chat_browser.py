"""Live pages, chat and the lab manager's messages in real Chromium, against daphne.

Two participants of one group (tests/apps/livecheck, groups of 3) have their pages open in two
browsers: a bid typed in one shows in the other without reloading; a chat message too. A lab
manager clicks the monitor's "Send message" and "Reload page" buttons and the participant's page
shows the message, then reloads.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import HttpParticipant, Server, create_session, run

pytestmark = pytest.mark.e2e

WAIT = 20_000  # ms for a page to load or a push to arrive
PASSWORD = "a-long-lab-password"

_MANAGER = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from sessions_core.models import Session
user = get_user_model().objects.create_user("manager", password={PASSWORD!r}, is_staff=True)
for app, codename in (("sessions_core", "view_session"), ("participants", "change_participant")):
    user.user_permissions.add(Permission.objects.get(content_type__app_label=app,
                                                     codename=codename))
print(Session.objects.get().pk)
"""


def open_page(chromium: Any, url: str) -> Any:
    page = chromium.new_context().new_page()
    page.goto(url)
    # Set on this document only: a reload would forget it.
    page.evaluate("window.notReloaded = true")
    return page


def wait_for_text(page: Any, selector: str, text: str) -> None:
    page.wait_for_function(
        "([selector, text]) => { const el = document.querySelector(selector);"
        " return el !== null && el.textContent.indexOf(text) !== -1; }",
        arg=[selector, text], timeout=WAIT)


def same_group(env: dict[str, str]) -> tuple[str, str]:
    """The links of the first two participants of a livecheck session of 3 (one group)."""
    first, second, _ = create_session(env, "livecheck", 3)
    return first, second


def test_two_browsers_on_a_live_page_see_each_others_bids_without_reloading(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    first_url, second_url = same_group(single_server_env)
    server = servers(single_server_env)
    first = open_page(chromium, server.url + first_url)
    second = open_page(chromium, server.url + second_url)
    for page in (first, second):
        assert page.inner_text("#highest") == "0"

    first.fill("#amount", "40")
    first.click("#send")
    wait_for_text(second, "#highest", "40")
    wait_for_text(first, "#highest", "40")
    second.fill("#amount", "55")
    second.click("#send")
    wait_for_text(first, "#highest", "55")
    wait_for_text(first, "#log", "highest 55")
    # A live method that fails answers only its sender, with the page's liveError.
    first.evaluate("liveSend('boom')")
    wait_for_text(first, "#log", "error: the page's live method failed (ValueError)")
    assert second.inner_text("#highest") == "55"
    for page in (first, second):
        assert page.evaluate("window.notReloaded") is True


def test_two_browsers_chat_in_their_group(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    first_url, second_url = same_group(single_server_env)
    server = servers(single_server_env)
    pages = []
    for url in (first_url, second_url):
        page = chromium.new_context().new_page()
        page.goto(server.url + url)
        for _ in range(3):  # Bid, Echo, GroupStyle
            with page.expect_navigation(timeout=WAIT):
                page.click("#next-button")
        page.wait_for_selector(".quorum-chat", timeout=WAIT)
        pages.append(page)
    first, second = pages
    first.fill(".quorum-chat-input", "Shall we both choose high?")
    first.press(".quorum-chat-input", "Enter")    # Enter sends, without submitting the form
    wait_for_text(second, ".quorum-chat-messages", "Shall we both choose high?")
    wait_for_text(first, ".quorum-chat-messages", "Shall we both choose high?")
    second.fill(".quorum-chat-input", "Yes")
    second.click(".quorum-chat-button")
    wait_for_text(first, ".quorum-chat-messages", "Yes")
    assert first.locator(".quorum-chat-message").count() == 2
    assert "Player" in first.inner_text(".quorum-chat-message strong")
    # A page opened later shows the history.
    again = chromium.new_context().new_page()
    again.goto(server.url + first_url)
    wait_for_text(again, ".quorum-chat-messages", "Yes")
    assert again.locator(".quorum-chat-mine").count() == 1


def test_the_monitors_buttons_message_and_reload_a_participants_page(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    first_url, _ = same_group(single_server_env)
    session_pk = run(single_server_env, sys.executable, "-c", _MANAGER).strip()
    server = servers(single_server_env)
    participant = open_page(chromium, server.url + first_url)
    participant.wait_for_function("window.quorumPage !== undefined", timeout=WAIT)

    monitor = chromium.new_context().new_page()
    monitor_url = f"{server.url}/admin/sessions_core/session/{session_pk}/monitor/"
    monitor.goto(f"{server.url}/admin/login/?next={monitor_url[len(server.url):]}")
    monitor.fill("#id_username", "manager")
    monitor.fill("#id_password", PASSWORD)
    monitor.get_by_role("button", name="Log in").click()
    monitor.wait_for_url(monitor_url, timeout=WAIT)
    # The participant's page must be online before the push, or it would not see it.
    monitor.wait_for_selector("td[data-key=online] .monitor-online", timeout=WAIT)

    monitor.fill("#monitor-message-text", "Please read the instructions again.")
    with monitor.expect_navigation(timeout=WAIT):
        monitor.click("#monitor-message-send")
    assert "Message sent to the open pages of all 3 participants." in monitor.inner_text("body")
    wait_for_text(participant, "#quorum-notice", "Please read the instructions again.")
    assert participant.evaluate("window.notReloaded") is True

    participant_code = first_url.rstrip("/").rsplit("/", 1)[-1]
    monitor.select_option("#monitor-reload-who", participant_code)
    with participant.expect_navigation(timeout=WAIT):
        with monitor.expect_navigation(timeout=WAIT):
            monitor.click("#monitor-reload-send")
    assert participant.evaluate("window.notReloaded === undefined")
    assert participant.inner_text("#highest") == "0"   # the same page, loaded again
    assert "reloads now" in monitor.inner_text("body")


def test_the_double_auction_demo_trades_between_two_browsers(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    buyer_url, seller_url, *others = create_session(single_server_env, "double_auction", 4)
    server = servers(single_server_env)
    buyer = chromium.new_context().new_page()
    buyer.goto(server.url + buyer_url)
    seller = chromium.new_context().new_page()
    seller.goto(server.url + seller_url)
    for url in others:  # the market opens when every trader is at its wait page
        HttpParticipant(url).get(server)
    for page in (buyer, seller):  # the wait page moves on by itself
        page.wait_for_selector("#da-send", timeout=WAIT)
    buyer.fill("#da-offer", "90")
    buyer.click("#da-send")
    wait_for_text(seller, "#da-bids", "90")
    seller.fill("#da-offer", "80")
    seller.click("#da-send")
    wait_for_text(buyer, "#da-trades", "buyer 1 and seller 2 at 90")
    wait_for_text(seller, "#da-status", "You traded at 90.")
    wait_for_text(buyer, "#da-status", "You traded at 90.")
    assert seller.inner_text("#da-bids") == ""


def test_the_live_agreement_demo_agrees_between_two_browsers(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    first_url, second_url = create_session(single_server_env, "live_agreement", 2)
    server = servers(single_server_env)
    first, second = (open_page(chromium, server.url + url) for url in (first_url, second_url))
    first.fill("#share", "70")
    first.click("#propose")
    wait_for_text(second, "#proposal-1", "70")
    second.fill("#share", "60")
    second.click("#propose")
    wait_for_text(first, "#proposal-2", "60")
    first.fill("#share", "60")
    first.click("#propose")
    for page in (first, second):
        wait_for_text(page, "#agreed", "Agreed: participant 1 gets 60.")
        assert page.evaluate("window.notReloaded") is True

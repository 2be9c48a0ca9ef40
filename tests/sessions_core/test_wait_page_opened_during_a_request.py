"""A request that passes a wait page opened by another request while it ran sees what that
request wrote.

On PostgreSQL (READ COMMITTED) every statement sees what was committed before it: a waiting
participant's request (a reload, the state poll, the socket's connect) that read the group's row,
then found the barrier open because the other member committed in between, used to go on with
the group as it was before, and the trust game's SendBack page failed on a missing sent_amount.
SQLite serializes write transactions from their start, so there the other member cannot commit
in between: the test runs on PostgreSQL only.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

import sessions_core.engine.flow as flow
from sessions_core.engine import waiting
from sessions_core.experimenter.pages import WaitPage
from tests.conftest import make_session, on_postgres, page_name, participants_of, post, visit

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def in_own_transaction(action: Callable[[], object]) -> None:
    """Run action in another thread, on its own connection, and wait for it to commit."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as error:  # noqa: BLE001  (re-raised below, in the test's thread)
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the other request did not finish"
    if errors:
        raise errors[0]


def test_a_wait_page_opened_after_its_rows_were_read_passes_with_what_the_opener_wrote(
        monkeypatch: pytest.MonkeyPatch) -> None:
    if not on_postgres():
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    trustor, trustee = participants_of(make_session("trust", 2))
    visit(trustor)
    visit(trustee)  # waits on SendBackWaitPage for the trustor's decision
    check_barrier = waiting.try_pass

    def trustor_decides_meanwhile(page: WaitPage) -> bool:
        # The trustee's request has read its player and group; now the trustor commits.
        in_own_transaction(lambda: post(trustor, {"sent_amount": 40}))
        return check_barrier(page)

    monkeypatch.setattr(flow.waiting, "try_pass", trustor_decides_meanwhile)
    # A reload is answered without a lock while the barrier is closed (it shows the wait page)
    # and runs locked only once it has seen the barrier open. A request that holds the lock at
    # the wait page and asks about the barrier itself is a form posted again from the page.
    outcome = post(trustee, {})

    assert page_name(outcome) == "SendBack"
    assert outcome.page is not None and outcome.page.vars_for_template() == {"tripled_amount": 120}

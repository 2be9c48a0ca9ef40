"""Two server processes share PostgreSQL and Redis: a participant may be on either.

One participant's wait-page socket is held by process 1 while the other submits through
process 2; the push must cross processes through the Redis channel layer.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.servers import (
    HttpParticipant,
    Server,
    create_session,
    next_message,
    wait_page_socket,
)

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]




def test_submit_on_one_process_advances_a_socket_held_by_another(
        servers: Callable[[dict[str, str]], Server], shared_env: dict[str, str]) -> None:
    first, second = servers(shared_env), servers(shared_env)
    trustor_path, trustee_path = create_session(shared_env, "trust", 2)
    trustor, trustee = HttpParticipant(trustor_path), HttpParticipant(trustee_path)

    assert 'id="quorum-wait"' in trustee.get(first)
    with wait_page_socket(first, trustee) as trustee_socket:
        assert 'name="sent_amount"' in trustor.get(second)
        assert 'id="quorum-wait"' in trustor.submit(second, {"sent_amount": "40"})
        assert next_message(trustee_socket) == {"type": "advance"}
    assert 'name="sent_back_amount"' in trustee.get(first)

    # And back the other way: the trustor now waits on process 2, the trustee submits on 1.
    with wait_page_socket(second, trustor) as trustor_socket:
        results = trustee.submit(first, {"sent_back_amount": "20"})
        assert "Your payoff is <strong>100 points</strong>" in results   # 40 * 3 - 20
        assert next_message(trustor_socket) == {"type": "advance"}
    assert "Your payoff is <strong>80 points</strong>" in trustor.get(second)   # 100 - 40 + 20

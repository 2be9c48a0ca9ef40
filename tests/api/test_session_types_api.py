"""session-types/: every SessionType with what a script needs to create a session of it."""
from __future__ import annotations

from rest_framework.test import APIClient

from sessions_core.experimenter.registry import session_types
from tests.api.conftest import API


def test_list_has_every_session_type(script: APIClient) -> None:
    response = script.get(f"{API}/session-types/")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == [st.name for st in session_types()]


def test_read_gives_config_defaults_sequence_pay_and_demo_size(script: APIClient) -> None:
    body = script.get(f"{API}/session-types/public_goods/").json()
    assert body["config"] == {"multiplier": 2}
    assert body["app_sequence"] == ["public_goods"]
    assert body["fixed_pay"] == 500
    assert body["real_world_currency_per_point"] == "0.01"
    assert body["num_demo_participants"] == 3
    assert body["participants_multiple_of"] == 3
    assert body["doc"].startswith("Three rounds of a public goods game")


def test_unknown_session_type_is_a_404_naming_it(script: APIClient) -> None:
    response = script.get(f"{API}/session-types/no_such_type/")
    assert response.status_code == 404
    assert response.json() == {"detail": "no SessionType 'no_such_type'"}

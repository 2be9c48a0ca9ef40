"""Positions read as app, round and page name ("trust, round 1, SendBack"), never as indexes;
a participant reads "P3 of session s78yyr5z". The helper is sessions_core/engine/positions.py."""
from __future__ import annotations

from django.test import Client

from participants.models import Participant
from sessions_core.engine.positions import participant_position_name, position_name
from tests.conftest import fresh, make_session, participants_of, post, visit


def test_a_position_is_named_by_app_round_and_page() -> None:
    names = [position_name(app_sequence=["trust"], status="playing", app_index=0,
                           round_number=1, page_index=index) for index in (0, 2)]
    assert names == ["trust, round 1, Send", "trust, round 1, SendBack"]
    assert position_name(app_sequence=["public_goods"], status="playing", app_index=0,
                         round_number=3, page_index=0) == "public_goods, round 3, Contribute"


def test_before_and_after_the_session_a_position_says_so() -> None:
    common = {"app_sequence": ["trust"], "app_index": 0, "round_number": 1, "page_index": 0}
    assert position_name(status="new", **common) == "not started"
    assert position_name(status="finished", **common) == "finished"


def test_a_position_the_code_no_longer_has_is_still_named() -> None:
    assert position_name(app_sequence=["trust"], status="playing", app_index=0, round_number=1,
                         page_index=40) == "trust, round 1, page #41"
    assert position_name(app_sequence=["trust"], status="playing", app_index=3, round_number=2,
                         page_index=0) == "app #4 (no longer in the session), round 2"


def test_a_participant_position_follows_the_flow(db: None) -> None:
    sender, receiver = participants_of(make_session("trust", 2))
    visit(sender)
    visit(receiver)
    post(sender, {"sent_amount": 10})
    visit(receiver)
    assert participant_position_name(fresh(receiver)) == "trust, round 1, SendBack"
    assert participant_position_name(fresh(sender)) == "trust, round 1, ResultsWaitPage"


def test_a_participant_reads_as_its_number_in_its_session(db: None) -> None:
    session = make_session("public_goods", 3)
    third = participants_of(session)[2]
    assert str(third) == f"P3 of session {session.name}"


def test_the_admin_shows_positions_by_name(experimenter: Client) -> None:
    session = make_session("trust", 2)
    sender, receiver = participants_of(session)
    visit(sender)
    visit(receiver)
    post(sender, {"sent_amount": 10})
    visit(receiver)
    change = experimenter.get(f"/admin/sessions_core/session/{session.pk}/change/")
    page = change.content.decode()
    assert "trust, round 1, SendBack<" in page and "trust, round 1, ResultsWaitPage<" in page
    assert "page_index" not in page and "app_index" not in page
    listing = experimenter.get("/admin/participants/participant/").content.decode()
    assert f"P2 of session {session.name}" in listing
    assert "trust, round 1, SendBack" in listing
    detail = experimenter.get(f"/admin/participants/participant/{receiver.pk}/change/")
    assert "trust, round 1, SendBack" in detail.content.decode()
    assert Participant.objects.count() == 2

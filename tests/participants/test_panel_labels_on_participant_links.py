"""A participant link records an online panel's id from its query string as the participant's
label (participant_label, as oTree; Prolific's PROLIFIC_PID with STUDY_ID and SESSION_ID in
participant.vars["prolific"]); a participant who has a label keeps it."""
from __future__ import annotations

from django.test import Client

from tests.conftest import fresh, make_session, participants_of, url_of


def test_participant_label_becomes_the_label(db: None) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    assert Client().get(url_of(participant) + "?participant_label=cubicle-3").status_code == 200
    assert fresh(participant).label == "cubicle-3"


def test_a_participant_with_a_label_keeps_it(db: None) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    Client().get(url_of(participant) + "?participant_label=first")
    Client().get(url_of(participant) + "?participant_label=second")
    assert fresh(participant).label == "first"


def test_prolific_ids_are_kept_in_vars(db: None) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    Client().get(url_of(participant) + "?PROLIFIC_PID=pid1&STUDY_ID=study1&SESSION_ID=sess1")
    stored = fresh(participant)
    assert stored.label == "pid1"
    assert stored.vars["prolific"] == {"PROLIFIC_PID": "pid1", "STUDY_ID": "study1",
                                       "SESSION_ID": "sess1"}


def test_participant_label_wins_over_prolific_pid(db: None) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    Client().get(url_of(participant) + "?PROLIFIC_PID=pid1&participant_label=lab1")
    assert fresh(participant).label == "lab1"


def test_an_invalid_label_is_refused_and_nothing_changes(db: None) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    response = Client().get(url_of(participant) + "?participant_label=no%3Cgood%3E")
    assert response.status_code == 400
    assert "participant_label in the link: An access code uses only" in response.content.decode()
    stored = fresh(participant)
    assert stored.label is None and stored.status == "new"


def test_a_label_of_another_participant_is_refused(db: None) -> None:
    first, second = participants_of(make_session("trust", 2))
    Client().get(url_of(first) + "?participant_label=taken")
    response = Client().get(url_of(second) + "?participant_label=taken")
    assert response.status_code == 409
    assert "belongs to another participant" in response.content.decode()
    assert fresh(second).label is None and fresh(second).status == "new"


def test_a_link_without_panel_ids_records_nothing(db: None) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    Client().get(url_of(participant) + "?utm_source=mail")
    stored = fresh(participant)
    assert stored.label is None and "prolific" not in stored.vars

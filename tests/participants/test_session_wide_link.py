"""The session-wide link /join/<session_name>/: each new browser gets the next free participant
slot, and a cookie brings it back to that slot; a GET hands out nothing; a full session says so."""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from sessions_core.lifecycle.joining import participant_claim
from tests.conftest import make_session, participants_of, url_of, visit


def join(client: Client, session_name: str, query: str = "") -> str:
    """What the joining page's form does: post to the link; returns where it sends the browser."""
    response = client.post(f"/join/{session_name}/{query}")
    assert response.status_code == 302, response.content.decode()
    return str(response["Location"])


def test_each_new_browser_gets_the_next_free_slot(db: None) -> None:
    session = make_session("trust", 4)
    slots = participants_of(session)
    assert [join(Client(), session.name) for _ in range(3)] == [url_of(p) for p in slots[:3]]
    claimed = Participant.objects.filter(session=session, claimed_at__isnull=False)
    assert claimed.count() == 3


def test_the_same_browser_comes_back_to_its_slot(db: None) -> None:
    session = make_session("trust", 4)
    browser = Client()
    first = join(browser, session.name)
    assert join(browser, session.name) == first  # a second post: the same slot
    response = browser.get(f"/join/{session.name}/")
    assert response.status_code == 302 and response["Location"] == first
    assert Participant.objects.filter(session=session, claimed_at__isnull=False).count() == 1


def test_a_get_shows_a_page_that_joins_by_itself_and_hands_out_nothing(db: None) -> None:
    session = make_session("trust", 2)
    response = Client().get(f"/join/{session.name}/?participant_label=abc")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'method="post" action="/join/{session.name}/?participant_label=abc"' in page
    assert 'document.getElementById("session-join").submit()' in page
    assert '<button type="submit" class="btn" id="join-button">Continue</button>' in page
    assert Client().head(f"/join/{session.name}/").status_code == 200
    assert not Participant.objects.filter(claimed_at__isnull=False).exists()
    assert not Participant.objects.exclude(label=None).exists()


def test_a_full_session_says_so(db: None) -> None:
    session = make_session("trust", 2)
    join(Client(), session.name)
    join(Client(), session.name)
    response = Client().post(f"/join/{session.name}/")
    assert response.status_code == 409
    assert "Session full" in response.content.decode()


def test_slots_started_by_their_own_link_are_not_handed_out(db: None) -> None:
    session = make_session("trust", 4)
    first, second, third, _ = participants_of(session)
    visit(first)
    assert join(Client(), session.name) == url_of(second)
    visit(third)
    assert join(Client(), session.name).endswith(f"/{participants_of(session)[3].name}/")


def test_the_link_of_an_unknown_session_is_not_found(db: None) -> None:
    for response in (Client().get("/join/nosuchsession/"), Client().post("/join/nosuchsession/")):
        assert response.status_code == 404 and "Link not found" in response.content.decode()


def test_a_forged_cookie_is_ignored(db: None) -> None:
    session = make_session("trust", 2)
    taken = participants_of(session)[1]
    browser = Client()
    browser.cookies[f"quorum-join-{session.name}"] = taken.name  # unsigned
    assert join(browser, session.name) == url_of(participants_of(session)[0])


def test_the_panel_label_is_recorded_and_leads_back_to_its_slot(db: None) -> None:
    session = make_session("trust", 4)
    first = join(Client(), session.name, "?participant_label=LAB-07")
    slot = Participant.objects.get(label="LAB-07")
    assert first == url_of(slot)
    assert join(Client(), session.name, "?participant_label=LAB-07") == first  # another browser
    assert Participant.objects.filter(claimed_at__isnull=False).count() == 1


def test_prolific_ids_become_the_label_and_vars(db: None) -> None:
    session = make_session("trust", 2)
    join(Client(), session.name,
         "?PROLIFIC_PID=5f1a2b3c4d&STUDY_ID=60aa11bb22&SESSION_ID=70cc33dd44")
    slot = Participant.objects.get(label="5f1a2b3c4d")
    assert slot.vars == {"prolific": {"PROLIFIC_PID": "5f1a2b3c4d", "STUDY_ID": "60aa11bb22",
                                      "SESSION_ID": "70cc33dd44"}}


@pytest.mark.parametrize("query, message", [
    ("?participant_label=a%20b", "participant_label in the link: An access code uses only"),
    ("?PROLIFIC_PID=ok&STUDY_ID=" + "x" * 129, "STUDY_ID in the link: An access code has at most"),
])
def test_an_unusable_panel_id_is_refused_and_nothing_is_handed_out(db: None, query: str,
                                                                   message: str) -> None:
    session = make_session("trust", 2)
    response = Client().post(f"/join/{session.name}/{query}")
    assert response.status_code == 400 and message in response.content.decode()
    assert not Participant.objects.filter(claimed_at__isnull=False).exists()


def test_a_claim_skips_slots_a_room_handed_out(db: None) -> None:
    session = make_session("trust", 2)
    first, second = participants_of(session)
    Participant.objects.filter(pk=first.pk).update(claimed_at=second.created_at)
    claim = participant_claim(session=session)
    assert claim.outcome == "joined" and claim.participant is not None
    assert claim.participant.pk == second.pk

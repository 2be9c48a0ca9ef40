"""The lab manager's list of refused entries: read-only, filtered, downloadable as CSV."""
from __future__ import annotations

import csv
import io

from django.test import Client

from participants.models import EntryRefusal
from tests.conftest import make_session
from tests.eligibility import UA_DESKTOP, UA_PHONE, session_type_with
from tests.permissions import admin_client, staff_with

LIST = "/admin/participants/entryrefusal/"


def refuse_two(st: str) -> str:
    """A phone refused by the platform rule and a blocked label refused at the session-wide
    link of one session; returns the session's name."""
    session = make_session(st, 2)
    assert Client().post(f"/join/{session.name}/", HTTP_USER_AGENT=UA_PHONE).status_code == 403
    assert Client().post(f"/join/{session.name}/?participant_label=blocked-1",
                         HTTP_USER_AGENT=UA_DESKTOP).status_code == 403
    return session.name


def test_the_list_shows_refusals_and_filters_by_rule(experimenter: Client) -> None:
    with session_type_with(allowed_platforms=["desktop"], blocked_labels=["blocked-1"]) as st:
        session_name = refuse_two(st)
        page = experimenter.get(LIST).content.decode()
        assert page.count(session_name) >= 2 and "blocked-1" in page and "platform" in page
        filtered = experimenter.get(f"{LIST}?rule__exact=blocked_label").content.decode()
        assert "blocked-1" in filtered and "1 entry refusal" in filtered


def test_the_list_is_read_only(experimenter: Client) -> None:
    with session_type_with(allowed_platforms=["desktop"], blocked_labels=["blocked-1"]) as st:
        refuse_two(st)
        refusal = EntryRefusal.objects.first()
        assert refusal is not None
        assert experimenter.get(f"{LIST}add/").status_code == 403
        assert experimenter.post(f"{LIST}{refusal.pk}/delete/", {"post": "yes"}).status_code == 403
        page = experimenter.get(f"{LIST}{refusal.pk}/change/")
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert EntryRefusal.objects.count() == 2


def test_the_csv_holds_what_the_list_shows(experimenter: Client) -> None:
    with session_type_with(allowed_platforms=["desktop"], blocked_labels=["blocked-1"]) as st:
        session_name = refuse_two(st)
        assert f'href="{LIST}csv/?rule__exact=platform"' in experimenter.get(
            f"{LIST}?rule__exact=platform").content.decode()
        response = experimenter.get(f"{LIST}csv/")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert [(r["rule"], r["session"], r["entry"], r["session_type"]) for r in rows] == [
            ("platform", session_name, "session_link", st),
            ("blocked_label", session_name, "session_link", st)]
        assert rows[0]["platform"] == "mobile" and rows[0]["user_agent"] == UA_PHONE
        assert "only on a computer" in rows[0]["reason"]
        only_blocked = experimenter.get(f"{LIST}csv/?rule__exact=blocked_label")
        rows = list(csv.DictReader(io.StringIO(only_blocked.content.decode())))
        assert [r["label"] for r in rows] == ["blocked-1"]


def test_a_header_that_looks_like_a_formula_is_not_one_in_the_csv(experimenter: Client) -> None:
    with session_type_with(allowed_platforms=["desktop"]) as st:
        session = make_session(st, 1)
        Client().post(f"/join/{session.name}/", HTTP_USER_AGENT="=HYPERLINK(\"x\")")
        rows = list(csv.DictReader(io.StringIO(
            experimenter.get(f"{LIST}csv/").content.decode())))
        assert rows[0]["user_agent"] == "'=HYPERLINK(\"x\")"


def test_staff_without_the_view_permission_see_neither_list_nor_csv(db: None) -> None:
    client = admin_client(staff_with())
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}csv/").status_code == 403
    allowed = admin_client(staff_with("participants.view_entryrefusal"))
    assert allowed.get(LIST).status_code == 200
    assert allowed.get(f"{LIST}csv/").status_code == 200


def test_a_participants_page_shows_the_environment_at_entry(experimenter: Client) -> None:
    session = make_session("questionnaire", 1)
    participant = session.participant_set.get()
    Client().get(f"/p/{session.name}/{participant.name}/", HTTP_USER_AGENT=UA_PHONE)
    page = experimenter.get(f"/admin/participants/participant/{participant.pk}/change/")
    assert page.status_code == 200
    assert "&quot;platform&quot;: &quot;mobile&quot;" in page.content.decode()

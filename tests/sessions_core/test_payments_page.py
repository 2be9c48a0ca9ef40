"""The payments page: per participant label and code, fixed pay, points, variable pay and total
in the currency with its symbol, unfinished participants marked, totals, a print style; the
CSV and the bonus files download as attachments with the same amounts."""
from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from participants.models import Participant
from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session
from tests.conftest import make_session, participants_of
from tests.permissions import admin_client, staff_with

pytestmark = pytest.mark.django_db
ADMIN = "/admin/sessions_core/session/"


@pytest.fixture
def manager(db: None) -> Client:
    return admin_client(staff_with("sessions_core.view_session"))


@pytest.fixture
def paid(db: None) -> Session:
    """flowcheck (3.00 fixed pay, 0.5 per point): P1 "seat-1" earned 21 points and finished,
    P2 earned 7 and is still playing."""
    session = make_session("flowcheck", 2)
    session_initialize(session=session)
    first, second = participants_of(session)
    Participant.objects.filter(pk=first.pk).update(label="seat-1", status="finished")
    Participant.objects.filter(pk=second.pk).update(status="playing")
    for participant, points in ((first, 21), (second, 7)):
        experiment_app("flowcheck").Player.objects.filter(
            participant_id=participant.pk, round_number=1).update(payoff=points)
    return session


def row_of(page: str, participant: Participant) -> str:
    return page.split(f'<tr data-id="{participant.pk}"')[1].split("</tr>")[0]


def test_each_participant_has_fixed_variable_and_total_pay_with_the_symbol(
        manager: Client, paid: Session) -> None:
    page = manager.get(f"{ADMIN}{paid.pk}/payments/").content.decode()
    first, second = participants_of(paid)
    mine = row_of(page, first)
    for cell in ("seat-1", first.name, "finished", "21 points", "€3.00", "€10.50", "€13.50"):
        assert cell in mine, cell
    other = row_of(page, second)
    assert "not finished" in other and "payments-unfinished" in other and "€6.50" in other


def test_the_totals_row_sums_the_participants(manager: Client, paid: Session) -> None:
    page = manager.get(f"{ADMIN}{paid.pk}/payments/").content.decode()
    totals = page.split('id="payments-totals"')[1].split("</tr>")[0]
    for cell in ("28 points", "€6.00", "€14.00", "€20.00"):
        assert cell in totals, cell
    assert "1 not finished" in page


def test_the_page_prints_without_the_admins_chrome(manager: Client, paid: Session) -> None:
    page = manager.get(f"{ADMIN}{paid.pk}/payments/").content.decode()
    assert "@media print" in page and "window.print()" in page


def test_a_currency_without_a_symbol_shows_its_code(manager: Client, paid: Session,
                                                    settings: Settings) -> None:
    settings.REAL_WORLD_CURRENCY_CODE = "CHF"
    page = manager.get(f"{ADMIN}{paid.pk}/payments/").content.decode()
    assert "13.50 CHF" in row_of(page, participants_of(paid)[0])
    assert "pays bonuses in GBP or USD" in page  # the bonus files would need converting


def test_the_csv_downloads_with_the_same_amounts(manager: Client, paid: Session) -> None:
    response = manager.get(f"{ADMIN}{paid.pk}/payments/csv/")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="payments-{paid.name}.csv"'
    lines = response.content.decode().splitlines()
    assert lines[1].endswith("seat-1,finished,21,3.00,10.50,13.50,EUR")
    assert lines[2].endswith(",playing,7,3.00,3.50,6.50,EUR")


@pytest.mark.parametrize(("panel", "body"), [
    ("prolific", "seat-1,10.50\n"),
    ("mturk", "WorkerId,AssignmentId,BonusAmount,Reason\nseat-1,,10.50,Bonus for session {}\n"),
])
def test_the_bonus_files_list_labelled_participants(manager: Client, paid: Session, panel: str,
                                                   body: str) -> None:
    response = manager.get(f"{ADMIN}{paid.pk}/payments/bonus/{panel}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == \
        f'attachment; filename="bonus-{panel}-{paid.name}.csv"'
    assert response.content.decode() == body.format(paid.name)
    page = manager.get(f"{ADMIN}{paid.pk}/payments/").content.decode()
    assert f'href="{ADMIN}{paid.pk}/payments/bonus/{panel}/"' in page
    assert "1 participant without a label" in page


def test_an_unknown_panel_is_not_found(manager: Client, paid: Session) -> None:
    assert manager.get(f"{ADMIN}{paid.pk}/payments/bonus/somewhere/").status_code == 404

"""Admin reports: one tab per app of the session; an app's vars_for_admin_report rendered with
its admin_report.html (oTree 3's place: <app>/templates/<app>/), listed as a table without
one; a default report with an inline SVG chart per numeric field and round; no chart library and
nothing from the network."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from sessions_core.data.reports import HISTOGRAM_BINS, distribution
from sessions_core.engine.bot_runner import play_session
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import Session
from tests.conftest import make_session
from tests.permissions import admin_client, staff_with

pytestmark = pytest.mark.django_db
ADMIN = "/admin/sessions_core/session/"


@pytest.fixture
def manager(db: None) -> Client:
    return admin_client(staff_with("sessions_core.view_session"))


def played(session_type: str, n: int) -> Session:
    session = make_session(session_type, n)
    result = play_session(session, 0)
    assert result.error is None, result.error
    return session


def report(manager: Client, session: Session, query: str = "") -> str:
    response = manager.get(f"{ADMIN}{session.pk}/reports/{query}")
    assert response.status_code == 200
    return str(response.content.decode())


def test_there_is_one_tab_per_app_of_the_session(manager: Client) -> None:
    session = make_session("my_session", 2)
    page = report(manager, session)
    tabs = re.findall(r'role="tab" href="\?app=(\w+)"', page)
    assert tabs == ["trust", "ultimatum", "questionnaire"]
    assert 'aria-current="page" aria-selected="true">trust<' in page
    assert 'aria-selected="true">ultimatum<' in report(manager, session, "?app=ultimatum")


def test_the_default_report_charts_each_numeric_field_per_round(manager: Client) -> None:
    session = played("public_goods", 3)
    page = report(manager, session, "?app=public_goods")
    for field in ("player-payoff", "player-contribution", "group-total_contribution"):
        block = page.split(f'id="report-field-{field}"')[1].split('class="report-field"')[0]
        assert block.count("<svg") == experiment_app("public_goods").num_rounds, field
        assert "round 1 (n=" in block
    assert "player-id_in_group" not in page and "player-round_number" not in page


def test_charts_are_inline_svg_with_no_script_and_no_network(manager: Client) -> None:
    page = report(manager, played("trust", 2), "?app=trust")
    assert "<svg" in page and "<rect" in page
    assert not re.search(r'src="(https?:)?//', page) and "<script src=\"http" not in page
    charts = page.split('id="report-field-group-sent_amount"')[1]
    assert "round 1 (n=1)" in charts


def test_few_distinct_values_get_a_bar_each_and_many_a_histogram() -> None:
    bars = distribution([10.0, 10.0, 30.0])
    assert [(b.label, b.count) for b in bars] == [("10", 2), ("30", 1)]
    spread = distribution([float(v) for v in range(100)])
    assert len(spread) == HISTOGRAM_BINS and sum(b.count for b in spread) == 100
    assert distribution([]) == []


def test_an_apps_own_report_is_rendered_with_its_admin_report_template(
        manager: Client, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # oTree 3 keeps it at <app>/templates/<app>/admin_report.html: a template folder that holds
    # "trust/admin_report.html", as the app's own would.
    (tmp_path / "trust").mkdir()
    (tmp_path / "trust" / "admin_report.html").write_text(
        "{% load otree %}<p id='mine'>sent {{ total_sent }} in round {{ subsession.round_number }}"
        " of {{ session.name }} ({{ Constants.multiplier }}x)</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0],
                           "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    session = played("trust", 2)
    subsession = experiment_app("trust").Subsession
    monkeypatch.setattr(subsession, "vars_for_admin_report", lambda self: {
        "total_sent": sum(g.sent_amount for g in self.get_groups())}, raising=False)
    page = report(manager, session, "?app=trust&round=1")
    sent = experiment_app("trust").Group.objects.get(session_id=session.pk).sent_amount
    assert f"<p id='mine'>sent {sent} in round 1 of {session.name} (3x)</p>" in page


def test_without_a_template_the_reports_variables_are_listed(
        manager: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    session = played("trust", 2)
    monkeypatch.setattr(experiment_app("trust").Subsession, "vars_for_admin_report",
                        lambda self: {"groups": len(self.get_groups())}, raising=False)
    page = report(manager, session, "?app=trust")
    assert '<table id="report-vars"><tr><th>groups</th><td>1</td></tr></table>' in page


def test_a_report_that_raises_shows_its_error_and_the_charts(
        manager: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    session = played("trust", 2)

    def broken(self: object) -> dict:
        raise KeyError("total")

    monkeypatch.setattr(experiment_app("trust").Subsession, "vars_for_admin_report", broken,
                        raising=False)
    page = report(manager, session, "?app=trust")
    assert "This app's admin report failed: KeyError: &#x27;total&#x27;" in page
    assert "<svg" in page


def test_an_unknown_app_or_round_is_not_found(manager: Client) -> None:
    session = make_session("trust", 2)
    assert manager.get(f"{ADMIN}{session.pk}/reports/?app=ultimatum").status_code == 404
    assert manager.get(f"{ADMIN}{session.pk}/reports/?app=trust&round=2").status_code == 404
    assert manager.get(f"{ADMIN}{session.pk}/reports/?app=trust&round=x").status_code == 404

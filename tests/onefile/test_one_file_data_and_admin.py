"""The data export and the admin treat apps of the one-file format as they treat oTree 3 apps:
a SessionType mixing both (onefile_mixed), played by its bots, is exported column by column
as the database holds it (the checks of tests/data/test_exports_match_the_database.py), and the
admin shows its positions, its participants and the apps' reports."""
from __future__ import annotations

import pytest
from django.test import Client

from sessions_core.models import Session
from tests.conftest import make_session, page_name, participants_of, post, visit
from tests.data.conftest import exported_csv, play
from tests.data.test_exports_match_the_database import (
    check_each_app_csv_has_one_row_per_player_and_round,
    check_the_json_holds_the_same_values,
    check_the_page_times_csv_has_one_row_per_page_left,
    check_the_wide_csv_has_one_row_per_participant_with_every_column,
    check_the_zip_holds_every_export_and_the_data_dictionary,
)

pytestmark = pytest.mark.django_db


def test_every_export_of_a_session_of_both_formats_says_what_the_database_holds() -> None:
    played = play("onefile_mixed")
    check_the_wide_csv_has_one_row_per_participant_with_every_column(played)
    check_each_app_csv_has_one_row_per_player_and_round(played)
    check_the_page_times_csv_has_one_row_per_page_left(played)
    check_the_json_holds_the_same_values(played)
    check_the_zip_holds_every_export_and_the_data_dictionary(played)


def test_the_one_file_apps_columns_read_as_an_oTree_3_apps_do() -> None:
    played = play("onefile_mixed")
    header, rows = exported_csv(played, "app_csv", "onefile_rounds")
    assert header[4:] == [
        "player.id_in_group", "player.role", "player.payoff", "player.partner_code",
        "group.id_in_subsession", "group.sent", "group.payoff_runs",
        "subsession.round_number", "subsession.setup_runs"]
    assert sorted({(row["player.role"], row["player.id_in_group"]) for row in rows}) == [
        ("Receiver", "2"), ("Sender", "1")]
    header, _ = exported_csv(played, "wide_csv")
    assert "onefile_rounds.2.group.sent" in header and "flowskip.1.player.payoff" in header


def test_the_admin_shows_a_one_file_apps_positions(client: Client, admin_user: object) -> None:
    client.force_login(admin_user)  # type: ignore[arg-type]
    session = make_session("onefile_rounds", 2)
    pages = {page_name(visit(p)): p for p in participants_of(session)}
    post(pages["Send"], {"sent": 5})
    page = client.get(f"/admin/sessions_core/session/{session.pk}/change/").content.decode()
    assert "onefile_rounds, round 1, Results<" in page
    assert "onefile_rounds, round 1, ResultsWaitPage<" in page
    listing = client.get("/admin/participants/participant/").content.decode()
    assert f"P1 of session {session.name}" in listing
    assert "onefile_rounds, round 1, Results" in listing
    monitor = client.get(f"/admin/sessions_core/session/{session.pk}/monitor/")
    assert monitor.status_code == 200


def test_the_admin_report_of_a_one_file_app(client: Client, admin_user: object) -> None:
    client.force_login(admin_user)  # type: ignore[arg-type]
    session = Session.objects.get(name=play("onefile_hooks")[0].name)
    page = client.get(f"/admin/sessions_core/session/{session.pk}/reports/?app=onefile_hooks")
    assert page.status_code == 200
    # vars_for_admin_report(subsession), a function of the app, listed without a template
    assert ('<table id="report-vars"><tr><th>numbers</th><td>[10, 20, 30, 40]</td></tr></table>'
            in page.content.decode())

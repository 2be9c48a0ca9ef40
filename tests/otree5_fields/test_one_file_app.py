"""ExtraModel and declared fields in an app of oTree 5's one-file format (tests/apps/
onefile_extra: the model declared in the app's __init__.py, beside Player): its bots create
and read rows, the table is created with the app's others, exported and deleted with the
session; its Results page, written in oTree's template syntax, shows the rows and the field."""
from __future__ import annotations

import io
import zipfile

from django.test import Client

from sessions_core.data.exports import export_stream
from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.services import session_delete
from sessions_core.models import Session
from tests.apps.onefile_extra import Bid
from tests.conftest import make_session, participants_of, post, url_of, visit
from tests.data.conftest import content, csv_rows, play


def test_the_app_registers_its_extra_model(db: None) -> None:
    app = experiment_app("onefile_extra")
    assert app.one_file and app.extra_models == [Bid]
    assert Bid._meta.app_label == "onefile_extra"


def test_bots_create_and_read_rows_and_set_the_declared_fields(db: None) -> None:
    session = play("onefile_extra")[0]
    rows = list(Bid.objects.filter(session=session).order_by("pk")
                .values_list("player__participant__id_in_session", "amount"))
    assert sorted(rows) == [(n, 10 * n + extra) for n in (1, 2, 3, 4) for extra in (0, 1)]
    assert [p.offers_made for p in participants_of(session)] == [2, 2, 2, 2]
    assert Session.objects.get(pk=session.pk).settled_rounds == 2  # two groups


def test_the_results_page_shows_the_rows_and_the_field(client: Client, db: None) -> None:
    session = make_session("onefile_extra", 2)
    people = participants_of(session)
    for participant in people:
        visit(participant)
    post(people[0], {"bid": 30})
    post(people[1], {"bid": 20})  # the last to arrive opens the wait page
    html = client.get(url_of(people[0]), follow=True).content.decode()
    assert '<p id="best">31 points</p>' in html  # the group's best of 30, 31, 20, 21
    assert '<p class="bid">30 points</p><p class="bid">31 points</p>' in html
    assert '<p id="made">2</p>' in html


def test_the_export_and_the_delete_take_the_table_along(db: None) -> None:
    session = play("onefile_extra")[0]
    archive = zipfile.ZipFile(io.BytesIO(content(export_stream(sessions=[session],
                                                               format="zip"))))
    header, rows = csv_rows(archive.read("apps/onefile_extra.Bid.csv"))
    assert header == ["session.code", "id", "player.participant.code",
                      "player.participant.id_in_session", "player.round_number",
                      "player.id_in_group", "group.round_number", "group.id_in_subsession",
                      "amount"]
    assert len(rows) == 8
    session_delete(session=session)
    assert not Bid.objects.exists()

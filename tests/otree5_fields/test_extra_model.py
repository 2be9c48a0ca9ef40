"""ExtraModel: an app's own table of rows linked to its players, groups and subsessions, with
oTree's create, filter (a list) and values_list; rows belong to the unit of work as players do,
and are deleted with their session."""
from __future__ import annotations

from decimal import Decimal

import pytest

from sessions_core.api import ExtraModel, models
from sessions_core.db import idmap
from sessions_core.lifecycle.services import session_delete, session_initialize
from sessions_core.models import Session
from tests.apps.fieldcheck.models import Group, Note, Offer, Player, Subsession
from tests.conftest import make_session
from tests.data.conftest import play


def initialized(n: int = 4) -> Session:
    session = make_session("fieldcheck", n)
    session_initialize(session=session)
    return session


def players_of(session: Session, round_number: int = 1) -> list[Player]:
    return idmap.adopt_all(Player.objects.filter(session=session, round_number=round_number)
                           .order_by("id_in_subsession"))


def test_the_api_exports_extra_model_and_link() -> None:
    assert issubclass(Offer, ExtraModel)
    assert callable(models.Link)


def test_create_stores_a_row_and_filter_finds_it_as_a_list(db: None) -> None:
    session = initialized()
    with idmap.unit_of_work():
        first, second = players_of(session)[:2]
        made = Offer.create(player=first, group=first.group, amount=7)
        Offer.create(player=first, group=first.group, amount=12)
        Offer.create(player=second, group=second.group, amount=3)
        mine = Offer.filter(player=first)
        assert isinstance(mine, list) and [o.amount for o in mine] == [7, 12]
        assert mine[0] is made  # the unit's own object, as for players
        assert [o.amount for o in Offer.filter(player=first, amount__gt=10)] == [12]
        assert Offer.filter(group=first.group) == Offer.filter(session=session)
        assert made.session_id == session.pk  # taken from the player it links to
    assert Offer.objects.filter(session=session).count() == 3


def test_links_read_back_as_the_objects_of_the_unit(db: None) -> None:
    session = initialized()
    with idmap.unit_of_work():
        player = players_of(session)[0]
        Offer.create(player=player, group=player.group, amount=5)
    with idmap.unit_of_work():
        player = players_of(session)[0]
        offer = Offer.filter(player_id=player.pk)[0]
        assert offer.player is player
        assert offer.group is player.group
        assert offer.player.participant.id_in_session == 1
        assert offer.session.name == session.name


def test_values_list_gives_tuples_or_with_flat_the_values(db: None) -> None:
    session = initialized()
    with idmap.unit_of_work():
        player = players_of(session)[0]
        for amount in (4, 9):
            Offer.create(player=player, group=player.group, amount=amount, accepted=amount > 5)
        assert Offer.values_list("amount", "accepted", player=player) == [
            (Decimal(4), False), (Decimal(9), True)]
        assert Offer.values_list("amount", flat=True, player=player) == [4, 9]
        assert Offer.values_dicts(player=player)[1]["amount"] == 9
        with pytest.raises(TypeError, match="flat=True needs exactly one name"):
            Offer.values_list("amount", "accepted", flat=True)


def test_a_change_to_a_row_is_stored_when_the_unit_ends(db: None) -> None:
    session = initialized()
    with idmap.unit_of_work():
        player = players_of(session)[0]
        Offer.create(player=player, group=player.group, amount=5)
    with idmap.unit_of_work():
        Offer.filter(session=session)[0].accepted = True  # no save(), as in oTree
    assert Offer.objects.get(session=session).accepted is True


def test_create_refuses_an_unknown_field_or_a_row_linked_to_nothing(db: None) -> None:
    session = initialized()
    with idmap.unit_of_work():
        player = players_of(session)[0]
        with pytest.raises(TypeError, match=r"Offer\.create: Offer has no field 'price' \(its "
                                            r"fields: accepted, amount, group, group_id"):
            Offer.create(player=player, price=3)
        with pytest.raises(ValueError, match=r"Offer\.create needs an object to link to \(its "
                                             r"links: player, group\), or session=\.\.\."):
            Offer.create(amount=3)
    assert not Offer.objects.exists()


def test_a_row_linked_by_id_takes_its_session_from_the_linked_row(db: None) -> None:
    session = initialized()
    subsession = Subsession.objects.get(session=session, round_number=2)
    with idmap.unit_of_work():
        note = Note.create(subsession_id=subsession.pk, text="by id")
    assert Note.objects.get(pk=note.pk).session_id == session.pk


def test_bots_play_an_app_that_creates_updates_and_reads_rows(db: None) -> None:
    session = play("fieldcheck")[0]  # its bots check Offer.filter on every round
    offers = list(Offer.objects.filter(session=session).select_related("player")
                  .order_by("pk"))
    assert len(offers) == 8  # 4 players, 2 rounds
    for offer in offers:
        assert offer.group_id == offer.player.group_id
        assert offer.accepted == (offer.amount >= 10)  # set by Group.settle, never saved by it
    totals = {g.pk: g.total_offered for g in Group.objects.filter(session=session)}
    for group_id, total in totals.items():
        assert total == sum(o.amount for o in offers if o.group_id == group_id)
    notes = Note.objects.filter(session=session).order_by("subsession__round_number")
    assert [n.text for n in notes] == ["round 1 created", "round 2 created"]


def test_deleting_a_session_deletes_its_rows_and_no_others(db: None) -> None:
    doomed, kept = play("fieldcheck")[0], initialized(2)
    with idmap.unit_of_work():
        player = players_of(kept)[0]
        Offer.create(player=player, group=player.group, amount=1)
    session_delete(session=doomed)
    assert not Offer.objects.filter(session_id=doomed.pk).exists()
    assert not Note.objects.filter(session_id=doomed.pk).exists()
    assert Offer.objects.filter(session=kept).count() == 1
    assert Note.objects.filter(session=kept).count() == 2


def test_a_page_view_that_creates_a_row_runs_again_under_its_locks(db: None) -> None:
    session = initialized(2)
    with pytest.raises(idmap.NeedsLock):  # nothing is written in a read-only unit
        with idmap.read_only_unit():
            player = players_of(session)[0]
            Offer.create(player=player, group=player.group, amount=4)
    assert not Offer.objects.exists()

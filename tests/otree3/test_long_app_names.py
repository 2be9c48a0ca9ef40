"""An app may have any name Django accepts: the index and constraint names derived from it fit
Django's 30 characters for indexes and PostgreSQL's 63 bytes for any identifier."""
from __future__ import annotations

import pytest
from django.apps import apps
from django.core import checks
from django.db import connection

from sessions_core.engine.bot_runner import run_bots
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import DERIVED_NAME_TAGS, derived_name

LONG = "an_experiment_app_whose_name_is_much_longer_than_sixty_characters"
LABELS = ["trust", "public_goods_punishment", LONG, "x" * 200, "_leading_underscore",
          "Éxpérience_à_très_longue_étiquette", "CamelCaseExperimentWithAVeryLongName"]


def names_of(model: type) -> list[tuple[str, bool]]:
    return ([(index.name, True) for index in model._meta.indexes]
            + [(constraint.name, False) for constraint in model._meta.constraints])


@pytest.mark.parametrize("label", LABELS)
def test_derived_names_fit_the_limits_for_any_label(label: str) -> None:
    for suffix in DERIVED_NAME_TAGS:
        for index in (True, False):
            name = derived_name(label, suffix, index=index)
            assert len(name) <= (30 if index else 63), name
            assert len(name.encode()) <= 63, name
            assert name[0].isalpha(), name


def test_names_that_fit_stay_as_they_were() -> None:
    # Existing deployments keep their tables' names.
    assert derived_name("trust", "player_group", index=True) == "trust_player_group"
    assert derived_name("public_goods", "player_participant_round", index=False) == \
        "public_goods_player_participant_round"
    assert derived_name("public_goods_punishment", "subsession_round", index=False) == \
        "public_goods_punishment_subsession_round"


def test_long_labels_get_a_readable_prefix_and_a_hash() -> None:
    name = derived_name("public_goods_punishment", "player_group", index=True)
    assert name.startswith("public_goods_pu_") and name.endswith("_pg")


def test_labels_that_share_a_long_prefix_get_different_names() -> None:
    first, second = LONG + "_a", LONG + "_b"
    for suffix in DERIVED_NAME_TAGS:
        assert derived_name(first, suffix, index=False) != derived_name(second, suffix, index=False)
    assert len({derived_name(first, suffix, index=True) for suffix in DERIVED_NAME_TAGS}) == 4


def test_every_experiment_model_passes_django_checks() -> None:
    # Without fitted names, the 65-character app fails models.E034 and stops every command.
    configs = [apps.get_app_config(label) for label in (LONG, "trust")]
    errors = [e for e in checks.run_checks(app_configs=configs) if e.level >= checks.ERROR]
    assert errors == []


def test_names_of_a_long_app_fit_and_are_unique_across_all_models() -> None:
    app = experiment_app(LONG)
    for model in (app.Subsession, app.Group, app.Player):
        for name, index in names_of(model):
            assert len(name) <= (30 if index else 63) and name.isascii(), name
    everyone = [name for model in apps.get_models() for name, _ in names_of(model)]
    assert len(everyone) == len(set(everyone))


@pytest.mark.django_db
def test_an_app_with_a_65_character_name_has_its_tables_and_plays_its_bots() -> None:
    results = run_bots("long_app_name", 4)
    assert [r.error for r in results] == [None]
    player_model = experiment_app(LONG).Player
    assert player_model.objects.count() == 8  # 4 participants, 2 rounds
    with connection.cursor() as cursor:
        stored = connection.introspection.get_constraints(cursor, player_model._meta.db_table)
    assert {name for name, _ in names_of(player_model)} <= set(stored)

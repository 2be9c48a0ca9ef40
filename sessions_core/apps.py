from typing import Any

from django.apps import AppConfig


class SessionsCoreConfig(AppConfig):
    name = "sessions_core"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Sessions"  # the admin's section title

    def ready(self) -> None:
        from sessions_core.conditions.services import condition_read
        from sessions_core.db.assigned import assigned_set_resolver
        from sessions_core.engine.timeouts import participant_timeout_fire
        from sessions_core.engine.visit import participant_dropout
        from sessions_core.experimenter import registry
        from sessions_core.lifecycle.deadlines import deadlines_set_firer
        from sessions_core.lifecycle.dropouts import dropouts_set_handlers
        from sessions_core.web.presence import participant_presence

        registry.load()
        load_declared_fields()
        # lifecycle/deadlines.py finds due deadlines; firing one is the engine's (a layer up).
        deadlines_set_firer(participant_timeout_fire)
        # Dropouts: found a layer below the engine, from presence a layer above it.
        dropouts_set_handlers(seen=lambda name: participant_presence().last_seen(name),
                              mark=participant_dropout)
        # participant/group/session.condition: assigned on first read, a layer up (conditions).
        assigned_set_resolver(condition_read)
        _render_currency_with_unit()


def load_declared_fields() -> None:
    """PARTICIPANT_FIELDS and SESSION_FIELDS, checked against the models' attributes and the
    export's columns (which experimenter/declared.py, a layer below, cannot see)."""
    from django.conf import settings

    from participants.models import Participant
    from sessions_core.data.fields import PARTICIPANT_FIELDS, SESSION_FIELDS
    from sessions_core.experimenter.declared import load_declared
    from sessions_core.models import Session

    taken = {
        "participant": set(dir(Participant)) | {f.key for f in PARTICIPANT_FIELDS},
        "session": set(dir(Session)) | {f.key for f in SESSION_FIELDS},
    }
    load_declared(module_path=settings.SESSION_TYPES_MODULE, taken=taken)


def _render_currency_with_unit() -> None:
    """`{{ player.payoff }}` must print "25 points", as oTree templates expect, and
    `{{ participant.payoff_plus_participation_fee }}` "€13.50".

    Django's template engine formats every Decimal as a bare number before it would call str(),
    and Currency and Money are Decimals; so the engine's formatter is wrapped to let them speak
    for themselves. Everything else is formatted by Django as before.
    """
    from django.template import base

    from sessions_core.experimenter.currency import Currency, Money

    # django.template.base imports localize from django.utils.formats (the stubs omit it).
    original = base.localize  # type: ignore[attr-defined]
    if getattr(original, "quorum_wrapped", False):
        return

    def localize(value: Any, use_l10n: bool | None = None) -> Any:
        return str(value) if isinstance(value, (Currency, Money)) else original(value, use_l10n=use_l10n)

    localize.quorum_wrapped = True  # type: ignore[attr-defined]
    base.localize = localize  # type: ignore[attr-defined]

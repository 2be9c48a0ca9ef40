"""Payoffs (points, per player) and payments (real money, per participant)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from sessions_core.experimenter.currency import to_decimal
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import Session


def payment_minor_units(*, payoff_points: Decimal, config: dict) -> int:
    """fixed_pay (minor units) + points x real_world_currency_per_point, in minor units."""
    scale = Decimal(10) ** int(settings.REAL_WORLD_CURRENCY_DECIMAL_PLACES)
    rate = to_decimal(config.get("real_world_currency_per_point", "0.01"))
    money = (Decimal(payoff_points) * rate * scale).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(config.get("fixed_pay", 0)) + int(money)


@transaction.atomic
def session_compute_payments(*, session_id: int) -> int:
    """Store every participant's payment; safe to run again (same result). Returns the count."""
    session = Session.objects.select_for_update().get(pk=session_id)
    totals: dict[int, Decimal] = {}
    for label in session.app_sequence:
        rows = (experiment_app(label).Player.objects.filter(session_id=session_id)
                .values("participant_id").annotate(total=Sum("payoff")))
        for row in rows:
            pid = row["participant_id"]
            totals[pid] = totals.get(pid, Decimal(0)) + Decimal(row["total"] or 0)
    participants = list(session.participant_set.all())
    for participant in participants:
        participant.payment = payment_minor_units(
            payoff_points=totals.get(participant.pk, Decimal(0)), config=session.config)
    type(participants[0]).objects.bulk_update(participants, ["payment"], batch_size=1000) \
        if participants else None
    Session.objects.filter(pk=session_id).update(payments_computed_at=timezone.now())
    return len(participants)

"""Payoffs (points, per player) and payments (real money, per participant)."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from sessions_core.experimenter.currency import payment_minor_units
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import Session


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
            payoff=totals.get(participant.pk, Decimal(0)), config=session.config)
    type(participants[0]).objects.bulk_update(participants, ["payment"], batch_size=1000) \
        if participants else None
    Session.objects.filter(pk=session_id).update(payments_computed_at=timezone.now())
    return len(participants)

"""Payoffs (points, per player) and payments (real money, per participant).

Every amount of money is computed in the currency's minor units (whole numbers: 1000 = 10.00)
by payment_minor_units, the one place payments are computed: the stored payment, the payments
page, its files and the participant's own last page cannot disagree, and totals are exact sums.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from participants.models import Participant
from sessions_core.experimenter.currency import (
    Currency,
    Money,
    money_from_minor_units,
    payment_minor_units,
)
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import Session

# Online panels whose bonus files payments_bonus_file writes (docs/monitor-and-payments.md).
BONUS_PANELS = ("prolific", "mturk")


def session_payoff_totals(*, session: Session,
                          participant_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    """Each participant's payoff (the sum over every app and round), by participant id; one
    grouped query per app. Participants without a player yet are left out (a payoff of 0)."""
    wanted = None if participant_ids is None else list(participant_ids)
    totals: dict[int, Decimal] = {}
    for label in session.app_sequence:
        players = experiment_app(label).Player.objects.filter(session_id=session.pk)
        if wanted is not None:
            players = players.filter(participant_id__in=wanted)
        for row in players.values("participant_id").annotate(total=Sum("payoff")):
            pid = row["participant_id"]
            totals[pid] = totals.get(pid, Decimal(0)) + Decimal(row["total"] or 0)
    return totals


@transaction.atomic
def session_compute_payments(*, session_id: int) -> int:
    """Store every participant's payment; safe to run again (same result). Returns the count."""
    session = Session.objects.select_for_update().get(pk=session_id)
    totals = session_payoff_totals(session=session)
    participants = list(session.participant_set.all())
    for participant in participants:
        participant.payment = payment_minor_units(
            payoff=_paid_points(participant, totals), config=session.config)
    Participant.objects.bulk_update(participants, ["payment"], batch_size=1000)
    Session.objects.filter(pk=session_id).update(payments_computed_at=timezone.now())
    return len(participants)


@dataclass(frozen=True)
class PaymentRow:
    """What one participant is paid: fixed pay + variable pay (the points in money) = total."""

    participant_id: int
    id_in_session: int
    code: str
    label: str | None
    status: str
    points: Currency
    fixed_units: int
    variable_units: int

    @property
    def finished(self) -> bool:
        return self.status == Participant.Status.FINISHED

    @property
    def total_units(self) -> int:
        return self.fixed_units + self.variable_units

    @property
    def fixed_pay(self) -> Money:
        return Money(money_from_minor_units(self.fixed_units))

    @property
    def variable_pay(self) -> Money:
        return Money(money_from_minor_units(self.variable_units))

    @property
    def total(self) -> Money:
        return Money(money_from_minor_units(self.total_units))


@dataclass(frozen=True)
class Payments:
    """A session's payments: one row per participant (finished or not) and the totals."""

    session_name: str
    currency_code: str
    rows: list[PaymentRow]

    @property
    def points(self) -> Currency:
        return Currency(sum((Decimal(r.points) for r in self.rows), Decimal(0)))

    @property
    def fixed_pay(self) -> Money:
        return Money(money_from_minor_units(sum(r.fixed_units for r in self.rows)))

    @property
    def variable_pay(self) -> Money:
        return Money(money_from_minor_units(sum(r.variable_units for r in self.rows)))

    @property
    def total(self) -> Money:
        """The sum of the participants' totals (exact: summed in minor units)."""
        return Money(money_from_minor_units(sum(r.total_units for r in self.rows)))

    @property
    def unfinished(self) -> int:
        return sum(1 for r in self.rows if not r.finished)


def _paid_points(participant: Participant, totals: dict[int, Decimal]) -> Decimal:
    """The points a participant is paid for: none when released by a lobby timeout (they get
    the fixed pay, the show-up fee, and nothing else: engine/lobby.py)."""
    return Decimal(0) if participant.released else totals.get(participant.pk, Decimal(0))


def session_payments(*, session: Session) -> Payments:
    """What each participant of the session is paid now, finished or not, and the totals."""
    totals = session_payoff_totals(session=session)
    fixed = payment_minor_units(payoff=Decimal(0), config=session.config)
    rows = [
        PaymentRow(participant_id=p.pk, id_in_session=p.id_in_session, code=p.name,
                   label=p.label, status=p.status,
                   points=Currency(_paid_points(p, totals)), fixed_units=fixed,
                   variable_units=payment_minor_units(payoff=_paid_points(p, totals),
                                                      config=session.config) - fixed)
        for p in session.participant_set.order_by("id_in_session")
        .only("pk", "id_in_session", "name", "label", "status", "released_at")
    ]
    return Payments(session_name=session.name,
                    currency_code=settings.REAL_WORLD_CURRENCY_CODE.upper(), rows=rows)


PAYMENTS_CSV_HEADER = ["id_in_session", "participant_code", "participant_label", "status",
                       "points", "fixed_pay", "variable_pay", "total", "currency"]


def payments_csv(*, payments: Payments) -> str:
    """The payments as CSV: one row per participant, bare amounts and the currency's code."""
    def line(row: PaymentRow) -> list[Any]:
        return [row.id_in_session, row.code, row.label or "", row.status,
                format(Decimal(row.points), "f"), row.fixed_pay.amount, row.variable_pay.amount,
                row.total.amount, payments.currency_code]

    return _csv([PAYMENTS_CSV_HEADER, *(line(r) for r in payments.rows)])


def payments_bonus_file(*, payments: Payments, panel: str, reason: str = "") -> str:
    """A bonus file for an online panel: the variable pay of each labelled participant with a
    bonus above zero (the fixed pay is the panel's own reward for the study).

    prolific: `<participant_id>,<amount>` lines, no header, the amount a bare decimal in the
      study's currency ("4.25"): Prolific's bulk bonus format.
    mturk: a CSV with the header WorkerId,AssignmentId,BonusAmount,Reason, one row per worker:
      the parameters of MTurk's SendBonus (BonusAmount in US dollars without a symbol). The
      AssignmentId is the participant's vars["assignmentId"] when an app stored it, else empty.
    """
    if panel not in BONUS_PANELS:
        raise ValueError(f"no bonus file for {panel!r}: choose one of {', '.join(BONUS_PANELS)}")
    due = [r for r in payments.rows if r.label and r.variable_units > 0]
    if panel == "prolific":
        return _csv([r.label, r.variable_pay.amount] for r in due)
    assignments = _assignment_ids([r.participant_id for r in due])
    why = reason or f"Bonus for session {payments.session_name}"
    return _csv([["WorkerId", "AssignmentId", "BonusAmount", "Reason"],
                 *([r.label, assignments.get(r.participant_id, ""), r.variable_pay.amount, why]
                   for r in due)])


def _assignment_ids(participant_ids: list[int]) -> dict[int, str]:
    rows = Participant.objects.filter(pk__in=participant_ids).values_list("pk", "vars")
    return {pk: str(data.get("assignmentId", "")) for pk, data in rows
            if isinstance(data, dict) and data.get("assignmentId")}


def _csv(rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    return out.getvalue()

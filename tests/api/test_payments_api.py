"""payments/: what each participant is paid (fixed pay, points in money, total) in the
real-world currency, and totals that are the exact sum of the participants' totals."""
from __future__ import annotations

from decimal import Decimal

from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.services import session_initialize
from tests.api.conftest import API, make_session


def test_each_participant_and_the_totals(script: APIClient) -> None:
    session = make_session("trust", 2, config={"real_world_currency_per_point": "0.05"})
    session_initialize(session=session)
    first, second = session.participant_set.order_by("id_in_session")
    experiment_app("trust").Player.objects.filter(participant_id=first.pk).update(payoff=30)
    experiment_app("trust").Player.objects.filter(participant_id=second.pk).update(payoff=7)
    Participant.objects.filter(pk=first.pk).update(status="finished", label="seat-1")

    body = script.get(f"{API}/sessions/{session.name}/payments/").json()

    assert body["session"] == session.name and body["currency"] == "EUR"
    assert body["participants"][0] == {
        "id_in_session": 1, "participant": first.name, "label": "seat-1", "status": "finished",
        "points": "30", "fixed_pay": "5.00", "variable_pay": "1.50", "total": "6.50"}
    assert body["participants"][1]["total"] == "5.35"
    assert body["totals"] == {"points": "37", "fixed_pay": "10.00", "variable_pay": "1.85",
                              "total": "11.85", "unfinished": 1}
    assert Decimal(body["totals"]["total"]) == sum(Decimal(p["total"])
                                                   for p in body["participants"])


def test_payments_of_an_unknown_session_are_a_404(script: APIClient) -> None:
    assert script.get(f"{API}/sessions/nosuch/payments/").status_code == 404

"""What goes in and out of the sessions API. Inputs are strict (sessions_core/web/rest.py): a
string for a number is refused, not converted; outputs are what the schema documents."""
from __future__ import annotations

from typing import Any

from rest_framework import serializers

from sessions_core.lifecycle.services import MAX_PARTICIPANTS
from sessions_core.web.rest import StrictBooleanField, StrictCharField, StrictIntegerField


def any_json() -> serializers.JSONField:
    return serializers.JSONField()


class SessionTypeOutput(serializers.Serializer):
    name = serializers.CharField()
    display_name = serializers.CharField()
    doc = serializers.CharField()
    app_sequence = serializers.ListField(child=serializers.CharField())
    fixed_pay = serializers.IntegerField(help_text="minor units of the real-world currency "
                                                   "(1000 = 10.00)")
    real_world_currency_per_point = serializers.CharField(help_text="money per point, a decimal")
    num_demo_participants = serializers.IntegerField(help_text="the size of a demo session")
    participants_multiple_of = serializers.IntegerField(
        help_text="a session's number of participants must be a multiple of this (whole groups)")
    config = serializers.DictField(child=any_json(), help_text=(
        "the free config keys and their defaults: a session may override these (with a value "
        "of the same type), and fixed_pay and real_world_currency_per_point"))


class SessionOutput(serializers.Serializer):
    name = serializers.CharField()
    session_type = serializers.CharField()
    label = serializers.CharField(allow_blank=True)  # type: ignore[assignment]
    is_test = serializers.BooleanField()
    num_participants = serializers.IntegerField()
    participants_started = serializers.IntegerField()
    participants_finished = serializers.IntegerField()
    initialized = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    timers_paused_at = serializers.DateTimeField(
        allow_null=True, help_text="since when the session's page timers are paused (null: "
                                   "running); see timers/pause/ and timers/resume/")
    config = serializers.DictField(child=any_json())
    declared_fields = serializers.DictField(
        child=any_json(), source="declared_values",
        help_text="the session's SESSION_FIELDS with their values (null: never set)")


class SessionCreatedOutput(SessionOutput):
    participant_urls = serializers.ListField(child=serializers.CharField(),
                                             help_text="one link per participant, in order")


class SessionPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SessionOutput(many=True)


class ConfigOverrides(serializers.DictField):
    """A JSON object of config keys (each checked against the SessionType by the service)."""

    child = serializers.JSONField()

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError("must be a JSON object of config keys")
        return dict(data)


class SessionCreateInput(serializers.Serializer):
    session_type = StrictCharField(max_length=100)
    num_participants = StrictIntegerField(min_value=1, max_value=MAX_PARTICIPANTS)
    # A field named label hides Field.label, which the stubs type as a string.
    label = StrictCharField(  # type: ignore[assignment]
        max_length=200, required=False, allow_blank=True, default="")
    is_test = StrictBooleanField(required=False, default=False)
    config = ConfigOverrides(required=False, default=dict)


class InitializedOutput(serializers.Serializer):
    session = serializers.CharField()
    initialized = serializers.BooleanField()
    ran = serializers.BooleanField(help_text="whether this call initialized it (false: it was "
                                             "initialized already)")


class Position(serializers.Serializer):
    app = serializers.CharField(allow_null=True)
    round = serializers.IntegerField()
    page = serializers.CharField(allow_null=True, help_text="the page class's name")


class ParticipantOutput(serializers.Serializer):
    name = serializers.CharField()
    id_in_session = serializers.IntegerField()
    label = serializers.CharField(allow_null=True)  # type: ignore[assignment]
    status = serializers.ChoiceField(choices=["new", "playing", "finished"])
    position = Position(allow_null=True, help_text="null before the start and after the end")
    payoff = serializers.CharField(help_text="points so far, a decimal")
    payment = serializers.IntegerField(allow_null=True, help_text=(
        "minor units of money (1000 = 10.00), once the session's payments are computed"))
    url = serializers.CharField(help_text="the participant's link")
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    released_at = serializers.DateTimeField(allow_null=True, help_text=(
        "when a lobby timeout released the participant (they finished there and are paid the "
        "fixed pay only); null for everyone else"))
    dropped_out_at = serializers.DateTimeField(allow_null=True, help_text=(
        "when the participant was marked as dropped out (their pages silent longer than the "
        "session's dropout_after_seconds); null for everyone else"))
    dropout_returned_at = serializers.DateTimeField(allow_null=True, help_text=(
        "when a page of the dropped-out participant connected again; null if never"))
    declared_fields = serializers.DictField(child=any_json(), help_text=(
        "the participant's PARTICIPANT_FIELDS with their values (null: never set)"))


class ParticipantDetailOutput(ParticipantOutput):
    vars = serializers.DictField(child=any_json(), help_text="participant.vars")


class ParticipantPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = ParticipantOutput(many=True)


class ParticipantStartedOutput(serializers.Serializer):
    participant = ParticipantOutput()
    ran = serializers.BooleanField(help_text="whether this call started the participant (false: "
                                             "they had started already)")


class VarsOutput(serializers.Serializer):
    vars = serializers.DictField(child=any_json())


class PaymentOutput(serializers.Serializer):
    id_in_session = serializers.IntegerField()
    participant = serializers.CharField(help_text="the participant's name (code)")
    label = serializers.CharField(allow_null=True)  # type: ignore[assignment]
    status = serializers.ChoiceField(choices=["new", "playing", "finished"])
    points = serializers.CharField(help_text="payoff in points, a decimal")
    fixed_pay = serializers.CharField(help_text="money, a decimal in the currency")
    variable_pay = serializers.CharField(help_text="the points in money")
    total = serializers.CharField(help_text="fixed_pay + variable_pay")


class PaymentTotals(serializers.Serializer):
    points = serializers.CharField()
    fixed_pay = serializers.CharField()
    variable_pay = serializers.CharField()
    total = serializers.CharField(help_text="the exact sum of the participants' totals")
    unfinished = serializers.IntegerField(help_text="participants who have not finished yet")


class PaymentsOutput(serializers.Serializer):
    session = serializers.CharField()
    currency = serializers.CharField(help_text="ISO 4217 code, e.g. EUR")
    participants = PaymentOutput(many=True)
    totals = PaymentTotals()


class MessageInput(serializers.Serializer):
    text = StrictCharField(max_length=1000, help_text="shown at once on the participants' open "
                                                      "pages (1 to 1000 characters)")
    participants = serializers.ListField(
        child=StrictCharField(max_length=100), required=False, allow_empty=False,
        help_text="the codes (names) of the participants to show it to; omitted: everyone")


class PushedOutput(serializers.Serializer):
    participants = serializers.IntegerField(help_text="how many participants it was sent to")
    sent = serializers.BooleanField(help_text="false when the channel layer (Redis) could not "
                                              "be reached: nothing was shown; try again")


class AdvancedOutput(serializers.Serializer):
    participant = serializers.CharField(help_text="the participant's name (code)")
    moved = serializers.BooleanField(help_text="false: they wait at a wait page that has not "
                                               "opened, and stay there")
    status = serializers.ChoiceField(choices=["new", "playing", "finished"])
    position = serializers.CharField(help_text='where they are now, "<app>-<round>-<page>" '
                                               "(indexes from 0, rounds from 1)")


class AdvanceSlowestOutput(serializers.Serializer):
    session = serializers.CharField()
    advanced = AdvancedOutput(many=True, help_text="the participants who were at the earliest "
                                                   "position")


class TimersOutput(serializers.Serializer):
    session = serializers.CharField()
    paused = serializers.BooleanField(help_text="whether the session's page timers are paused now")
    changed = serializers.IntegerField(help_text="participants whose running page timer this "
                                                 "call paused or resumed")


class ExcludeInput(serializers.Serializer):
    reason = StrictCharField(max_length=1000, help_text="why it is excluded, kept with the data "
                                                        "(1 to 1000 characters; required)")


class ExcludedOutput(serializers.Serializer):
    session = serializers.CharField(help_text="the session's name (code)")
    participant = serializers.CharField(allow_null=True, help_text="the participant's name "
                                                                   "(code); null for a session")
    changed = serializers.BooleanField(help_text="false: it was excluded already, and keeps its "
                                                 "first time and reason")
    excluded_at = serializers.DateTimeField()
    excluded_reason = serializers.CharField()

"""Shared pieces of the REST API under /admin/api/v1/: strict fields and one error shape (the
parser and the permission class the settings name are in rest_defaults.py).

Every refusal is a 4xx with {"detail": "<field>: <message>"} (and "field" when one is to blame).
A QuorumError raised by a service becomes its kind's status here, once: views let it propagate.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from sessions_core.errors import QuorumError

INT32_MAX = 2**31 - 1  # the largest value of an integer column on every database we support

STATUS_OF_KIND = {"invalid": 400, "conflict": 409, "not_found": 404,
                  # the experiment's code is broken: not the caller's fault, so not a 4xx
                  "broken": 500}


class StrictBooleanField(serializers.BooleanField):
    """Only JSON true/false: "yes", 1 or "false" are refused, not guessed."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            raise serializers.ValidationError("must be true or false")
        return data


class StrictIntegerField(serializers.IntegerField):
    """Only JSON integers: "5" and 5.0 are refused. At most INT32_MAX unless told (every integer
    here ends in a 32-bit column; a larger one was the database's overflow, a 500)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", INT32_MAX)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise serializers.ValidationError("must be a whole number")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            raise serializers.ValidationError("must be a string")
        return super().to_internal_value(data)


class ApiError(serializers.Serializer):
    """The body of every refusal (the OpenAPI schema's error responses name it)."""

    detail = serializers.CharField(help_text='what is wrong, "<field>: <message>" when a field is')
    field = serializers.CharField(required=False, help_text="the field to fix, when one is")


def parse_body(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The request's JSON object, checked by serializer_class: an unknown field is refused, not
    ignored (a typo must not pass silently)."""
    if not isinstance(request.data, dict):
        raise serializers.ValidationError({"detail": "the body must be a JSON object"})
    unknown = sorted(set(request.data) - set(serializer_class().fields))
    if unknown:
        raise serializers.ValidationError({unknown[0]: "unknown field"})
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def refuse_unknown_query(request: Request, known: Iterable[str]) -> None:
    """An unknown query parameter is refused: a typo (is_tset=true) must not quietly widen
    what a list returns."""
    unknown = sorted(set(request.query_params) - set(known))
    if unknown:
        raise serializers.ValidationError({unknown[0] or "(empty name)": "unknown query parameter"})


def query_bool(request: Request, name: str) -> bool | None:
    """A true/false query parameter (None when absent); anything else is refused."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise serializers.ValidationError({name: "must be true or false"})
    return value == "true"


def query_int(request: Request, name: str, *, default: int, low: int, high: int) -> int:
    """A whole-number query parameter from low to high (default when absent)."""
    value = request.query_params.get(name)
    if value is None:
        return default
    if not value.isdecimal() or len(value) > 10 or not low <= int(value) <= high:
        raise serializers.ValidationError({name: f"must be a whole number from {low} to {high}"})
    return int(value)


def _first_error(detail: Any, prefix: str = "") -> tuple[str, str]:
    if isinstance(detail, dict):
        key, value = next(iter(detail.items()))
        # str(): a list field's errors are keyed by index, and index 0 must not read as "none".
        name = str(key) if key != "non_field_errors" else ""
        return _first_error(value, f"{prefix}.{name}" if prefix and name else prefix or name)
    if isinstance(detail, list) and detail:
        return _first_error(detail[0], prefix)
    return prefix, str(detail)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, QuorumError):
        set_rollback()
        return refuse(str(exc), field=exc.field, status=STATUS_OF_KIND[exc.kind])
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) <= {"detail"}:
        return response
    field, message = _first_error(data)
    response.data = {"detail": f"{field}: {message}" if field else message,
                     **({"field": field} if field else {})}
    return response


def refuse(message: str, *, field: str | None = None, status: int = 400) -> Response:
    body: dict[str, Any] = {"detail": message}
    if field:
        body["field"] = field
    return Response(body, status=status)

"""A JSON field whose value is assigned on first read: `participant.condition` and
`session.condition`, and `group.condition`, which reads the same way without a column.

While the stored value is NULL (nothing assigned yet), reading the attribute asks the resolver
that `SessionsCoreConfig.ready` hands in (`assigned_set_resolver`; the conditions package,
sessions_core/conditions/, is above the models, so the models cannot import it). The resolver
assigns the value or says why the unit has none. Once a value is stored it is returned as it
is, with no query.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

Resolver = Callable[[models.Model], Any]
_resolver: list[Resolver] = []


def assigned_set_resolver(resolver: Resolver) -> None:
    _resolver[:] = [resolver]


def assigned_resolve(instance: models.Model) -> Any:
    """The resolver's answer for instance's unassigned value (None before it is handed in)."""
    return _resolver[0](instance) if _resolver else None


class AssignedAttribute(DeferredAttribute):
    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if value is not None or instance.pk is None:
            return value
        return assigned_resolve(instance)

    def __set__(self, instance: Any, value: Any) -> None:
        # A data descriptor (it defines __set__), so reads come through __get__ even though
        # the value lives in the instance's __dict__.
        instance.__dict__[self.field.attname] = value


class AssignedJSONField(models.JSONField):
    """NULL until assigned; read through the resolver until then. The stored value is in
    `instance.__dict__[attname]` for code that must not assign (exports, the admin)."""

    descriptor_class = AssignedAttribute

    # Django's own reads (a save, model_to_dict, serializers, admin forms) take the stored value
    # as it is: only code reading the attribute may assign.
    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        return model_instance.__dict__.get(self.attname)

    def value_from_object(self, obj: models.Model) -> Any:
        return obj.__dict__.get(self.attname)

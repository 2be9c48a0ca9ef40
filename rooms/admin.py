"""Rooms in the admin: settings, open/close, a session in the room, who is waiting (live).

The custom views honour Django's model permissions like the admin's own pages: seeing a room
needs view_room, its buttons change_room, a session in it also sessions_core.add_session.
"""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from rooms.models import Room
from rooms.presence import room_presence
from rooms.services import (
    RoomError,
    room_create,
    room_create_session,
    room_disassociate,
    room_set_open,
    room_update,
    rooms_ensure_defaults_once,
)
from sessions_core.experimenter.registry import session_types
from sessions_core.web.rest import INT32_MAX


def _session_type_choices() -> list[tuple[str, str]]:
    return [("", "---------")] + [(st.name, f"{st.display_name} ({st.name})")
                                  for st in session_types()]


class LabelsField(forms.Field):
    """Labels as a text area, one per line."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value: Any) -> str:
        return "\n".join(value) if isinstance(value, list) else (value or "")

    def to_python(self, value: Any) -> list[str]:
        text = str(value or "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class RoomForm(forms.ModelForm):
    config = forms.ChoiceField(choices=_session_type_choices, required=False,
                               label="SessionType")
    labels = LabelsField(required=False, help_text="one access code per line")
    labels_file = forms.FileField(required=False, help_text="or a text file, one per line")

    class Meta:
        model = Room
        fields = ["name", "config", "labels", "capacity", "min_participants", "open"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The column is 64 bits on SQLite but 32 on PostgreSQL: one bound for both. (A user
        # who may only look gets the form without its fields.)
        if "capacity" in self.fields:
            capacity = self.fields["capacity"]
            capacity.validators.append(MaxValueValidator(INT32_MAX))
            capacity.widget.attrs["max"] = INT32_MAX
        if "min_participants" in self.fields:
            quorum = self.fields["min_participants"]
            quorum.validators.append(MaxValueValidator(INT32_MAX))
            quorum.widget.attrs["max"] = INT32_MAX

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("labels_file")
        if upload is not None:
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError({"labels_file": "the file must be UTF-8 text"}) from None
            cleaned["labels"] = list(cleaned.get("labels") or []) + [
                line.strip() for line in text.splitlines() if line.strip()]
        room = self.instance
        if room.pk and room.session_id:
            changed = [k for k in ("config", "labels", "capacity", "min_participants")
                       if k in cleaned and cleaned[k] != getattr(room, k)]
            if changed:
                raise forms.ValidationError(
                    f"Room settings ({', '.join(changed)}) can be changed only while no session "
                    f"is associated. Disassociate session {room.session.name} first.")
        return cleaned


class CreateSessionForm(forms.Form):
    config = forms.ChoiceField(choices=_session_type_choices, label="SessionType")
    num_participants = forms.IntegerField(min_value=1, max_value=100_000,
                                          label="Number of participants")
    set_capacity = forms.BooleanField(required=False,
                                      label="Set room capacity to number of players")


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    form = RoomForm
    list_display = ("name", "state", "config", "capacity", "open", "session", "online")
    search_fields = ("name",)
    change_form_template = "admin/rooms/room/change_form.html"

    @admin.display(description="online")
    def online(self, room: Room) -> int | str:
        roster = room_presence(room.name)
        return "unavailable" if roster.unavailable else len(roster.visitors)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        rooms_ensure_defaults_once()
        return super().changelist_view(request, extra_context)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra = {**(extra_context or {}), "may_create_session": self.may_create_session(request)}
        return super().change_view(request, object_id, form_url, extra)

    def get_readonly_fields(self, request: HttpRequest, obj: Room | None = None) -> tuple:
        return ("name", "session") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Room, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data.get(k)
                for k in ("config", "labels", "capacity", "min_participants", "open")}
        if change:
            room_update(room_name=obj.name, **data)
        else:
            # The service saves its own instance: the admin's obj needs its pk for what follows
            # (refresh, the log entry, the redirect to the new room).
            obj.pk = room_create(name=obj.name, **data).pk
        obj.refresh_from_db()

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/open/", view(self.open_view), name="rooms_room_open"),
            path("<int:pk>/session/", view(self.session_view), name="rooms_room_session"),
            path("<int:pk>/disassociate/", view(self.disassociate_view),
                 name="rooms_room_disassociate"),
            path("<int:pk>/presence/", view(self.presence_view), name="rooms_room_presence"),
            *super().get_urls(),
        ]

    def _back(self, room: Room) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:rooms_room_change", args=[room.pk]))

    def _room(self, request: HttpRequest, pk: int, *, permitted: bool) -> Room:
        """The room of a custom view, once the permission is known (a 403 says nothing of
        whether the room exists)."""
        if not permitted:
            raise PermissionDenied
        return get_object_or_404(Room, pk=pk)

    def may_create_session(self, request: HttpRequest) -> bool:
        return (self.has_change_permission(request)
                and request.user.has_perm("sessions_core.add_session"))

    def open_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        room = self._room(request, pk, permitted=self.has_change_permission(request))
        if request.method == "POST":
            wanted = request.POST.get("open") == "true"
            done = "opened" if wanted else "closed"
            try:
                room_set_open(room_name=room.name, open=wanted)
            except RoomError as error:
                self.message_user(request, f"Room {room.name} was not {done}: {error}",
                                  messages.ERROR)
            else:
                self.message_user(request, f"Room {room.name} {done}.")
        return self._back(room)

    def disassociate_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        room = self._room(request, pk, permitted=self.has_change_permission(request))
        if request.method == "POST":
            try:
                room_disassociate(room_name=room.name)
            except RoomError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"Room {room.name} is free for a new session.")
        return self._back(room)

    def session_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        room = self._room(request, pk, permitted=self.may_create_session(request))
        form = CreateSessionForm(request.POST or None, initial={"config": room.config})
        if request.method == "POST" and form.is_valid():
            try:
                session = room_create_session(room_name=room.name, **form.cleaned_data)
            except RoomError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, f"Session {session.name} created in room "
                                  f"{room.name} with {session.num_participants} slots; the room "
                                  "is open.", messages.SUCCESS)
                return self._back(room)
        return render(request, "admin/quorum/form.html", {
            **self.admin_site.each_context(request), "form": form, "room": room,
            "submit_label": "Create session and open the room",
            "opts": self.model._meta, "title": f"Create a session in room {room.name}"})

    def presence_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        room = get_object_or_404(Room, pk=pk)
        # 200 also when Redis is down: "available": false and a "detail" (rooms/presence.py).
        return JsonResponse({"state": room.state, **room_presence(room.name).as_json()})




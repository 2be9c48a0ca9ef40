"""The rooms part of the REST API (/admin/api/v1/rooms/ and the seed's /room/<r>/open/).

Views parse, call a service and render. A service's refusal (a RoomError, a QuorumError) is not
caught here: sessions_core/web/rest.py turns its kind into the status code. Each view declares
the Django model permissions each method needs (DeclaredModelPermissions, on top of staff).
"""
from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rooms.models import Room
from rooms.presence import room_presence
from rooms.services import (
    room_create,
    room_create_session,
    room_delete,
    room_disassociate,
    room_set_capacity,
    room_set_open,
    room_update,
    rooms_ensure_defaults_once,
)
from sessions_core.web.rest import (
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
)

VIEW = ("rooms.view_room",)
ADD = ("rooms.add_room",)
CHANGE = ("rooms.change_room",)
DELETE = ("rooms.delete_room",)
ADD_SESSION = ("sessions_core.add_session", "rooms.change_room")


class RoomOutput(serializers.ModelSerializer):
    session = serializers.SerializerMethodField()
    state = serializers.CharField()
    effective_capacity = serializers.IntegerField(allow_null=True)
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Room
        fields = ["name", "config", "labels", "capacity", "effective_capacity",
                  "min_participants", "open", "state", "session", "url"]

    def get_session(self, room: Room) -> str | None:
        return room.session.name if room.session is not None else None


class RoomSettingsInput(serializers.Serializer):
    config = StrictCharField(required=False, allow_blank=True, max_length=100)
    labels = serializers.ListField(child=StrictCharField(max_length=128, allow_blank=False),
                                   required=False, max_length=100_000)
    capacity = StrictIntegerField(required=False, allow_null=True, min_value=1)
    min_participants = StrictIntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1,
        help_text="the quorum: the room's session starts when this many are present (null: "
                  "the SessionType's min_participants)")
    open = StrictBooleanField(required=False)


class RoomCreateInput(RoomSettingsInput):
    name = StrictCharField(max_length=64)


class RoomWithSessionOutput(RoomOutput):
    """Schema only: a room after POST rooms/<r>/session/, with its new session's links."""

    participant_urls = serializers.ListField(child=serializers.CharField())

    class Meta(RoomOutput.Meta):
        fields = [*RoomOutput.Meta.fields, "participant_urls"]


class VisitorOutput(serializers.Serializer):
    client = serializers.CharField()
    label = serializers.CharField(allow_null=True)  # type: ignore[assignment]
    last_seen = serializers.FloatField(help_text="Unix time of the last heartbeat")


class RoomOnlineOutput(serializers.Serializer):
    """Schema only: GET rooms/<r>/online/."""

    room = serializers.CharField()
    available = serializers.BooleanField()
    count = serializers.IntegerField(allow_null=True)
    online = VisitorOutput(many=True)
    detail = serializers.CharField(required=False, help_text="why presence is unavailable")


def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise serializers.ValidationError({"detail": "the body must be a JSON object"})
    unknown = sorted(set(request.data) - set(serializer_class().fields))
    if unknown:
        raise serializers.ValidationError({unknown[0]: "unknown field"})
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _room(name: str) -> Room | None:
    rooms_ensure_defaults_once()
    return Room.objects.select_related("session").filter(name=name).first()


class RoomScopedApi(APIView):
    """An endpoint under rooms/<room_name>/: an unknown room is a 404 before anything else
    (after authentication)."""

    room: Room

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        room = _room(kwargs["room_name"])
        if room is None:
            raise NotFound(f"no room {kwargs['room_name']!r}")
        self.room = room


def _done(room_name: str, code: int = status.HTTP_200_OK) -> Response:
    room = Room.objects.select_related("session").get(name=room_name)
    return Response(RoomOutput(room).data, status=code)


class RoomListApi(APIView):
    required_permissions = {"GET": VIEW, "POST": ADD}

    @extend_schema(summary="Every room", responses=RoomOutput(many=True))
    def get(self, request: Request) -> Response:
        rooms_ensure_defaults_once()
        rooms = Room.objects.select_related("session").all()
        return Response(RoomOutput(rooms, many=True).data)

    @extend_schema(summary="Create a room", request=RoomCreateInput, responses={201: RoomOutput})
    def post(self, request: Request) -> Response:
        data = _parse(RoomCreateInput, request)
        room = room_create(**data)
        return _done(room.name, status.HTTP_201_CREATED)


class RoomDetailApi(RoomScopedApi):
    required_permissions = {"GET": VIEW, "PATCH": CHANGE, "PUT": CHANGE, "DELETE": DELETE}

    @extend_schema(summary="One room", responses=RoomOutput)
    def get(self, request: Request, room_name: str) -> Response:
        return Response(RoomOutput(self.room).data)

    @extend_schema(summary="Change a room's settings (only the fields given)",
                   request=RoomSettingsInput, responses=RoomOutput)
    def patch(self, request: Request, room_name: str) -> Response:
        data = _parse(RoomSettingsInput, request)
        room_update(room_name=room_name, **data)
        return _done(room_name)

    put = patch

    @extend_schema(summary="Delete a room", responses={204: None})
    def delete(self, request: Request, room_name: str) -> Response:
        room_delete(room_name=room_name)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OpenInput(serializers.Serializer):
    open = StrictBooleanField()


class RoomOpenApi(RoomScopedApi):
    """PATCH {"open": true|false}: open or close at any time."""

    required_permissions = {"PATCH": CHANGE, "PUT": CHANGE, "POST": CHANGE}

    @extend_schema(summary="Open or close a room", request=OpenInput, responses=RoomOutput)
    def patch(self, request: Request, room_name: str) -> Response:
        data = _parse(OpenInput, request)
        room_set_open(room_name=room_name, open=data["open"])
        return _done(room_name)

    put = post = patch


class CapacityInput(serializers.Serializer):
    capacity = StrictIntegerField(allow_null=True, min_value=1)


class RoomCapacityApi(RoomScopedApi):
    required_permissions = {"PATCH": CHANGE, "PUT": CHANGE}

    @extend_schema(summary="Set or clear a room's capacity", request=CapacityInput,
                   responses=RoomOutput)
    def patch(self, request: Request, room_name: str) -> Response:
        data = _parse(CapacityInput, request)
        room_set_capacity(room_name=room_name, capacity=data["capacity"])
        return _done(room_name)

    put = patch


class SessionInRoomInput(serializers.Serializer):
    num_participants = StrictIntegerField(min_value=1, max_value=100_000)
    config = StrictCharField(required=False, allow_blank=True, max_length=100)
    set_capacity = StrictBooleanField(required=False, default=False)


class RoomSessionApi(RoomScopedApi):
    """POST: create a session with N pre-created slots in the room (and open it)."""

    required_permissions = {"POST": ADD_SESSION}

    @extend_schema(summary="Create a session with N slots in the room",
                   request=SessionInRoomInput, responses={201: RoomWithSessionOutput})
    def post(self, request: Request, room_name: str) -> Response:
        data = _parse(SessionInRoomInput, request)
        session = room_create_session(room_name=room_name, **data)
        body = RoomOutput(Room.objects.get(name=room_name)).data
        body["participant_urls"] = [p.get_absolute_url()
                                    for p in session.participant_set.order_by("id_in_session")]
        return Response(body, status=status.HTTP_201_CREATED)


class RoomDisassociateApi(RoomScopedApi):
    required_permissions = {"POST": CHANGE}

    @extend_schema(summary="Unlink the room's session (back to waiting)", request=None,
                   responses=RoomOutput)
    def post(self, request: Request, room_name: str) -> Response:
        room_disassociate(room_name=room_name)
        return _done(room_name)


class RoomOnlineApi(RoomScopedApi):
    """GET: who is on the room's waiting page now. When Redis is down: 200 with
    "available": false, "count": null and a "detail" (rooms/presence.py)."""

    required_permissions = {"GET": VIEW}

    @extend_schema(summary="Who is on the room's waiting page now", responses=RoomOnlineOutput)
    def get(self, request: Request, room_name: str) -> Response:
        return Response({"room": room_name, **room_presence(room_name).as_json()})

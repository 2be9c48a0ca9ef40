"""All WebSocket routes (one consumer per endpoint)."""
from django.urls import path

from participants.consumers import ParticipantConsumer
from rooms.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/p/<str:session_name>/<str:participant_name>/", ParticipantConsumer.as_asgi()),
    path("ws/room/<str:room_name>/", RoomConsumer.as_asgi()),
]

from django.urls import path

from rooms import api

urlpatterns = [
    path("rooms/", api.RoomListApi.as_view()),
    path("rooms/<str:room_name>/", api.RoomDetailApi.as_view()),
    path("rooms/<str:room_name>/open/", api.RoomOpenApi.as_view()),
    path("room/<str:room_name>/open/", api.RoomOpenApi.as_view()),  # the seed's spelling
    path("rooms/<str:room_name>/capacity/", api.RoomCapacityApi.as_view()),
    path("rooms/<str:room_name>/session/", api.RoomSessionApi.as_view()),
    path("rooms/<str:room_name>/disassociate/", api.RoomDisassociateApi.as_view()),
    path("rooms/<str:room_name>/online/", api.RoomOnlineApi.as_view()),
]

from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from rooms import api
from sessions_core.web.not_found import page_not_found

# <room_name:...> is registered by config/converters.py, which config/urls.py (the one place that
# includes this module) imports first.

urlpatterns = [
    path("rooms/", api.RoomListApi.as_view()),
    path("rooms/<room_name:room_name>/", api.RoomDetailApi.as_view()),
    path("rooms/<room_name:room_name>/open/", api.RoomOpenApi.as_view()),
    path("room/<room_name:room_name>/open/", api.RoomOpenApi.as_view()),  # the seed's spelling
    path("rooms/<room_name:room_name>/capacity/", api.RoomCapacityApi.as_view()),
    path("rooms/<room_name:room_name>/session/", api.RoomSessionApi.as_view()),
    path("rooms/<room_name:room_name>/disassociate/", api.RoomDisassociateApi.as_view()),
    path("rooms/<room_name:room_name>/online/", api.RoomOnlineApi.as_view()),
    # Anything else under the API (also a name that cannot be a room's) is a JSON 404 here,
    # before the admin's catch-all would send a script to the login page. csrf_exempt: a POST
    # here must get that 404, not the CSRF check's HTML 403 (a 404 changes nothing).
    re_path(r"", csrf_exempt(page_not_found)),
]

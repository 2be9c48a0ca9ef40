from django.contrib import admin
from django.urls import include, path

from participants import views as participant_views
from rooms import views as room_views
from sessions_core.web import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz/", core_views.health, name="health"),
    path("admin/api/v1/", include("rooms.api_urls")),
    path("admin/", admin.site.urls),
    path("room/<str:room_name>/", room_views.room_page, name="room"),
    path("room/<str:room_name>/state/", room_views.room_state, name="room-state"),
    path("p/<str:session_name>/<str:participant_name>/", participant_views.participant_page,
         name="participant"),
    path("p/<str:session_name>/<str:participant_name>/state/", participant_views.participant_state,
         name="participant-state"),
]

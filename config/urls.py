from django.contrib import admin
from django.urls import include, path

import config.converters  # noqa: F401  (registers <name:> and <room_name:>, used below)
from participants import join as join_views
from participants import views as participant_views
from rooms import views as room_views
from sessions_core.admin import demo as demo_views
from sessions_core.web import views as core_views

urlpatterns = [
    path("", demo_views.demo_index, name="demo"),
    path("demo/<name:session_name>/", demo_views.demo_session, name="demo-session"),
    path("healthz/", core_views.health, name="health"),
    # The sessions API, the schema and its docs first: the rooms module ends in a catch-all 404.
    path("admin/api/v1/", include("sessions_core.rest.urls")),
    path("admin/api/v1/", include("rooms.api_urls")),
    path("admin/", admin.site.urls),
    path("room/<room_name:room_name>/", room_views.room_page, name="room"),
    path("room/<room_name:room_name>/state/", room_views.room_state, name="room-state"),
    path("join/<name:session_name>/", join_views.session_join, name="join"),
    path("p/<name:session_name>/<name:participant_name>/", participant_views.participant_page,
         name="participant"),
    path("p/<name:session_name>/<name:participant_name>/state/", participant_views.participant_state,
         name="participant-state"),
    path("p/<name:session_name>/<name:participant_name>/timer/", participant_views.participant_timer,
         name="participant-timer"),
    path("p/<name:session_name>/<name:participant_name>/screen/",
         participant_views.participant_screen, name="participant-screen"),
]

handler404 = "sessions_core.web.not_found.page_not_found"

from django.contrib import admin
from django.urls import path

from participants import views as participant_views
from sessions_core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz/", core_views.health, name="health"),
    path("admin/", admin.site.urls),
    path("p/<str:session_name>/<str:participant_name>/", participant_views.participant_page,
         name="participant"),
    path("p/<str:session_name>/<str:participant_name>/state/", participant_views.participant_state,
         name="participant-state"),
]

"""Routes of the sessions API and of the API's schema and docs (config/urls.py includes this
module before rooms/api_urls.py, whose last route answers every other address with a JSON 404).

<name:...> is registered by config/converters.py, which config/urls.py imports first.
"""
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from sessions_core.rest import views

SESSION = "sessions/<name:session_name>/"
PARTICIPANT = f"{SESSION}participants/<name:participant_name>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # A page for people: an anonymous visitor is sent to the admin login, not answered 401.
    path("docs/", staff_member_required(SpectacularSwaggerView.as_view(url_name="api-schema")),
         name="api-docs"),
    path("session-types/", views.SessionTypeListApi.as_view()),
    path("session-types/<str:session_type_name>/", views.SessionTypeDetailApi.as_view()),
    path("sessions/", views.SessionListApi.as_view()),
    path(SESSION, views.SessionDetailApi.as_view()),
    path(f"{SESSION}initialize/", views.SessionInitializeApi.as_view()),
    path(f"{SESSION}participants/", views.ParticipantListApi.as_view()),
    path(PARTICIPANT, views.ParticipantDetailApi.as_view()),
    path(f"{PARTICIPANT}initialize/", views.ParticipantInitializeApi.as_view()),
    path(f"{PARTICIPANT}vars/", views.ParticipantVarsApi.as_view()),
    path(f"{PARTICIPANT}reload/", views.ParticipantReloadApi.as_view()),
    path(f"{SESSION}messages/", views.SessionMessagesApi.as_view()),
    path(f"{PARTICIPANT}advance/", views.ParticipantAdvanceApi.as_view()),
    path(f"{SESSION}advance-slowest/", views.SessionAdvanceSlowestApi.as_view()),
    path(f"{SESSION}timers/pause/", views.SessionPauseTimersApi.as_view()),
    path(f"{SESSION}timers/resume/", views.SessionResumeTimersApi.as_view()),
    path(f"{SESSION}payments/", views.PaymentsApi.as_view()),
    path(f"{SESSION}data/", views.SessionDataApi.as_view()),
    path(f"{SESSION}exclude/", views.SessionExcludeApi.as_view()),
    path(f"{PARTICIPANT}exclude/", views.ParticipantExcludeApi.as_view()),
]

from __future__ import annotations

from django.urls import path

from ptce.meetings import views

urlpatterns = [
    path("reunions/", views.meeting_list, name="meeting-list"),
    path("reunions/nouvelle/", views.meeting_create, name="meeting-create"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("reunions/<int:pk>/modifier/", views.meeting_edit, name="meeting-edit"),
    path("reunions/<int:pk>/reunion.ics", views.meeting_ics, name="meeting-ics"),
    path("reunions/<int:pk>/rsvp/", views.meeting_rsvp, name="meeting-rsvp"),
    path("reunions/<int:pk>/presences/", views.meeting_attendance, name="meeting-attendance"),
    path(
        "reunions/<int:pk>/presences/ajout/",
        views.attendance_walk_in,
        name="attendance-walk-in",
    ),
    path(
        "reunions/<int:pk>/presences/<int:person_pk>/",
        views.attendance_set,
        name="attendance-set",
    ),
    path("reunions/<int:pk>/inviter/", views.meeting_invite, name="meeting-invite"),
    path("reunions/<int:pk>/decisions/nouvelle/", views.decision_create, name="decision-create"),
    path("decisions/<int:pk>/modifier/", views.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/actions/nouvelle/", views.action_create, name="action-create"),
    path("actions/<int:pk>/modifier/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/statut/", views.action_update_own, name="action-update-own"),
    path("mes-actions/", views.my_actions, name="my-actions"),
    path("groupes/", views.working_group_list, name="working-group-list"),
    path("groupes/nouveau/", views.working_group_create, name="working-group-create"),
    path("groupes/<int:pk>/", views.working_group_detail, name="working-group-detail"),
    path("groupes/<int:pk>/modifier/", views.working_group_edit, name="working-group-edit"),
    path("agenda/", views.calendar_feeds, name="calendar-feeds"),
    path("agenda/regenerer/", views.calendar_regenerate, name="calendar-regenerate"),
    # Not behind the login: calendar applications fetch it with the token as the only secret.
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]

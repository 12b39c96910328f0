from __future__ import annotations

from django.urls import path

from ptce.pooling import views_bookings as views

urlpatterns = [
    path(
        "mutualisations/<int:pk>/ressources/nouvelle/",
        views.resource_create,
        name="resource-create",
    ),
    path("ressources/<int:pk>/", views.resource_calendar, name="resource-calendar"),
    path("ressources/<int:pk>/modifier/", views.resource_edit, name="resource-edit"),
    path("ressources/<int:pk>/reserver/", views.booking_create, name="booking-create"),
    path("ressources/<int:pk>/reservations.ics", views.resource_ics, name="resource-ics"),
    path("reservations/<int:pk>/annuler/", views.booking_cancel, name="booking-cancel"),
    # Not behind the login: calendar applications fetch it with the token as the only secret.
    path("agenda/<str:token>/reservations.ics", views.bookings_feed, name="bookings-feed"),
]

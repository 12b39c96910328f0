from __future__ import annotations

from django.urls import path

from ptce.pooling import views

urlpatterns = [
    path("mutualisations/", views.pooling_list, name="pooling-list"),
    path("mutualisations/nouvelle/", views.pooling_create, name="pooling-create"),
    path("mutualisations/<int:pk>/", views.pooling_detail, name="pooling-detail"),
    path("mutualisations/<int:pk>/modifier/", views.pooling_edit, name="pooling-edit"),
    path(
        "mutualisations/<int:pk>/participants/ajout/",
        views.participant_add,
        name="participant-add",
    ),
    path(
        "mutualisations/participants/<int:pk>/modifier/",
        views.participant_edit,
        name="participant-edit",
    ),
    path(
        "mutualisations/participants/<int:pk>/retirer/",
        views.participant_remove,
        name="participant-remove",
    ),
    path("mutualisations/<int:pk>/couts/nouveau/", views.cost_create, name="cost-create"),
    path("mutualisations/couts/<int:pk>/modifier/", views.cost_edit, name="cost-edit"),
    path("mutualisations/couts/<int:pk>/supprimer/", views.cost_delete, name="cost-delete"),
]

from __future__ import annotations

from django.urls import path

from ptce.projects import views

urlpatterns = [
    path("projets/", views.project_list, name="project-list"),
    path("projets/nouveau/", views.project_create, name="project-create"),
    path("projets/<int:pk>/", views.project_detail, name="project-detail"),
    path("projets/<int:pk>/modifier/", views.project_edit, name="project-edit"),
]

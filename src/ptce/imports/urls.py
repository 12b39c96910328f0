"""Included under p/<slug:pole_slug>/ by ptce.urls."""

from __future__ import annotations

from django.urls import path

from ptce.imports import views

urlpatterns = [
    path("import/", views.upload, name="import-upload"),
    path("import/colonnes/", views.mapping, name="import-mapping"),
    path("import/apercu/", views.preview, name="import-preview"),
    path("import/modele.csv", views.template, name="import-template"),
]

from __future__ import annotations

from django.urls import path

from ptce.territory import views

# Included at the site root: paths are complete.
urlpatterns = [
    path("p/<slug:pole_slug>/territoire/", views.territory, name="territory"),
    path("p/<slug:pole_slug>/territoire/ajouter/", views.territory_add, name="territory-add"),
    path("p/<slug:pole_slug>/territoire/retirer/", views.territory_remove,
         name="territory-remove"),
    path("territoire/communes/", views.commune_search, name="commune-search"),
]

"""Network and governance pages, mounted under `p/<slug:pole_slug>/`."""

from __future__ import annotations

from django.urls import path

from ptce.network import views

urlpatterns = [
    path("reseau/", views.network_graph, name="network-graph"),
    path("reseau/donnees.json", views.network_data, name="network-data"),
    path("reseau/export.gexf", views.network_gexf, name="network-gexf"),
    path("reseau/export.graphml", views.network_graphml, name="network-graphml"),
    path("gouvernance/", views.governance_page, name="governance"),
]

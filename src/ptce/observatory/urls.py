"""The observatory's pages, outside any pole (observers and staff; see `views`)."""

from __future__ import annotations

from django.urls import path

from ptce.observatory import views

urlpatterns = [
    path(
        "observatoire/typologie-des-temoins/",
        views.paper_typology,
        name="observatory-typology-paper",
    ),
    path("observatoire/poles/", views.compare, name="observatory-compare"),
    path("observatoire/typologie/", views.typology, name="observatory-typology"),
    path("observatoire/carte/", views.map_page, name="observatory-map"),
    path("observatoire/carte.pdf", views.map_pdf, name="observatory-map-pdf"),
]

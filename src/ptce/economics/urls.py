"""Pages of the economic model, mounted under `p/<slug:pole_slug>/`."""

from __future__ import annotations

from django.urls import path

from ptce.economics import views

ROOT = "modele-economique/"

urlpatterns = [
    path(ROOT, views.dashboard, name="economics-dashboard"),
    path(f"{ROOT}financements/", views.funding_list, name="funding-list"),
    path(f"{ROOT}financements/nouveau/", views.funding_create, name="funding-create"),
    path(f"{ROOT}financements/<int:pk>/modifier/", views.funding_edit, name="funding-edit"),
    path(f"{ROOT}financements/<int:pk>/supprimer/", views.funding_delete, name="funding-delete"),
    path(f"{ROOT}benevolat/", views.volunteering_list, name="volunteering-list"),
    path(f"{ROOT}benevolat/nouveau/", views.volunteering_create, name="volunteering-create"),
    path(f"{ROOT}benevolat/<int:pk>/modifier/", views.volunteering_edit, name="volunteering-edit"),
    path(
        f"{ROOT}benevolat/<int:pk>/supprimer/",
        views.volunteering_delete,
        name="volunteering-delete",
    ),
    path(f"{ROOT}benevolat/taux/", views.volunteer_rates, name="volunteer-rates"),
    path(f"{ROOT}contributions-en-nature/", views.in_kind_list, name="in-kind-list"),
    path(f"{ROOT}contributions-en-nature/nouvelle/", views.in_kind_create, name="in-kind-create"),
    path(
        f"{ROOT}contributions-en-nature/<int:pk>/modifier/",
        views.in_kind_edit,
        name="in-kind-edit",
    ),
    path(
        f"{ROOT}contributions-en-nature/<int:pk>/supprimer/",
        views.in_kind_delete,
        name="in-kind-delete",
    ),
    path(f"{ROOT}annexe/", views.in_kind_annex, name="in-kind-annex"),
    path(f"{ROOT}annexe.xlsx", views.in_kind_annex_xlsx, name="in-kind-annex-xlsx"),
]

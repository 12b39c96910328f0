"""URLs of the employer group pages (groupement d'employeurs)."""

from __future__ import annotations

from django.urls import path

from ptce.pooling import views_employer as views

urlpatterns = [
    path("mutualisations/<int:pk>/groupement/", views.employer_group, name="employer-group"),
    path(
        "mutualisations/<int:pk>/groupement/salaries/nouveau/",
        views.employee_create,
        name="employee-create",
    ),
    path(
        "mutualisations/groupement/salaries/<int:pk>/modifier/",
        views.employee_edit,
        name="employee-edit",
    ),
    path(
        "mutualisations/<int:pk>/groupement/heures/<str:month>/",
        views.allocation_month,
        name="allocation-month",
    ),
    path(
        "mutualisations/<int:pk>/groupement/releve/<str:month>/",
        views.employer_statement,
        name="employer-statement",
    ),
    path(
        "mutualisations/<int:pk>/groupement/releve/<str:month>.pdf",
        views.employer_statement_pdf,
        name="employer-statement-pdf",
    ),
    path(
        "mutualisations/<int:pk>/groupement/releve/<str:month>.xlsx",
        views.employer_statement_xlsx,
        name="employer-statement-xlsx",
    ),
    path(
        "mutualisations/<int:pk>/groupement/cle-de-solidarite/",
        views.employer_liability_key,
        name="employer-liability-key",
    ),
]

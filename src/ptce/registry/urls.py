from django.urls import path

from ptce.registry import views

urlpatterns = [
    path("annuaire/", views.directory, name="directory"),
    path("structures/nouvelle/", views.organisation_create, name="organisation-create"),
    path("structures/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("structures/<int:pk>/modifier/", views.organisation_edit, name="organisation-edit"),
    path("structures/<int:pk>/adhesion/", views.membership_create, name="membership-create"),
    path("adhesions/<int:pk>/modifier/", views.membership_edit, name="membership-edit"),
    path("structures/<int:pk>/chiffres/", views.organisation_year, name="organisation-year"),
    path("personnes/nouvelle/", views.person_create, name="person-create"),
    path("personnes/<int:pk>/", views.person_detail, name="person-detail"),
    path("personnes/<int:pk>/modifier/", views.person_edit, name="person-edit"),
]

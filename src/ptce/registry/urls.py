from django.urls import path

from ptce.registry import views

urlpatterns = [
    path("annuaire/", views.directory, name="directory"),
    path("structures/nouvelle/", views.organisation_create, name="organisation-create"),
    path("structures/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("structures/<int:pk>/modifier/", views.organisation_edit, name="organisation-edit"),
    path("personnes/nouvelle/", views.person_create, name="person-create"),
    path("personnes/<int:pk>/", views.person_detail, name="person-detail"),
    path("personnes/<int:pk>/modifier/", views.person_edit, name="person-edit"),
]

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("ptce.poles.urls")),
    path("", include("ptce.territory.urls")),
    path("p/<slug:pole_slug>/", include("ptce.registry.urls")),
    path("p/<slug:pole_slug>/", include("ptce.imports.urls")),
    path("p/<slug:pole_slug>/", include("ptce.meetings.urls")),
    path("p/<slug:pole_slug>/", include("ptce.meetings.dashboard_urls")),
    path("p/<slug:pole_slug>/", include("ptce.pooling.urls")),
    path("p/<slug:pole_slug>/", include("ptce.projects.urls")),
    path("p/<slug:pole_slug>/", include("ptce.economics.urls")),
    path("p/<slug:pole_slug>/", include("ptce.network.urls")),
    path("p/<slug:pole_slug>/", include("ptce.evaluation.urls")),
    path("", include("ptce.evaluation.public_urls")),
    path("", include("ptce.observatory.urls")),
]

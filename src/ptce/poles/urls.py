from django.urls import path

from ptce.poles import views

urlpatterns = [
    path("", views.my_poles, name="my-poles"),
    path("p/<slug:pole_slug>/", views.pole_home, name="pole-home"),
]

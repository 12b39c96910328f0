"""Dashboards of a pole, mounted under `p/<slug:pole_slug>/`."""

from __future__ import annotations

from django.urls import path

from ptce.meetings import dashboards

urlpatterns = [
    path("tableaux-de-bord/mobilisation/", dashboards.mobilisation, name="dashboard-mobilisation"),
    path("tableaux-de-bord/execution/", dashboards.execution, name="dashboard-execution"),
    path("a-suivre/", dashboards.attention_list, name="attention-list"),
]

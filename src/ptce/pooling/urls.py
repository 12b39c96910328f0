from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("ptce.pooling.urls_poolings")),
    path("", include("ptce.pooling.urls_employer")),
    path("", include("ptce.pooling.urls_bookings")),
]

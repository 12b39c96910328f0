from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django_scopes import scopes_disabled


class AdminScopesDisabledMiddleware:
    """Platform staff work across poles in the Django admin, so scoping is lifted there only.

    The admin itself requires `is_staff`; pole users never reach it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = reverse("admin:index")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.prefix):
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)

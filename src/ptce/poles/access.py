"""Resolve the pole from the URL, check the capability, and run the view in the pole's scope.

Every pole page goes through `pole_view`. An unknown pole and a pole the user has no role in
answer the same 404, so a URL reveals nothing about another pole.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django_scopes import scope

from ptce.poles.models import Pole, RoleAssignment
from ptce.poles.permissions import ROLE_CAPABILITIES, Capability


class PoleRequest(HttpRequest):
    """What `pole_view` adds to the request (for type checkers)."""

    pole: Pole
    role: str
    capabilities: frozenset[Capability]


def pole_view(capability: Capability) -> Callable[..., Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, pole_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            assignment = (
                RoleAssignment.objects.select_related("pole")
                .filter(user=request.user, pole__slug=pole_slug)
                .first()
            )
            if assignment is None:
                raise Http404
            capabilities = ROLE_CAPABILITIES.get(assignment.role, frozenset())
            if capability not in capabilities:
                raise PermissionDenied
            request.pole = assignment.pole  # type: ignore[attr-defined]
            request.role = assignment.role  # type: ignore[attr-defined]
            request.capabilities = capabilities  # type: ignore[attr-defined]
            # Rendering happens inside the view (render(), not TemplateResponse), so templates
            # that follow relations stay inside the scope too.
            with scope(pole=assignment.pole):
                return view(request, *args, **kwargs)

        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator

"""The create/edit page every app uses: validate the form, call the service, report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ptce.core.exceptions import PtceError


def error_text(exc: ValidationError | PtceError) -> list[str]:
    # A service's ValidationError may name a model field the form does not have: flatten it.
    return [exc.message] if isinstance(exc, PtceError) else list(exc.messages)


def form_page(
    request: HttpRequest,
    form: Form,
    *,
    save: Callable[[Any], Any],
    template: str,
    success: str,
    next_url: Callable[[Any], str],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render `form`; on a valid POST, `save(form)` through a service and redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except (ValidationError, PtceError) as exc:
            for message in error_text(exc):
                form.add_error(None, message)
        else:
            messages.success(request, success)
            return redirect(next_url(obj))
    pole = getattr(request, "pole", None)
    return render(request, template, {"pole": pole, "form": form, **(context or {})})

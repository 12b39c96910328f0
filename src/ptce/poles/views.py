from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability, may_observe
from ptce.poles.selectors import pole_membership_figures, roles_of, territory_figures
from ptce.registry.models import ActorFamily, Organisation


@login_required
def my_poles(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "poles/my_poles.html",
        {"assignments": roles_of(request.user), "may_observe": may_observe(request.user)},
    )


@pole_view(Capability.VIEW_POLE)
def pole_home(request: PoleRequest) -> HttpResponse:
    figures = pole_membership_figures()
    families = [(label, figures.by_family.get(value, 0)) for value, label in ActorFamily.choices]
    return render(
        request,
        "poles/home.html",
        {
            "pole": request.pole,
            "figures": figures,
            "families": families,
            "territory": territory_figures(request.pole),
            "call_awards": list(request.pole.call_awards.all()),
            "has_synthetic": Organisation.objects.filter(is_synthetic=True).exists(),
        },
    )

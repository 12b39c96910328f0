from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability
from ptce.territory.forms import DepartementPickForm, TerritoryChangeForm
from ptce.territory.models import Commune, Departement, Epci
from ptce.territory.search import search_communes, search_epcis
from ptce.territory.services import pole_territory_add, pole_territory_remove

SEARCH_LIMIT = 20


@dataclass
class EpciGroup:
    """The pole's communes in one EPCI (or in none), with the totals the page shows."""

    epci: Epci | None
    communes: list[Commune] = field(default_factory=list)
    epci_commune_count: int | None = None  # communes of the whole EPCI, covered or not

    @property
    def population(self) -> int:
        return sum(c.population or 0 for c in self.communes)

    @property
    def population_incomplete(self) -> bool:
        return any(c.population is None for c in self.communes)

    @property
    def covers_whole_epci(self) -> bool:
        return self.epci_commune_count == len(self.communes)


def _groups(communes: list[Commune]) -> list[EpciGroup]:
    groups: dict[str | None, EpciGroup] = {}
    for commune in communes:
        group = groups.setdefault(commune.epci_id, EpciGroup(epci=commune.epci))
        group.communes.append(commune)
    sizes = dict(
        Epci.objects.filter(pk__in=[code for code in groups if code is not None])
        .annotate(n=Count("communes")).values_list("pk", "n")
    )
    for code, group in groups.items():
        group.epci_commune_count = sizes.get(code)
    # EPCI by name; communes outside any EPCI (some islands, overseas collectivities) last.
    return sorted(groups.values(), key=lambda g: (g.epci is None, g.epci.name if g.epci else ""))


@pole_view(Capability.VIEW_POLE)
def territory(request: PoleRequest) -> HttpResponse:
    pole = request.pole
    communes = list(pole.communes.select_related("epci", "departement").order_by("name", "code"))
    groups = _groups(communes)
    context: dict[str, Any] = {
        "pole": pole,
        "groups": groups,
        "commune_count": len(communes),
        "population": sum(g.population for g in groups),
        "population_incomplete": any(g.population_incomplete for g in groups),
        "can_manage": Capability.MANAGE_TERRITORY in request.capabilities,
    }
    if context["can_manage"]:
        # Searches also work as plain GET parameters of this page, for browsers without JS.
        q = request.GET.get("q", "").strip()
        epci_q = request.GET.get("epci_q", "").strip()
        context.update({
            "q": q, "epci_q": epci_q, "pick": True, "limit": SEARCH_LIMIT,
            "communes": search_communes(q, SEARCH_LIMIT) if q else [],
            "epcis": search_epcis(epci_q, SEARCH_LIMIT) if epci_q else [],
            "add_departement_form": DepartementPickForm(auto_id="add-%s"),
            "remove_departement_form": DepartementPickForm(
                auto_id="remove-%s",
                queryset=Departement.objects.filter(commune__poles=pole).distinct(),
            ),
        })
        # The EPCI picker's live search asks this page for just its results, so that it
        # needs no URL of its own (commune search, used elsewhere too, has one).
        if request.htmx and request.htmx.target == "epci-results":
            return render(request, "territory/_epci_results.html", context)
    return render(request, "territory/territory.html", context)


def _change(
    request: PoleRequest, service: Callable[..., int], done: Callable[[int], str], none: str
) -> HttpResponse:
    form = TerritoryChangeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("territory", request.pole.slug)
    count = service(actor=request.user, pole=request.pole, **form.cleaned_data)
    if count:
        messages.success(request, done(count))
    else:
        messages.info(request, none)
    return redirect("territory", request.pole.slug)


@pole_view(Capability.MANAGE_TERRITORY)
@require_POST
def territory_add(request: PoleRequest) -> HttpResponse:
    return _change(
        request, pole_territory_add,
        lambda n: ngettext(
            "%(count)d commune ajoutée au territoire.",
            "%(count)d communes ajoutées au territoire.", n,
        ) % {"count": n},
        _("Ces communes faisaient déjà partie du territoire."),
    )


@pole_view(Capability.MANAGE_TERRITORY)
@require_POST
def territory_remove(request: PoleRequest) -> HttpResponse:
    return _change(
        request, pole_territory_remove,
        lambda n: ngettext(
            "%(count)d commune retirée du territoire.",
            "%(count)d communes retirées du territoire.", n,
        ) % {"count": n},
        _("Aucune de ces communes ne faisait partie du territoire."),
    )


@login_required
@require_GET
def commune_search(request: HttpRequest) -> HttpResponse:
    """Official open data, the same for everyone signed in: not scoped to a pole."""
    q = request.GET.get("q", "").strip()
    communes = search_communes(q, SEARCH_LIMIT) if q else []
    if request.GET.get("format") == "json":
        return JsonResponse([
            {
                "code": c.code, "name": c.name, "departement": c.departement_id,
                "departement_name": c.departement.name, "postcodes": c.postcodes.split(),
                "population": c.population, "epci": c.epci_id,
                "epci_name": c.epci.name if c.epci else None,
            }
            for c in communes
        ], safe=False)
    return render(request, "territory/_commune_results.html", {
        "communes": communes, "q": q, "pick": request.GET.get("pick") == "1",
        "limit": SEARCH_LIMIT,
    })

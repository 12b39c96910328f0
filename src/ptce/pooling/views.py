"""Pages of the pole's poolings: the list by kind, one pooling with its participants and the
split of its costs, and the forms that keep them.

Thin views: forms validate, `ptce.pooling.services` writes, `ptce.pooling.cost_sharing`
splits. Every lookup is filtered on the request's pole, so another pole's id answers 404.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ptce.core.views import form_page
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability
from ptce.pooling import selectors, services
from ptce.pooling.cost_sharing import ROUNDING_RULE_FR, share_costs
from ptce.pooling.forms import CostForm, ParticipantForm, PoolingFilterForm, PoolingForm
from ptce.pooling.models import (
    CostSharing,
    Pooling,
    PoolingCost,
    PoolingKind,
    PoolingParticipant,
)
from ptce_analytics.allocation import split_shares


def _can_manage(request: PoleRequest) -> bool:
    return Capability.MANAGE_POOLINGS in request.capabilities


def _pooling_url(request: PoleRequest, pk: int, anchor: str = "") -> str:
    url = reverse("pooling-detail", args=[request.pole.slug, pk])
    return f"{url}#{anchor}" if anchor else url


def _pooling(request: PoleRequest, pk: int) -> Pooling:
    return get_object_or_404(Pooling.objects.filter(pole=request.pole), pk=pk)


# --- Poolings --------------------------------------------------------------------------------


@pole_view(Capability.VIEW_POOLINGS)
def pooling_list(request: PoleRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PoolingFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {"status": "", "kind": ""}
    rows = list(selectors.poolings(request.pole, today=today, **filters))
    context = {
        "pole": request.pole,
        "form": form,
        "poolings": rows,
        "active_count": selectors.active_poolings_count(request.pole, today=today),
        "today": today,
        "can_manage": _can_manage(request),
    }
    template = "pooling/_pooling_results.html" if request.htmx else "pooling/pooling_list.html"
    return render(request, template, context)


def _pooling_form(request: PoleRequest, pooling: Pooling) -> HttpResponse:
    return form_page(
        request,
        PoolingForm(request.POST or None, instance=pooling, pole=request.pole),
        save=lambda form: services.pooling_save(
            actor=request.user, pole=request.pole, pooling=form.save(commit=False)
        ),
        template="pooling/pooling_form.html",
        success=_("Mutualisation enregistrée."),
        next_url=lambda obj: _pooling_url(request, obj.pk),
        context={"object": pooling},
    )


@pole_view(Capability.MANAGE_POOLINGS)
def pooling_create(request: PoleRequest) -> HttpResponse:
    return _pooling_form(request, Pooling(pole=request.pole))


@pole_view(Capability.MANAGE_POOLINGS)
def pooling_edit(request: PoleRequest, pk: int) -> HttpResponse:
    return _pooling_form(request, _pooling(request, pk))


def _key_percentages(participants: list[PoolingParticipant]) -> dict[int, Decimal]:
    """Participant id → its share key as a percentage of all the keys (summing to 100.00)."""
    keys = {p.pk: p.share_key for p in participants if p.share_key}
    if not keys:
        return {}
    return {pk: Decimal(bp) / 100 for pk, bp in split_shares(keys).items()}


@pole_view(Capability.VIEW_POOLINGS)
def pooling_detail(request: PoleRequest, pk: int) -> HttpResponse:
    pooling = get_object_or_404(
        Pooling.objects.filter(pole=request.pole).select_related("carrier"), pk=pk
    )
    participants = list(
        pooling.participants.filter(pole=request.pole)
        .select_related("organisation")
        .order_by("organisation__name_key", "pk")
    )
    percentages = _key_percentages(participants)
    for participant in participants:
        participant.key_percentage = percentages.get(participant.pk)
    costs = list(pooling.costs.filter(pole=request.pole))
    splits = share_costs(pooling, costs)
    quantities = [p.quantity for p in participants if p.quantity is not None]
    resources = (
        list(pooling.resources.filter(pole=request.pole).order_by("name"))
        if pooling.is_bookable
        else []
    )
    return render(
        request,
        "pooling/pooling_detail.html",
        {
            "pole": request.pole,
            "pooling": pooling,
            "participants": participants,
            "quantity_total": sum(quantities) if quantities else None,
            "quantity_unknown": len(participants) - len(quantities),
            "splits": splits,
            "resources": resources,
            "is_employer_group": pooling.kind == PoolingKind.EMPLOYER_GROUP,
            "by_keys": pooling.cost_sharing == CostSharing.FIXED_KEYS,
            "rounding_rule": ROUNDING_RULE_FR,
            "today": timezone.localdate(),
            "can_manage": _can_manage(request),
        },
    )


# --- Participants ----------------------------------------------------------------------------


def _participant_form(
    request: PoleRequest, pooling: Pooling, participant: PoolingParticipant
) -> HttpResponse:
    return form_page(
        request,
        ParticipantForm(
            request.POST or None, instance=participant, pole=request.pole, pooling=pooling
        ),
        save=lambda form: services.participant_save(
            actor=request.user, pole=request.pole, participant=form.save(commit=False)
        ),
        template="pooling/participant_form.html",
        success=_("Participant enregistré."),
        next_url=lambda obj: _pooling_url(request, pooling.pk, "participants"),
        context={"object": participant, "pooling": pooling},
    )


@pole_view(Capability.MANAGE_POOLINGS)
def participant_add(request: PoleRequest, pk: int) -> HttpResponse:
    pooling = _pooling(request, pk)
    return _participant_form(
        request, pooling, PoolingParticipant(pole=request.pole, pooling=pooling)
    )


def _participant(request: PoleRequest, pk: int) -> PoolingParticipant:
    return get_object_or_404(
        PoolingParticipant.objects.filter(pole=request.pole).select_related(
            "pooling", "organisation"
        ),
        pk=pk,
    )


@pole_view(Capability.MANAGE_POOLINGS)
def participant_edit(request: PoleRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    return _participant_form(request, participant.pooling, participant)


@pole_view(Capability.MANAGE_POOLINGS)
@require_POST
def participant_remove(request: PoleRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    pooling_pk = participant.pooling_id
    name = participant.organisation.name
    services.participant_remove(actor=request.user, pole=request.pole, participant=participant)
    messages.success(request, _("%(name)s ne participe plus à la mutualisation.") % {"name": name})
    return redirect(_pooling_url(request, pooling_pk, "participants"))


# --- Costs -----------------------------------------------------------------------------------


def _cost_form(request: PoleRequest, pooling: Pooling, cost: PoolingCost) -> HttpResponse:
    return form_page(
        request,
        CostForm(request.POST or None, instance=cost),
        save=lambda form: services.cost_save(
            actor=request.user, pole=request.pole, cost=form.save(commit=False)
        ),
        template="pooling/cost_form.html",
        success=_("Coût enregistré."),
        next_url=lambda obj: _pooling_url(request, pooling.pk, f"cout-{obj.pk}"),
        context={"object": cost, "pooling": pooling},
    )


@pole_view(Capability.MANAGE_POOLINGS)
def cost_create(request: PoleRequest, pk: int) -> HttpResponse:
    pooling = _pooling(request, pk)
    return _cost_form(request, pooling, PoolingCost(pole=request.pole, pooling=pooling))


def _cost(request: PoleRequest, pk: int) -> PoolingCost:
    return get_object_or_404(
        PoolingCost.objects.filter(pole=request.pole).select_related("pooling"), pk=pk
    )


@pole_view(Capability.MANAGE_POOLINGS)
def cost_edit(request: PoleRequest, pk: int) -> HttpResponse:
    cost = _cost(request, pk)
    return _cost_form(request, cost.pooling, cost)


@pole_view(Capability.MANAGE_POOLINGS)
@require_POST
def cost_delete(request: PoleRequest, pk: int) -> HttpResponse:
    cost = _cost(request, pk)
    pooling_pk, label = cost.pooling_id, cost.label
    services.cost_delete(actor=request.user, pole=request.pole, cost=cost)
    messages.success(request, _("Coût « %(label)s » supprimé.") % {"label": label})
    return redirect(_pooling_url(request, pooling_pk, "couts"))

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ptce.core.views import form_page
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability
from ptce.registry import selectors
from ptce.registry.forms import (
    DirectoryFilterForm,
    MembershipForm,
    OrganisationForm,
    OrganisationYearForm,
    PersonForm,
)
from ptce.registry.models import College, Membership, Organisation, Person
from ptce.registry.services import (
    membership_save,
    organisation_save,
    organisation_year_save,
    person_save,
)
from ptce.territory.models import Commune

PAGE_SIZE = 50


@pole_view(Capability.VIEW_DIRECTORY)
def directory(request: PoleRequest) -> HttpResponse:
    communes = Commune.objects.filter(organisation__pole=request.pole).distinct().order_by("name")
    form = DirectoryFilterForm(request.GET, communes=communes, colleges=College.objects.all())
    filters = (
        selectors.DirectoryFilters(**form.cleaned_data)
        if form.is_valid()
        else (selectors.DirectoryFilters())
    )
    page = Paginator(selectors.directory(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "pole": request.pole,
        "form": form,
        "page": page,
        "can_manage": Capability.MANAGE_REGISTRY in request.capabilities,
        "can_import": Capability.IMPORT_MEMBERS in request.capabilities,
    }
    template = "registry/_directory_results.html" if request.htmx else "registry/directory.html"
    return render(request, template, context)


@pole_view(Capability.VIEW_DIRECTORY)
def organisation_detail(request: PoleRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("commune"), pk=pk)
    can_see_people = Capability.VIEW_PEOPLE in request.capabilities
    people = (
        selectors.people_visible_to(role=request.role).filter(organisation=organisation)
        if can_see_people
        else []
    )
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "pole": request.pole,
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("college"),
            "years": organisation.years.all(),
            "people": people,
            "can_see_people": can_see_people,
            "can_manage": Capability.MANAGE_REGISTRY in request.capabilities,
        },
    )


def _registry_form(request: PoleRequest, form_class, instance, save, template: str, success: str):
    name = instance._meta.model_name
    return form_page(
        request,
        form_class(request.POST or None, instance=instance),
        save=lambda form: save(
            actor=request.user, pole=request.pole, **{name: form.save(commit=False)}
        ),
        template=template,
        success=success,
        next_url=lambda obj: reverse(f"{name}-detail", args=[request.pole.slug, obj.pk]),
        context={"object": instance},
    )


@pole_view(Capability.MANAGE_REGISTRY)
def organisation_create(request: PoleRequest) -> HttpResponse:
    return _registry_form(
        request,
        OrganisationForm,
        Organisation(pole=request.pole),
        organisation_save,
        "registry/organisation_form.html",
        _("Structure enregistrée."),
    )


@pole_view(Capability.MANAGE_REGISTRY)
def organisation_edit(request: PoleRequest, pk: int) -> HttpResponse:
    return _registry_form(
        request,
        OrganisationForm,
        get_object_or_404(Organisation, pk=pk),
        organisation_save,
        "registry/organisation_form.html",
        _("Structure enregistrée."),
    )


@pole_view(Capability.VIEW_PEOPLE)
def person_detail(request: PoleRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.people_visible_to(role=request.role), pk=pk)
    return render(
        request,
        "registry/person_detail.html",
        {
            "pole": request.pole,
            "person": person,
            "mandates": person.mandates.select_related("body", "organisation"),
            "can_manage": Capability.MANAGE_REGISTRY in request.capabilities,
        },
    )


@pole_view(Capability.MANAGE_REGISTRY)
def person_create(request: PoleRequest) -> HttpResponse:
    return _registry_form(
        request,
        PersonForm,
        Person(pole=request.pole),
        person_save,
        "registry/person_form.html",
        _("Personne enregistrée."),
    )


@pole_view(Capability.MANAGE_REGISTRY)
def person_edit(request: PoleRequest, pk: int) -> HttpResponse:
    return _registry_form(
        request,
        PersonForm,
        get_object_or_404(Person, pk=pk),
        person_save,
        "registry/person_form.html",
        _("Personne enregistrée."),
    )


def _membership_form(request: PoleRequest, organisation: Organisation, membership: Membership):
    return form_page(
        request,
        MembershipForm(request.POST or None, instance=membership),
        save=lambda form: membership_save(
            actor=request.user, pole=request.pole, membership=form.save(commit=False)
        ),
        template="registry/membership_form.html",
        success=_("Adhésion enregistrée."),
        next_url=lambda obj: reverse(
            "organisation-detail", args=[request.pole.slug, organisation.pk]
        ),
        context={"organisation": organisation, "object": membership},
    )


@pole_view(Capability.MANAGE_REGISTRY)
def membership_create(request: PoleRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    return _membership_form(
        request, organisation, Membership(pole=request.pole, organisation=organisation)
    )


@pole_view(Capability.MANAGE_REGISTRY)
def membership_edit(request: PoleRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=pk)
    return _membership_form(request, membership.organisation, membership)


@pole_view(Capability.MANAGE_REGISTRY)
def organisation_year(request: PoleRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation_year_save(
            actor=request.user, pole=request.pole, organisation=organisation, **form.cleaned_data
        )
        messages.success(request, _("Chiffres annuels enregistrés."))
        return redirect("organisation-detail", request.pole.slug, organisation.pk)
    return render(
        request,
        "registry/organisation_year_form.html",
        {"pole": request.pole, "form": form, "organisation": organisation},
    )

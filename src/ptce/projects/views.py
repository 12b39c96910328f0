"""Pages of the cooperative projects: the portfolio with its filters and totals, one project,
and the one form that keeps a project and its partners.

Thin views: forms validate, `ptce.projects.services` writes, `ptce.projects.selectors` reads.
Every lookup is filtered on the request's pole, so another pole's id answers 404.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ptce.core.views import form_page
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability
from ptce.projects import selectors, services
from ptce.projects.forms import ProjectFilterForm, ProjectForm
from ptce.projects.models import PartnerRole, Project
from ptce.registry.selectors import member_organisations


def _can_manage(request: PoleRequest) -> bool:
    return Capability.MANAGE_PROJECTS in request.capabilities


@pole_view(Capability.VIEW_PROJECTS)
def project_list(request: PoleRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ProjectFilterForm(
        request.GET,
        structures=selectors.structures_involved(request.pole),
        years=selectors.portfolio_years(request.pole, today=today),
    )
    form.is_valid()
    # A value that is not among the choices is reported next to its field and ignored.
    filters = selectors.PortfolioFilters(
        **{name: value for name, value in form.cleaned_data.items() if value not in ("", None)}
    )
    projects = list(selectors.portfolio(request.pole, filters))
    context = {
        "pole": request.pole,
        "form": form,
        "projects": projects,
        "totals": selectors.portfolio_totals(projects),
        "filtered": filters != selectors.PortfolioFilters(),
        "can_manage": _can_manage(request),
    }
    template = "projects/_project_results.html" if request.htmx else "projects/project_list.html"
    return render(request, template, context)


def _project_form(request: PoleRequest, project: Project) -> HttpResponse:
    def save(form: ProjectForm) -> Project:
        return services.project_save(
            actor=request.user,
            pole=request.pole,
            project=form.save(commit=False),
            lead=form.cleaned_data["lead"],
            partners=form.cleaned_data["partners"],
        )

    return form_page(
        request,
        ProjectForm(request.POST or None, instance=project, pole=request.pole),
        save=save,
        template="projects/project_form.html",
        success=_("Projet enregistré."),
        next_url=lambda obj: reverse("project-detail", args=[request.pole.slug, obj.pk]),
        context={"object": project},
    )


@pole_view(Capability.MANAGE_PROJECTS)
def project_create(request: PoleRequest) -> HttpResponse:
    return _project_form(request, Project(pole=request.pole))


@pole_view(Capability.MANAGE_PROJECTS)
def project_edit(request: PoleRequest, pk: int) -> HttpResponse:
    return _project_form(
        request, get_object_or_404(Project.objects.filter(pole=request.pole), pk=pk)
    )


@pole_view(Capability.VIEW_PROJECTS)
def project_detail(request: PoleRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.filter(pole=request.pole).select_related("working_group"), pk=pk
    )
    partners = list(
        project.partners.filter(pole=request.pole)
        .select_related("organisation")
        .order_by("role", "organisation__name_key")
    )
    members = set(
        member_organisations()
        .filter(pk__in=[p.organisation_id for p in partners])
        .values_list("pk", flat=True)
    )
    for partner in partners:
        partner.is_member = partner.organisation_id in members
    return render(
        request,
        "projects/project_detail.html",
        {
            "pole": request.pole,
            "project": project,
            "partners": partners,
            "lead": next((p for p in partners if p.role == PartnerRole.LEAD), None),
            "can_manage": _can_manage(request),
            "can_see_meetings": Capability.VIEW_MEETINGS in request.capabilities,
        },
    )

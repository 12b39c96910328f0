"""Cooperative projects: what members build together, and what it brings the territory."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ptce.registry.models import PoleOwned


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("En émergence")
    ACTIVE = "active", _("En cours")
    COMPLETED = "completed", _("Terminé")
    ABANDONED = "abandoned", _("Abandonné")


class Innovation(models.TextChoices):
    NONE = "none", _("Aucune")
    SOCIAL = "social", _("Sociale")
    TECHNOLOGICAL = "technological", _("Technologique")


class StudyKind(models.TextChoices):
    NONE = "none", _("Aucune")
    RESEARCH = "rd", _("Recherche et développement")
    ACTION_RESEARCH = "action_research", _("Recherche-action")
    STUDY = "study", _("Étude")
    EVALUATION = "evaluation", _("Évaluation")


class Project(PoleOwned):
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    started_on = models.DateField(_("début"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    budget_eur = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Blank means "not known", which is not the same as "none".
    jobs_created_fte = models.DecimalField(
        _("emplois créés (ETP)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    jobs_consolidated_fte = models.DecimalField(
        _("emplois consolidés (ETP)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    innovation = models.CharField(
        _("innovation"), max_length=15, choices=Innovation.choices, blank=True
    )
    goal_economic = models.BooleanField(_("finalité économique"), default=False)
    goal_social = models.BooleanField(_("finalité sociale"), default=False)
    goal_environmental = models.BooleanField(_("finalité environnementale"), default=False)
    study_kind = models.CharField(
        _("recherche ou étude"), max_length=20, choices=StudyKind.choices, default=StudyKind.NONE
    )
    new_activities = models.PositiveSmallIntegerField(
        _("activités nouvelles créées"), null=True, blank=True
    )
    new_enterprises = models.PositiveSmallIntegerField(
        _("entreprises créées"), null=True, blank=True
    )
    working_group = models.ForeignKey(
        "meetings.WorkingGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("groupe de travail"),
    )

    class Meta:
        verbose_name = _("projet coopératif")
        verbose_name_plural = _("projets coopératifs")
        ordering = ["-started_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="project_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(budget_eur__isnull=True) | Q(budget_eur__gte=0),
                name="project_budget_positive",
            ),
            models.CheckConstraint(
                condition=(Q(jobs_created_fte__isnull=True) | Q(jobs_created_fte__gte=0))
                & (Q(jobs_consolidated_fte__isnull=True) | Q(jobs_consolidated_fte__gte=0)),
                name="project_jobs_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def goals(self) -> list[str]:
        names = ("economic", "social", "environmental")
        return [name for name in names if getattr(self, f"goal_{name}")]

    def is_active_on(self, day: dt.date) -> bool:
        return (
            self.status == ProjectStatus.ACTIVE
            and (self.started_on is None or self.started_on <= day)
            and (self.ended_on is None or self.ended_on >= day)
        )


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Chef de file")
    PARTNER = "partner", _("Partenaire")


class ProjectPartner(PoleOwned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    # Partners need not be members: a firm or a lab outside the pole counts too.
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="project_partnerships",
        verbose_name=_("structure"),
    )
    role = models.CharField(
        _("rôle"), max_length=10, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )

    class Meta:
        verbose_name = _("partenaire du projet")
        verbose_name_plural = _("partenaires du projet")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="project_partner_unique"
            ),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="lead"), name="one_lead_per_project"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

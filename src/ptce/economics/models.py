"""The pole's hybrid economic model: money, volunteer time and contributions in kind.

Source kinds and sections are the analytics' own (`ptce_analytics.economics`), so a kind added
there and not here fails loudly in the tests rather than silently dropping lines.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ptce.registry.models import PoleOwned


class SourceKind(models.TextChoices):
    DUES = "dues", _("Cotisations des membres")
    GRANT_STATE = "grant_state", _("Subvention de l'État")
    GRANT_REGION = "grant_region", _("Subvention de la Région")
    GRANT_DEPARTEMENT = "grant_departement", _("Subvention du Département")
    GRANT_EPCI = "grant_epci", _("Subvention de l'intercommunalité (EPCI)")
    GRANT_COMMUNE = "grant_commune", _("Subvention de la commune")
    GRANT_EU = "grant_eu", _("Fonds européens")
    GRANT_OTHER_PUBLIC = "grant_other_public", _("Autre financement public")
    PRIVATE_FOUNDATION = "private_foundation", _("Fondation")
    PRIVATE_COMPANY = "private_company", _("Entreprise (mécénat, partenariat)")
    OWN_REVENUE = "own_revenue", _("Recettes propres (prestations, ventes, loyers)")
    LOAN = "loan", _("Emprunt")


class Section(models.TextChoices):
    OPERATING = "operating", _("Fonctionnement")
    INVESTMENT = "investment", _("Investissement")


class FundingLine(PoleOwned):
    year = models.PositiveSmallIntegerField(_("exercice"))
    source_kind = models.CharField(_("origine"), max_length=20, choices=SourceKind.choices)
    section = models.CharField(
        _("section"), max_length=10, choices=Section.choices, default=Section.OPERATING
    )
    # The funder as a structure of the registry when it is one (a member paying dues, the EPCI);
    # otherwise its name (a ministry, a European fund).
    funder = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="funding_lines",
        verbose_name=_("financeur (structure)"),
    )
    funder_name = models.CharField(_("financeur"), max_length=200, blank=True)
    label = models.CharField(_("libellé"), max_length=200)
    amount = models.DecimalField(_("montant (€)"), max_digits=12, decimal_places=2)
    agreement_start = models.DateField(_("convention : début"), null=True, blank=True)
    agreement_end = models.DateField(_("convention : fin"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funding_lines",
        verbose_name=_("projet"),
    )

    class Meta:
        verbose_name = _("ligne de financement")
        verbose_name_plural = _("lignes de financement")
        ordering = ["-year", "source_kind", "label"]
        indexes = [models.Index(fields=["pole", "year"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_positive"),
            models.CheckConstraint(
                condition=Q(agreement_end__isnull=True)
                | Q(agreement_start__isnull=True)
                | Q(agreement_end__gte=models.F("agreement_start")),
                name="funding_agreement_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.label}"

    @property
    def funder_label(self) -> str:
        return self.funder.name if self.funder_id else self.funder_name


class VolunteerActivity(models.TextChoices):
    GOVERNANCE = "governance", _("Gouvernance (instances, bureau)")
    COORDINATION = "coordination", _("Animation et coordination")
    PROJECTS = "projects", _("Projets coopératifs")
    POOLING = "pooling", _("Mutualisations")
    EVENTS = "events", _("Événements")
    OTHER = "other", _("Autre")


class VolunteerTime(PoleOwned):
    year = models.PositiveSmallIntegerField(_("exercice"))
    # Hours may be counted per person, per structure, or collectively (both left blank).
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_times",
        verbose_name=_("personne"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_times",
        verbose_name=_("structure"),
    )
    activity = models.CharField(_("activité"), max_length=15, choices=VolunteerActivity.choices)
    hours = models.DecimalField(_("heures"), max_digits=9, decimal_places=2)
    note = models.CharField(_("précision"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("temps bénévole")
        verbose_name_plural = _("temps bénévole")
        ordering = ["-year", "activity"]
        indexes = [models.Index(fields=["pole", "year"])]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="volunteer_hours_positive")
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.get_activity_display()} ({self.hours} h)"


class VolunteerRate(PoleOwned):
    """The hourly rate the pole values its volunteers' time at, for one year."""

    year = models.PositiveSmallIntegerField(_("exercice"))
    hourly_rate = models.DecimalField(_("taux horaire chargé (€)"), max_digits=7, decimal_places=2)
    basis = models.CharField(_("base du taux"), max_length=300)

    class Meta:
        verbose_name = _("taux de valorisation du bénévolat")
        verbose_name_plural = _("taux de valorisation du bénévolat")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["pole", "year"], name="volunteer_rate_unique"),
            models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="volunteer_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.hourly_rate} €/h"


class InKindKind(models.TextChoices):
    GOODS = "goods", _("Biens donnés")
    PREMISES = "premises", _("Locaux mis à disposition")
    EQUIPMENT = "equipment", _("Matériel mis à disposition")
    SERVICES = "services", _("Prestations de services")


# Where each contribution sits in the accounts' class 8 (plan comptable des associations,
# règlement ANC 2018-06): the use (86x) and the matching resource (87x).
ACCOUNTS = {
    InKindKind.GOODS: ("860", "870"),
    InKindKind.PREMISES: ("861", "871"),
    InKindKind.EQUIPMENT: ("861", "871"),
    InKindKind.SERVICES: ("862", "871"),
}
VOLUNTEER_ACCOUNTS = ("864", "875")


class InKindContribution(PoleOwned):
    year = models.PositiveSmallIntegerField(_("exercice"))
    kind = models.CharField(_("nature"), max_length=10, choices=InKindKind.choices)
    provider = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="in_kind_contributions",
        verbose_name=_("apporté par (structure)"),
    )
    provider_name = models.CharField(_("apporté par"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=300)
    # Valued at market price, as the accounting rules ask.
    value = models.DecimalField(_("valeur (€)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("contribution en nature")
        verbose_name_plural = _("contributions en nature")
        ordering = ["-year", "kind"]
        indexes = [models.Index(fields=["pole", "year"])]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="in_kind_value_positive")
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.description}"

    @property
    def accounts(self) -> tuple[str, str]:
        return ACCOUNTS[InKindKind(self.kind)]

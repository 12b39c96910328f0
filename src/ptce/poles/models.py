from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TerritoryType(models.TextChoices):
    DEINDUSTRIALISED = "deindustrialised", _("Territoire désindustrialisé")
    PERIURBAN = "periurban", _("Territoire périurbain")
    RURAL = "rural", _("Territoire rural")
    URBAN_PRIORITY_DISTRICT = "urban_priority_district", _("Quartier populaire urbain")


class ActivityFamily(models.TextChoices):
    PRODUCTION = "production", _("Activités de production")
    SERVICES_ENGINEERING = (
        "services_engineering",
        _("Activités de services et ingénierie de développement"),
    )
    CREATIVE_CULTURAL = "creative_cultural", _("Industries créatives et culturelles")


class Origin(models.TextChoices):
    CITIZEN_ASSOCIATIVE = "citizen_associative", _("Initiative citoyenne ou associative")
    SOCIAL_ENTERPRISE_GROUP = "social_enterprise_group", _("Groupe d'entreprises sociales")
    EMPLOYMENT_BASIN_COMMITTEE = "employment_basin_committee", _("Comité de bassin d'emploi")


class PoleLegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    SCIC = "scic", _("SCIC")
    GIE = "gie", _("GIE")
    OTHER = "other", _("Autre")


class Pole(models.Model):
    """A PTCE: the tenant. Every pole-owned row points here and is queried in its scope."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    town = models.CharField(_("ville du siège"), max_length=100, blank=True)
    communes = models.ManyToManyField(
        "territory.Commune",
        blank=True,
        related_name="poles",
        verbose_name=_("territoire"),
    )
    territory_type = models.CharField(
        _("type de territoire"), max_length=30, choices=TerritoryType.choices, blank=True
    )
    grouping_since = models.PositiveSmallIntegerField(
        _("année de début du regroupement"), null=True, blank=True
    )
    origin = models.CharField(_("origine"), max_length=40, choices=Origin.choices, blank=True)
    legal_form = models.CharField(
        _("forme juridique"), max_length=20, choices=PoleLegalForm.choices, blank=True
    )
    activity_family = models.CharField(
        _("famille d'activités"), max_length=30, choices=ActivityFamily.choices, blank=True
    )
    # None is "not known", which the paper's typology must keep apart from "no".
    showcase_place = models.BooleanField(_("lieu vitrine"), null=True, blank=True)
    charter_signed_on = models.DateField(_("date de la charte"), null=True, blank=True)
    ceased_in = models.PositiveSmallIntegerField(_("année de cessation"), null=True, blank=True)
    # Figures published about the pole (with their date and sources), not computed from members.
    reported_member_structures = models.PositiveIntegerField(
        _("structures membres (publié)"), null=True, blank=True
    )
    reported_jobs = models.PositiveIntegerField(_("emplois (publié)"), null=True, blank=True)
    reported_turnover_eur = models.PositiveBigIntegerField(
        _("chiffre d'affaires (publié, €)"), null=True, blank=True
    )
    sources = models.JSONField(_("sources"), default=list, blank=True)
    # The pole's own decision: its référentiel results and aggregate figures (never personal
    # data) may be compared with other poles by observatories.
    shares_with_observatory = models.BooleanField(
        _("partage ses résultats avec l'observatoire"), default=False
    )

    class Meta:
        verbose_name = _("pôle")
        verbose_name_plural = _("pôles")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grouping_since__isnull=True)
                | models.Q(grouping_since__gte=1900, grouping_since__lte=2100),
                name="pole_grouping_since_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CallKind(models.TextChoices):
    STATE_2013 = "state_2013", _("Appel à projets interministériel 2013")
    STATE_2015 = "state_2015", _("Appel à projets interministériel 2015")
    AMI_EMERGING = "ami_emerging", _("AMI PTCE émergents")
    OTHER = "other", _("Autre appel")


class CallAward(models.Model):
    """A call for projects the pole won."""

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="call_awards")
    call = models.CharField(_("appel"), max_length=20, choices=CallKind.choices)
    year = models.PositiveSmallIntegerField(_("année"))
    label = models.CharField(_("précision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("appel remporté")
        verbose_name_plural = _("appels remportés")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["pole", "call", "year"], name="call_award_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_call_display()} ({self.year})"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordination")
    MEMBER = "member", _("Membre")
    FUNDER = "funder", _("Financeur ou élu·e")
    OBSERVER = "observer", _("Observatoire")


class RoleAssignment(models.Model):
    """A user's role in one pole. A user without one for a pole cannot see that pole at all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pole_roles"
    )
    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("rôle dans un pôle")
        verbose_name_plural = _("rôles dans les pôles")
        constraints = [
            models.UniqueConstraint(fields=["user", "pole"], name="one_role_per_user_and_pole")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.pole} · {self.get_role_display()}"

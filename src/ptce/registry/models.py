"""The pole's registry: member structures, people, memberships and governance.

Every model here is owned by one pole, carries a direct `pole` key, and is queried through a
django-scopes manager: a query outside `scope(pole=...)` raises instead of leaking rows.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from ptce.core.text import fold
from ptce_analytics.actors import ActorFamily as Family
from ptce_analytics.actors import derive_profile


class ActorFamily(models.TextChoices):
    ESS_ENTERPRISE = Family.ESS_ENTERPRISE.value, _("Entreprise de l'ESS")
    NON_ESS_ENTERPRISE = Family.NON_ESS_ENTERPRISE.value, _("Entreprise hors ESS")
    PUBLIC_BODY = Family.PUBLIC_BODY.value, _("Collectivité ou organisme public")
    RESEARCH = Family.RESEARCH.value, _("Recherche ou enseignement supérieur")
    TRAINING = Family.TRAINING.value, _("Organisme de formation")
    OTHER = Family.OTHER.value, _("Autre")


class PoleOwned(models.Model):
    pole = models.ForeignKey("poles.Pole", on_delete=models.CASCADE, verbose_name=_("pôle"))
    # Demo and generated rows say so, in the data and on every page that shows them.
    is_synthetic = models.BooleanField(_("donnée fictive"), default=False)

    objects = ScopedManager(pole="pole")

    class Meta:
        abstract = True


class College(PoleOwned):
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("collège")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["pole", "name"], name="college_unique")]

    def __str__(self) -> str:
        return self.name


class Organisation(PoleOwned):
    name = models.CharField(_("nom"), max_length=200)
    # Folded name, used with the commune to find the same structure again on re-import.
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, db_index=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True)
    legal_category = models.CharField(_("catégorie juridique INSEE"), max_length=4, blank=True)
    naf_code = models.CharField(_("code NAF/APE"), max_length=6, blank=True)
    commune = models.ForeignKey(
        "territory.Commune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("commune"),
    )
    website = models.URLField(_("site web"), blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    description = models.TextField(_("activité"), blank=True)
    # Manual override of what the legal category says, with the reason kept for the record.
    family_override = models.CharField(
        _("famille d'acteurs (corrigée)"), max_length=30, choices=ActorFamily.choices, blank=True
    )
    ess_override = models.BooleanField(_("ESS (corrigé)"), null=True, blank=True)
    override_reason = models.CharField(_("motif de la correction"), max_length=300, blank=True)
    # Effective values, kept in columns so the directory can filter on them; see `classify`.
    actor_family = models.CharField(
        _("famille d'acteurs"),
        max_length=30,
        choices=ActorFamily.choices,
        blank=True,
        editable=False,
        db_index=True,
    )
    is_ess = models.BooleanField(_("ESS"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["pole", "siret"],
                condition=~Q(siret=""),
                name="organisation_siret_unique",
                violation_error_message=_("Une structure de ce pôle porte déjà ce SIRET."),
            ),
            models.UniqueConstraint(
                fields=["pole", "siren"],
                condition=Q(siret="") & ~Q(siren=""),
                name="organisation_siren_unique",
                violation_error_message=_("Une structure de ce pôle porte déjà ce SIREN."),
            ),
            models.UniqueConstraint(
                fields=["pole", "rna"],
                condition=~Q(rna=""),
                name="organisation_rna_unique",
                violation_error_message=_("Une structure de ce pôle porte déjà ce numéro RNA."),
            ),
            models.CheckConstraint(
                condition=(Q(family_override="") & Q(ess_override__isnull=True))
                | ~Q(override_reason=""),
                name="organisation_override_has_reason",
                violation_error_message=_(
                    "Indiquez pourquoi la famille ou le statut ESS est corrigé."
                ),
            ),
        ]
        indexes = [models.Index(fields=["pole", "name_key"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Derived columns must never drift from their sources, whoever saves the row.
        self.name_key = fold(self.name)
        if self.siret and not self.siren:
            self.siren = self.siret[:9]
        self.classify()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        overridden = bool(self.family_override) or self.ess_override is not None
        if overridden and not self.override_reason.strip():
            raise ValidationError(
                {"override_reason": _("Indiquez pourquoi la famille ou le statut ESS est corrigé.")}
            )
        if self.siret and self.siren and self.siret[:9] != self.siren:
            raise ValidationError({"siren": _("Le SIREN doit être le début du SIRET.")})

    def classify(self) -> None:
        """Recompute the effective family and ESS flag from the legal category and overrides."""
        profile = derive_profile(self.legal_category, self.naf_code)
        self.actor_family = self.family_override or (profile.family or "")
        if self.ess_override is not None:
            self.is_ess = self.ess_override
        elif self.family_override:
            self.is_ess = self.family_override == ActorFamily.ESS_ENTERPRISE
        else:
            self.is_ess = profile.is_ess


class OrganisationYear(PoleOwned):
    """A yearly figure of a structure; a missing figure stays missing, never 0."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("année"))
    fte = models.DecimalField(_("ETP"), max_digits=9, decimal_places=2, null=True, blank=True)
    turnover_eur = models.DecimalField(
        _("chiffre d'affaires (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("chiffres annuels")
        verbose_name_plural = _("chiffres annuels")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="organisation_year_unique"
            ),
            models.CheckConstraint(
                condition=Q(fte__gte=0) | Q(fte__isnull=True), name="fte_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class Gender(models.TextChoices):
    WOMAN = "woman", _("Femme")
    MAN = "man", _("Homme")
    NON_BINARY = "non_binary", _("Non binaire ou autre")


class PersonKind(models.TextChoices):
    EMPLOYEE = "employee", _("Salarié·e")
    VOLUNTEER = "volunteer", _("Bénévole")
    ELECTED = "elected", _("Élu·e")
    INHABITANT = "inhabitant", _("Habitant·e")
    OTHER = "other", _("Autre")


class Person(PoleOwned):
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    kind = models.CharField(_("qualité"), max_length=20, choices=PersonKind.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("structure"),
    )
    # Self-declared and optional: blank means "not declared", which parity counts apart.
    gender = models.CharField(
        _("genre (auto-déclaré)"), max_length=20, choices=Gender.choices, blank=True
    )
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    consent_directory = models.BooleanField(
        _("accepte d'apparaître dans l'annuaire des membres"), default=False
    )
    consent_contact = models.BooleanField(_("accepte d'être contacté·e par le pôle"), default=False)
    consent_research = models.BooleanField(
        _("accepte l'usage pseudonymisé de ses données pour la recherche"), default=False
    )
    consent_recorded_on = models.DateField(
        _("date du recueil du consentement"), null=True, blank=True
    )
    # The platform account of this person, if any: it lets them RSVP and update their actions.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("compte utilisateur"),
    )

    class Meta:
        verbose_name = _("personne")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pole", "user"],
                condition=Q(user__isnull=False),
                name="one_person_per_user_and_pole",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class MembershipRole(models.TextChoices):
    FOUNDER = "founder", _("Membre fondateur")
    MEMBER = "member", _("Membre")
    PARTNER = "partner", _("Partenaire")


class Membership(PoleOwned):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("structure"),
    )
    role = models.CharField(
        _("qualité"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    college = models.ForeignKey(
        College, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("collège")
    )
    start_date = models.DateField(_("date d'adhésion"), null=True, blank=True)
    end_date = models.DateField(_("date de sortie"), null=True, blank=True)
    dues_eur = models.DecimalField(
        _("cotisation annuelle (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    charter_signed_on = models.DateField(_("signature de la charte"), null=True, blank=True)

    class Meta:
        verbose_name = _("adhésion")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(dues_eur__isnull=True) | Q(dues_eur__gte=0), name="dues_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La date de sortie précède la date d'adhésion.")})


class BodyKind(models.TextChoices):
    GENERAL_ASSEMBLY = "general_assembly", _("Assemblée générale")
    BOARD = "board", _("Conseil d'administration")
    BUREAU = "bureau", _("Bureau")
    STEERING_COMMITTEE = "steering_committee", _("Comité de pilotage")
    OTHER = "other", _("Autre instance")


class GovernanceBody(PoleOwned):
    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("type"), max_length=30, choices=BodyKind.choices)

    class Meta:
        verbose_name = _("instance")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Office(models.TextChoices):
    CHAIR = "chair", _("Présidence")
    VICE_CHAIR = "vice_chair", _("Vice-présidence")
    TREASURER = "treasurer", _("Trésorerie")
    SECRETARY = "secretary", _("Secrétariat")
    MEMBER = "member", _("Membre")


class Mandate(PoleOwned):
    body = models.ForeignKey(
        GovernanceBody,
        on_delete=models.CASCADE,
        related_name="mandates",
        verbose_name=_("instance"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("personne")
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("structure représentée"),
    )
    office = models.CharField(_("fonction"), max_length=20, choices=Office.choices)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("mandat")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="mandate_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_office_display()} ({self.body})"

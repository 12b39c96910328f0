"""What the pole's members pool: shared employment, premises, equipment, purchasing, services.

A `Pooling` is one arrangement with its participants and the quantity each takes (hours, m²,
euros). Two kinds carry more detail: an employer group (groupement d'employeurs) has its
employees and their monthly hour allocations, re-invoiced at cost; shared premises and
equipment have bookable resources.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ptce.registry.models import PoleOwned


class PoolingKind(models.TextChoices):
    EMPLOYER_GROUP = "employer_group", _("Emploi partagé (groupement d'employeurs)")
    PREMISES = "premises", _("Locaux partagés")
    EQUIPMENT = "equipment", _("Équipement partagé")
    PURCHASING = "purchasing", _("Achats groupés")
    SERVICES = "services", _("Services partagés")
    SKILLS = "skills", _("Compétences partagées")


# Kinds whose resources are booked by the hour.
BOOKABLE_KINDS = (PoolingKind.PREMISES, PoolingKind.EQUIPMENT)


class QuantityUnit(models.TextChoices):
    HOURS = "hours", _("heures")
    SQUARE_METRES = "m2", _("m²")
    EUROS = "euros", _("euros")
    UNITS = "units", _("unités")


class CostSharing(models.TextChoices):
    # Booked hours for premises and equipment; each participant's quantity otherwise.
    BY_USE = "by_use", _("Au prorata de l'usage (heures réservées ou quantités)")
    # Rent shared by the m² each tenant occupies, even when the rooms are also booked.
    BY_QUANTITY = "by_quantity", _("Au prorata des quantités des participants")
    FIXED_KEYS = "fixed_keys", _("Selon des clés fixes")


class Pooling(PoleOwned):
    kind = models.CharField(_("type"), max_length=20, choices=PoolingKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The structure that carries it: the employer group's association, the tenant of the lease.
    carrier = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_poolings",
        verbose_name=_("structure porteuse"),
    )
    unit = models.CharField(
        _("unité de quantité"), max_length=10, choices=QuantityUnit.choices, blank=True
    )
    cost_sharing = models.CharField(
        _("répartition des coûts"),
        max_length=12,
        choices=CostSharing.choices,
        default=CostSharing.BY_USE,
    )
    started_on = models.DateField(_("début"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("mutualisation")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="pooling_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return (self.started_on is None or self.started_on <= day) and (
            self.ended_on is None or self.ended_on >= day
        )

    @property
    def is_bookable(self) -> bool:
        return self.kind in BOOKABLE_KINDS


def active_on(day: dt.date) -> Q:
    """Poolings running on `day`; a missing start or end date means "open"."""
    return (Q(started_on__isnull=True) | Q(started_on__lte=day)) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )


class PoolingParticipant(PoleOwned):
    pooling = models.ForeignKey(Pooling, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="pooling_participations",
        verbose_name=_("structure"),
    )
    # In the pooling's unit: hours of a shared service, m² occupied, euros of joint purchases.
    quantity = models.DecimalField(
        _("quantité"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Used when costs are shared by fixed keys: any positive weights, shown as percentages.
    share_key = models.DecimalField(
        _("clé de répartition"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    joined_on = models.DateField(_("entrée"), null=True, blank=True)
    left_on = models.DateField(_("sortie"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pooling", "organisation"], name="pooling_participant_unique"
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0),
                name="participant_quantity_positive",
            ),
            models.CheckConstraint(
                condition=Q(share_key__isnull=True) | Q(share_key__gte=0),
                name="participant_share_key_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.pooling}"


class PoolingCost(PoleOwned):
    """A cost the participants share: rent, charges, a purchase, a service contract."""

    pooling = models.ForeignKey(Pooling, on_delete=models.CASCADE, related_name="costs")
    label = models.CharField(_("libellé"), max_length=200)
    period_start = models.DateField(_("du"))
    period_end = models.DateField(_("au"))
    amount = models.DecimalField(_("montant (€)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("coût à répartir")
        verbose_name_plural = _("coûts à répartir")
        ordering = ["-period_start", "label"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="pooling_cost_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="pooling_cost_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.label


# --- employer group ---------------------------------------------------------------------------


# The legal full time: 35 h a week × 52 weeks / 12 months.
FULL_TIME_MONTHLY_HOURS = Decimal("151.67")


class ContractKind(models.TextChoices):
    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    OTHER = "other", _("Autre")


class SharedEmployee(PoleOwned):
    pooling = models.ForeignKey(Pooling, on_delete=models.CASCADE, related_name="employees")
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_jobs",
        verbose_name=_("personne"),
    )
    name = models.CharField(_("nom"), max_length=200)
    job_title = models.CharField(_("poste"), max_length=200, blank=True)
    contract = models.CharField(
        _("contrat"), max_length=10, choices=ContractKind.choices, default=ContractKind.CDI
    )
    monthly_hours = models.DecimalField(
        _("heures mensuelles au contrat"), max_digits=6, decimal_places=2
    )
    # Gross wage plus employer charges, per hour: what one hour costs the group.
    hourly_cost = models.DecimalField(_("coût complet horaire (€)"), max_digits=8, decimal_places=2)
    started_on = models.DateField(_("embauche"))
    ended_on = models.DateField(_("fin de contrat"), null=True, blank=True)

    class Meta:
        verbose_name = _("salarié·e partagé·e")
        verbose_name_plural = _("salarié·es partagé·es")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_hours__gt=0), name="employee_monthly_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(hourly_cost__gt=0), name="employee_hourly_cost_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def fte(self) -> Decimal:
        return (self.monthly_hours / FULL_TIME_MONTHLY_HOURS).quantize(Decimal("0.01"))


class HourAllocation(PoleOwned):
    employee = models.ForeignKey(
        SharedEmployee, on_delete=models.CASCADE, related_name="allocations"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="hour_allocations",
        verbose_name=_("structure"),
    )
    # Always the first day of the month.
    month = models.DateField(_("mois"))
    hours = models.DecimalField(_("heures"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("heures mises à disposition")
        verbose_name_plural = _("heures mises à disposition")
        ordering = ["month", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "organisation", "month"], name="allocation_unique"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="allocation_hours_positive"),
        ]
        indexes = [models.Index(fields=["pole", "month"])]

    def __str__(self) -> str:
        return f"{self.employee} → {self.organisation} ({self.month:%m/%Y})"

    def save(self, *args, **kwargs) -> None:
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)


# --- premises and equipment ------------------------------------------------------------------


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Salle")
    OFFICE = "office", pgettext_lazy("bookable resource", "Bureau")
    WORKSHOP = "workshop", _("Atelier")
    EQUIPMENT = "equipment", _("Équipement")
    VEHICLE = "vehicle", _("Véhicule")


class SharedResource(PoleOwned):
    pooling = models.ForeignKey(Pooling, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=ResourceKind.choices)
    capacity = models.PositiveIntegerField(_("capacité (personnes)"), null=True, blank=True)
    area_m2 = models.DecimalField(
        _("surface (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    is_bookable = models.BooleanField(_("réservable"), default=True)

    class Meta:
        verbose_name = _("ressource partagée")
        verbose_name_plural = _("ressources partagées")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Booking(PoleOwned):
    resource = models.ForeignKey(SharedResource, on_delete=models.CASCADE, related_name="bookings")
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.RESTRICT,
        related_name="bookings",
        verbose_name=_("pour la structure"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    title = models.CharField(_("objet"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    # Cancelled bookings are kept for the record and the cost-sharing history; they free the slot.
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("réservation")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["resource", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.resource} — {self.title}"

    @property
    def hours(self) -> Decimal:
        seconds = Decimal((self.ends_at - self.starts_at).total_seconds())
        return (seconds / 3600).quantize(Decimal("0.01"))

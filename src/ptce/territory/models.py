"""Official geography (COG), loaded from the packaged data file; read-only for users."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("région"))

    class Meta:
        verbose_name = _("département")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    code = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, blank=True)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, verbose_name=_("département")
    )
    epci = models.ForeignKey(
        Epci, null=True, blank=True, on_delete=models.SET_NULL, related_name="communes",
        verbose_name=_("EPCI"),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Space-separated: a commune can have several postcodes and a postcode several communes.
    postcodes = models.CharField(_("codes postaux"), max_length=200, blank=True)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("commune")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.departement_id})"

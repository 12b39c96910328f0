"""The référentiel's versions, self-assessment campaigns, answers and measured snapshots.

Indicator codes are stored as text ("B2.3"), never as foreign keys: a référentiel version is
data (`ptce_analytics.referential`), and every result records the version it was read with.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ptce.registry.models import PoleOwned


class ReferentialVersion(models.Model):
    """A référentiel loaded by the platform administrator; v2026 ships with the code."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    # The validated YAML, kept verbatim: a campaign can always be re-read with its version.
    source = models.TextField(_("définition (YAML)"))
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version du référentiel")
        verbose_name_plural = _("versions du référentiel")
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return self.version


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    OPEN = "open", _("Ouverte aux réponses")
    CLOSED = "closed", _("Close")
    PUBLISHED = "published", _("Résultats publiés")


class Campaign(PoleOwned):
    title = models.CharField(_("titre"), max_length=200)
    referential_version = models.CharField(_("version du référentiel"), max_length=40)
    reference_date = models.DateField(_("date de référence"))
    window_months = models.PositiveSmallIntegerField(
        _("période observée (mois)"), choices=[(12, "12"), (36, "36")], default=12
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("campagne d'auto-évaluation")
        verbose_name_plural = _("campagnes d'auto-évaluation")
        ordering = ["-reference_date", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == CampaignStatus.PUBLISHED


class RespondentKind(models.TextChoices):
    MEMBER = "member", _("Représentant·e d'une structure membre")
    EMPLOYEE = "employee", _("Salarié·e du pôle")
    ELECTED = "elected", _("Élu·e")
    INHABITANT = "inhabitant", _("Habitant·e")
    OTHER = "other", _("Autre")


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Respondent(PoleOwned):
    """Someone invited to answer; with an account, or through a private link (the token)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="respondents")
    kind = models.CharField(_("qualité"), max_length=12, choices=RespondentKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessment_invitations",
    )
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.SET_NULL)
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("structure"),
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    submitted_at = models.DateTimeField(_("réponses envoyées le"), null=True, blank=True)

    class Meta:
        verbose_name = _("répondant·e")
        verbose_name_plural = _("répondant·es")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=Q(user__isnull=False),
                name="one_invitation_per_user",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Answer(PoleOwned):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    indicator = models.CharField(_("indicateur"), max_length=12)
    # None is "je ne sais pas": it is kept, and left out of the medians.
    score = models.PositiveSmallIntegerField(_("note"), null=True, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse")
        ordering = ["respondent", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["respondent", "indicator"], name="one_answer_each"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=4), name="answer_score_0_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent} — {self.indicator}"


class MeasuredResult(PoleOwned):
    """A measured indicator frozen for a campaign, so its report does not move afterwards."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="measures")
    indicator = models.CharField(_("indicateur"), max_length=12)
    referential_version = models.CharField(_("version du référentiel"), max_length=40)
    value = models.FloatField(_("valeur"), null=True, blank=True)
    unit = models.CharField(_("unité"), max_length=20, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    # What data was missing, when the indicator was not measurable.
    missing = models.CharField(_("donnée manquante"), max_length=300, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicateur mesuré")
        verbose_name_plural = _("indicateurs mesurés")
        ordering = ["campaign", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "indicator"], name="one_measure_each"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=4), name="measure_score_0_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.indicator}"

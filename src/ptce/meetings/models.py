"""Cooperative life: working groups, meetings, attendance, decisions and their actions.

All pole-owned and scoped like the registry (see `ptce.registry.models.PoleOwned`).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ptce.registry.models import PoleOwned


class WorkingGroup(PoleOwned):
    theme = models.CharField(_("thème"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_working_groups",
        verbose_name=_("animateur·rice"),
    )
    members = models.ManyToManyField(
        "registry.Person", blank=True, related_name="working_groups", verbose_name=_("membres")
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")
        ordering = ["theme"]
        constraints = [
            models.UniqueConstraint(fields=["pole", "theme"], name="working_group_theme_unique")
        ]

    def __str__(self) -> str:
        return self.theme


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("Plénière ou assemblée générale")
    SEMINAR = "seminar", _("Séminaire de coopération")
    STEERING_COMMITTEE = "steering_committee", _("Comité de pilotage")
    WORKING_GROUP = "working_group", _("Groupe de travail")
    CONVIVIAL = "convivial", _("Temps convivial")
    TRAINING = "training", _("Formation")


class Meeting(PoleOwned):
    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=MeetingKind.choices)
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("heure de début"), null=True, blank=True)
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    working_group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("groupe de travail"),
    )
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True)

    class Meta:
        verbose_name = _("réunion")
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["pole", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=models.F("start_time")),
                name="meeting_times_ordered",
                violation_error_message=_("L'heure de fin précède l'heure de début."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Invité·e")
    REGISTERED = "registered", _("Inscrit·e")
    PRESENT = "present", _("Présent·e")
    EXCUSED = "excused", _("Excusé·e")
    ABSENT = "absent", _("Absent·e")


class Attendance(PoleOwned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("personne"),
    )
    # The structure the person represented that day, which may differ from their usual one.
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
        verbose_name=_("structure représentée"),
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.INVITED,
    )

    class Meta:
        verbose_name = _("présence")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")
        ]
        indexes = [models.Index(fields=["pole", "status"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"


class DecisionMode(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    VOTE = "vote", _("Vote")
    DELEGATED = "delegated", _("Délégation")


class Decision(PoleOwned):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("réunion")
    )
    mode = models.CharField(_("mode de décision"), max_length=20, choices=DecisionMode.choices)
    text = models.TextField(_("décision"))

    class Meta:
        verbose_name = _("décision")
        ordering = ["-meeting__date", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("À faire")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Faite")
    DROPPED = "dropped", _("Abandonnée")


class Action(PoleOwned):
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="actions", verbose_name=_("décision")
    )
    title = models.CharField(_("action"), max_length=250)
    owner_person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("porteur·se"),
    )
    owner_organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("structure porteuse"),
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(_("réalisée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status="done"),
                name="action_completed_only_when_done",
                violation_error_message=_(
                    "Une date de réalisation suppose que l'action soit faite."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.completed_on and self.status != ActionStatus.DONE:
            raise ValidationError(
                {"completed_on": _("Une date de réalisation suppose que l'action soit faite.")}
            )


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(PoleOwned):
    """A private iCal address: the pole's meetings, or one person's. Whoever has it can read it.

    Revoking means deleting the row; a new one gets a new token.
    """

    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda partagé (iCal)")
        verbose_name_plural = _("agendas partagés (iCal)")
        constraints = [
            models.UniqueConstraint(
                fields=["pole", "person"],
                name="one_feed_per_person",
                condition=Q(person__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["pole"], name="one_pole_feed", condition=Q(person__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pole} — {self.person or _('pôle')}"

"""Forms of the shared rooms and equipment: a resource, a booking, the week to show."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from ptce.meetings.forms import FrenchTimeField
from ptce.pooling.models import SharedResource
from ptce.registry.forms import FRENCH_DATE
from ptce.registry.models import Organisation

_ISO_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


class ResourceForm(forms.ModelForm):
    class Meta:
        model = SharedResource
        fields = ["name", "kind", "capacity", "area_m2", "description", "is_bookable"]
        localized_fields = ["area_m2"]  # "12,5" as typed in French


class BookingForm(forms.Form):
    """One slot on one day. The rules (overlap, who books for whom) are the service's."""

    date = forms.DateField(label=_("Date"), widget=FRENCH_DATE)
    start = FrenchTimeField(label=_("Début"))
    end = FrenchTimeField(label=_("Fin"))
    title = forms.CharField(label=_("Objet"), max_length=200)
    organisation = SafeModelChoiceField(
        label=_("Pour la structure"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, structures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = structures
        # A member books for their own structure only: one choice, already selected.
        if len(choices := list(structures)) == 1:
            field.initial = choices[0].pk
            field.empty_label = None
        self.fields["date"].error_messages["invalid"] = _(
            "Saisissez une date au format jj/mm/aaaa."
        )
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = _("Saisissez une heure au format hh:mm.")

    def slot(self) -> tuple[dt.datetime, dt.datetime]:
        """The slot as aware datetimes in the pole's time zone (Europe/Paris)."""
        data = self.cleaned_data
        starts_at = timezone.make_aware(dt.datetime.combine(data["date"], data["start"]))
        ends_at = timezone.make_aware(dt.datetime.combine(data["date"], data["end"]))
        return starts_at, ends_at


def parse_week(semaine: str | None, date_text: str | None) -> tuple[dt.date, str]:
    """The Monday of the week asked for by `?semaine=2026-W11` or `?date=12/03/2026`.

    Returns (monday, error): an unreadable value shows the current week and says why.
    """
    today = timezone.localdate()
    error = ""
    day = today
    if semaine:
        match = _ISO_WEEK.match(semaine)
        try:
            if match is None:
                raise ValueError(semaine)
            day = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            error = str(_("Semaine « %(value)s » inconnue (format attendu : 2026-W11).")) % {
                "value": semaine
            }
    elif date_text:
        field = forms.DateField(input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"])
        try:
            day = field.clean(date_text)
        except forms.ValidationError:
            error = str(_("Date « %(value)s » illisible : saisissez-la au format jj/mm/aaaa.")) % {
                "value": date_text
            }
    return day - dt.timedelta(days=day.weekday()), error


def iso_week(monday: dt.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"

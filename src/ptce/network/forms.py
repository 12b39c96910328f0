"""Filters of the network and governance pages: a window, the sources of ties, people or not.

Every page, the JSON and the exports read the same GET parameters, so a link carries the view:
``periode`` (12 or 36 months back from today) or ``du``/``au`` (dd/mm/yyyy), ``source``
(repeated: project, pooling, working_group, meeting) and ``personnes``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ptce.network.display import SOURCE_LABELS
from ptce.network.selectors import Window, window_bounds
from ptce_analytics import network

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
PERIODS = (12, 36)
DEFAULT_MONTHS = 12


class _DateField(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "jj/mm/aaaa", "size": 10}),
        )
        super().__init__(**kwargs)


class NetworkFilters(forms.Form):
    periode = forms.TypedChoiceField(
        label=gettext_lazy("Période"),
        choices=[
            (12, gettext_lazy("12 derniers mois")),
            (36, gettext_lazy("36 derniers mois")),
        ],
        coerce=int,
        required=False,
        empty_value=None,
    )
    du = _DateField(label=gettext_lazy("ou du"))
    au = _DateField(label=gettext_lazy("au"))
    source = forms.MultipleChoiceField(
        label=gettext_lazy("Liens issus de"),
        choices=[(source, SOURCE_LABELS[source]) for source in network.SOURCES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    personnes = forms.BooleanField(
        label=gettext_lazy("Montrer les personnes venues à titre individuel"), required=False
    )
    # Set by the form itself: tells "every box unticked" from "no filter in the URL".
    filtre = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, people: bool = False, today: dt.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or dt.date.today()
        if not people:
            del self.fields["personnes"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("du"), data.get("au") or self.today
        if start and start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
        if self.data.get("filtre") and not data.get("source"):
            self.add_error("source", _("Cochez au moins une source de liens."))
        return data


@dataclass(frozen=True)
class Choice:
    window: Window
    sources: tuple[str, ...]
    people: bool


def read_filters(
    params: Any, *, people_allowed: bool, today: dt.date
) -> tuple[NetworkFilters, Choice]:
    """The bound or unbound filter form and the window, sources and people it asks for.

    A value that does not validate is reported next to its field and replaced by its default:
    the last 12 months, every source, no people.
    """
    names = {"periode", "du", "au", "source", "personnes", "filtre"}
    if not names & set(params):
        form = NetworkFilters(
            people=people_allowed,
            today=today,
            initial={"periode": DEFAULT_MONTHS, "source": list(network.SOURCES), "filtre": "1"},
        )
        values: dict[str, Any] = {}
    else:
        data = params.copy()
        if not data.get("filtre") and not data.getlist("source"):
            # A link with a date but no sources means every source: tick them all.
            data.setlist("source", list(network.SOURCES))
        form = NetworkFilters(data, people=people_allowed, today=today)
        values = form.cleaned_data if form.is_valid() else {}
        if not values:
            # Keep what did validate: one bad date must not reset the sources.
            values = {
                name: value
                for name, value in getattr(form, "cleaned_data", {}).items()
                if name not in form.errors
            }
            if "__all__" in form.errors:
                values.pop("du", None)
                values.pop("au", None)
    months = values.get("periode") or DEFAULT_MONTHS
    start, end = values.get("du"), values.get("au")
    if start or end:
        end = end or today
        window = Window(start, end) if start else window_bounds(end, months)
    else:
        window = window_bounds(today, months)
    sources = tuple(values.get("source") or network.SOURCES)
    return form, Choice(
        window=window, sources=sources, people=people_allowed and bool(values.get("personnes"))
    )


class GovernanceFilters(forms.Form):
    au = _DateField(label=gettext_lazy("Situation au"))

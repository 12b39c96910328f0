"""Forms of the employer group pages: an employee's contract, the month picker, the period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptce.core.numbers import format_decimal_fr
from ptce.pooling.employer_group import (
    decimal_places,
    parse_french_decimal,
    parse_month,
)
from ptce.pooling.models import SharedEmployee

FRENCH_DATE = forms.DateInput(attrs={"placeholder": "jj/mm/aaaa"}, format="%d/%m/%Y")
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class FrenchDecimalField(forms.CharField):
    """A positive decimal typed the French way: '151,67', '1 234,50', '22,5 €'."""

    def __init__(
        self, *, max_value: Decimal, places: int = 2, strip_euro: bool = False, **kwargs: Any
    ) -> None:
        self.max_value = max_value
        self.places = places
        self.strip_euro = strip_euro
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return format_decimal_fr(value) if isinstance(value, Decimal) else value

    def to_python(self, value: Any) -> Decimal | None:
        text = super().to_python(value)
        if not text:
            return None
        if self.strip_euro:
            text = text.removesuffix("€").removesuffix("EUR").removesuffix("eur").strip()
        try:
            number = parse_french_decimal(text)
        except ValueError:
            raise forms.ValidationError(
                _("« %(value)s » n'est pas un nombre (exemple : 1 234,50)."),
                code="invalid",
                params={"value": value},
            ) from None
        if decimal_places(number) > self.places:
            raise forms.ValidationError(
                _("Indiquez au plus %(places)s décimales."),
                code="places",
                params={"places": self.places},
            )
        if number <= 0:
            raise forms.ValidationError(_("Indiquez un nombre positif."), code="min")
        if number > self.max_value:
            raise forms.ValidationError(
                _("%(value)s dépasse le maximum (%(max)s)."),
                code="max",
                params={"value": value, "max": format_decimal_fr(self.max_value)},
            )
        return number


class SharedEmployeeForm(forms.ModelForm):
    monthly_hours = FrenchDecimalField(
        label=_("Heures mensuelles au contrat"),
        max_value=Decimal("744"),
        help_text=_("Par exemple 151,67 pour un temps plein (35 h par semaine)."),
    )
    hourly_cost = FrenchDecimalField(
        label=_("Coût complet horaire (€)"),
        max_value=Decimal("999999"),
        strip_euro=True,
        help_text=_(
            "Salaire brut et charges patronales d'une heure, par exemple 22,50. Refacturé aux "
            "membres à prix coûtant."
        ),
    )
    started_on = forms.DateField(
        label=_("Embauche"), widget=FRENCH_DATE, input_formats=DATE_FORMATS
    )
    ended_on = forms.DateField(
        label=_("Fin de contrat"),
        widget=FRENCH_DATE,
        input_formats=DATE_FORMATS,
        required=False,
        help_text=_("Laissez vide pour un CDI en cours."),
    )

    class Meta:
        model = SharedEmployee
        fields = [
            "name",
            "job_title",
            "contract",
            "monthly_hours",
            "hourly_cost",
            "started_on",
            "ended_on",
        ]
        labels = {
            "name": _("Nom et prénom"),
            "job_title": _("Poste"),
            "contract": _("Contrat"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("La fin de contrat ne peut pas précéder l'embauche."))
        return data


class MonthPickerForm(forms.Form):
    mois = forms.CharField(
        label=_("Mois"),
        help_text=_("Au format mm/aaaa, par exemple 03/2026."),
        widget=forms.TextInput(attrs={"placeholder": "mm/aaaa", "size": 8}),
    )

    def clean_mois(self) -> dt.date:
        month = parse_month(self.cleaned_data["mois"])
        if month is None:
            raise forms.ValidationError(
                _("« %(value)s » n'est pas un mois (mm/aaaa attendu)."),
                params={"value": self.cleaned_data["mois"]},
            )
        return month


class PeriodForm(forms.Form):
    du = forms.DateField(label=_("Du"), widget=FRENCH_DATE, input_formats=DATE_FORMATS)
    au = forms.DateField(label=_("Au"), widget=FRENCH_DATE, input_formats=DATE_FORMATS)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end and end < start:
            self.add_error("au", _("La fin de la période ne peut pas précéder son début."))
        return data

"""Forms of the poolings pages: the pooling itself, its participants and its costs.

Choices of structures are limited to the pole's registry: an id from another pole (a tampered
form) is not among the choices and answers with the field's error, never with the other pole's
row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from ptce.core.numbers import FrenchDecimalField
from ptce.pooling.models import Pooling, PoolingCost, PoolingKind, PoolingParticipant
from ptce.registry.forms import FRENCH_DATE
from ptce.registry.models import Organisation


def pole_organisations(pole: Any) -> Any:
    return Organisation.objects.filter(pole=pole).order_by("name_key")


class PoolingForm(forms.ModelForm):
    class Meta:
        model = Pooling
        fields = [
            "kind",
            "name",
            "description",
            "carrier",
            "unit",
            "cost_sharing",
            "started_on",
            "ended_on",
        ]
        field_classes = {"carrier": SafeModelChoiceField}
        widgets = {"started_on": FRENCH_DATE, "ended_on": FRENCH_DATE}
        help_texts = {
            "unit": _("L'unité des quantités de chaque participant : heures, m², euros…"),
            "cost_sharing": _(
                "Au prorata de l'usage : heures réservées pour les locaux et équipements, "
                "quantités des participants sinon. Selon des clés fixes : la clé de chaque "
                "participant."
            ),
        }

    def __init__(self, *args: Any, pole: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["carrier"].queryset = pole_organisations(pole)
        self.fields["carrier"].empty_label = _("— non renseignée —")
        self.fields["unit"].choices = [("", _("— non renseignée —"))] + [
            c for c in self.fields["unit"].choices if c[0]
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("La fin précède le début."))
        return data


class PoolingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Situation"),
        required=False,
        choices=[
            ("", _("Toutes")),
            ("active", _("Actives aujourd'hui")),
            ("ended", _("Terminées")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Tous"))] + list(PoolingKind.choices)
    )


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = PoolingParticipant
        fields = ["organisation", "quantity", "share_key", "joined_on", "left_on"]
        field_classes = {
            "organisation": SafeModelChoiceField,
            "quantity": FrenchDecimalField,
            "share_key": FrenchDecimalField,
        }
        widgets = {"joined_on": FRENCH_DATE, "left_on": FRENCH_DATE}
        help_texts = {
            "share_key": _(
                "Pour une répartition selon des clés fixes : n'importe quels poids positifs "
                "(par exemple 2 et 1 donnent 66,67 % et 33,33 %). Vide : non renseignée."
            ),
        }

    def __init__(self, *args: Any, pole: Any, pooling: Pooling, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pooling = pooling
        self.fields["organisation"].queryset = pole_organisations(pole)
        self.fields["organisation"].empty_label = _("— choisir une structure —")
        self.fields["quantity"].help_text = _(
            "Dans l'unité de la mutualisation (%(unit)s). Vide : non renseignée."
        ) % {"unit": pooling.get_unit_display() or _("non renseignée")}

    def clean_organisation(self) -> Organisation:
        organisation = self.cleaned_data["organisation"]
        already = PoolingParticipant.objects.filter(
            pooling=self.pooling, organisation=organisation
        ).exclude(pk=self.instance.pk)
        if already.exists():
            raise forms.ValidationError(_("Cette structure participe déjà à la mutualisation."))
        return organisation

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        joined, left = data.get("joined_on"), data.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("La sortie précède l'entrée."))
        return data


class CostForm(forms.ModelForm):
    class Meta:
        model = PoolingCost
        fields = ["label", "period_start", "period_end", "amount"]
        field_classes = {"amount": FrenchDecimalField}
        widgets = {"period_start": FRENCH_DATE, "period_end": FRENCH_DATE}
        help_texts = {"amount": _("En euros, par exemple 1 234,50.")}

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount < 0:
            raise forms.ValidationError(_("Le montant ne peut pas être négatif."))
        return amount

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("La fin de la période précède son début."))
        return data

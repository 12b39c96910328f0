from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptce.territory.models import Commune, Departement, Epci


class TerritoryChangeForm(forms.Form):
    """What to add to or remove from a pole's territory: any mix of the three pickers."""

    communes = forms.ModelMultipleChoiceField(
        label=_("Communes"), queryset=Commune.objects.all(), required=False,
    )
    epci = forms.ModelChoiceField(label=_("EPCI"), queryset=Epci.objects.all(), required=False)
    departement = forms.ModelChoiceField(
        label=_("Département"), queryset=Departement.objects.all(), required=False,
        empty_label=_("Choisir un département"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("communes") or cleaned.get("epci") or cleaned.get("departement")):
            raise forms.ValidationError(
                _("Choisissez au moins une commune, un EPCI ou un département."), code="empty"
            )
        return cleaned


class DepartementPickForm(forms.Form):
    """A whole-département picker; the page shows one to add and one to remove."""

    departement = forms.ModelChoiceField(
        label=_("Département"), queryset=Departement.objects.all(),
        empty_label=_("Choisir un département"),
    )

    def __init__(self, *args: Any, queryset: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["departement"].queryset = queryset

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ptce.imports.mapping import FIELDS, FIELDS_BY_KEY, column_name
from ptce.imports.reading import MAX_BYTES, column_letter


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier à importer (.xlsx ou .csv)"),
        help_text=gettext_lazy("5 Mo et 5 000 lignes au plus. Une ligne par structure, "
                               "la première ligne donnant le titre des colonnes."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    sheet = forms.CharField(
        label=gettext_lazy("Feuille du classeur Excel"), required=False, max_length=100,
        help_text=gettext_lazy("Laissez vide pour lire la première feuille."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier pèse plus de 5 Mo : découpez-le en plusieurs fichiers.")
            )
        return upload


class MappingForm(forms.Form):
    """One select per column of the file, pre-filled from the header synonyms."""

    default_year = forms.IntegerField(
        label=gettext_lazy("Année des chiffres (ETP, chiffre d'affaires)"), required=False,
        min_value=1900, max_value=2100,
        help_text=gettext_lazy("Utilisée quand le fichier n'a pas de colonne « Année »."),
    )

    def __init__(
        self, *args, headers: Sequence[str], examples: Sequence[Sequence[str]],
        suggested: Mapping[int, str], **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— Ignorer cette colonne —"))] + [(f.key, f.label) for f in FIELDS]
        self.columns = []
        for index in range(len(headers)):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=_("Donnée de la colonne %(letter)s « %(name)s »") % {
                    "letter": column_letter(index), "name": column_name(headers, index),
                },
                choices=choices, required=False, initial=suggested.get(index, ""),
            )
            samples = [row[index] for row in examples if index < len(row) and row[index]]
            self.columns.append({
                "letter": column_letter(index), "header": column_name(headers, index),
                "examples": samples[:3], "field": self[name],
            })
        # The year comes last in the form, after the columns.
        self.fields["default_year"] = self.fields.pop("default_year")

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, list[str]] = {}
        for column in self.columns:
            key = cleaned.get(column["field"].name)
            if key:
                chosen.setdefault(key, []).append(column["header"])
        for key, headers in chosen.items():
            if len(headers) > 1:
                raise forms.ValidationError(
                    _("« %(field)s » est choisi pour plusieurs colonnes (%(columns)s) : "
                      "gardez-en une seule.")
                    % {"field": FIELDS_BY_KEY[key].label, "columns": ", ".join(headers)}
                )
        if "name" not in chosen:
            raise forms.ValidationError(
                _("Indiquez la colonne qui contient le nom de la structure.")
            )
        return cleaned

    def mapping(self) -> dict[int, str]:
        return {
            index: key for index in range(len(self.columns))
            if (key := self.cleaned_data.get(f"col_{index}"))
        }

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from ptce.registry.identifiers import normalise_rna, normalise_siren, normalise_siret
from ptce.registry.models import (
    ActorFamily,
    College,
    Membership,
    Organisation,
    OrganisationYear,
    Person,
)
from ptce.territory.models import Commune
from ptce_analytics.actors import legal_categories


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("site web"), required=False, assume_scheme="https")
    # Typed forms carry spaces ("732 829 320 00074"): the stored length is checked after cleaning.
    siret = forms.CharField(
        label=_("SIRET"),
        required=False,
        max_length=40,
        help_text=_("14 chiffres ; les espaces sont acceptés."),
    )
    siren = forms.CharField(label=_("SIREN"), required=False, max_length=40)
    rna = forms.CharField(
        label=_("numéro RNA"),
        required=False,
        max_length=40,
        help_text=_("Pour une association sans SIRET : W suivi de 9 chiffres."),
    )
    commune_code = forms.CharField(
        label=_("Commune (code INSEE)"),
        required=False,
        max_length=5,
        help_text=_("Code INSEE à 5 chiffres, par exemple 31446 pour Ramonville-Saint-Agne."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "siret",
            "siren",
            "rna",
            "legal_category",
            "naf_code",
            "website",
            "email",
            "description",
            "family_override",
            "ess_override",
            "override_reason",
        ]
        help_texts = {
            "legal_category": _(
                "Code à 4 chiffres, par exemple 9220 pour une association déclarée."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.commune_id:
            self.fields["commune_code"].initial = self.instance.commune_id
        self.fields["ess_override"] = forms.NullBooleanField(
            label=_("ESS (corrigé)"),
            required=False,
            widget=forms.Select(
                choices=[
                    ("unknown", _("— selon la catégorie —")),
                    ("true", _("Oui")),
                    ("false", _("Non")),
                ]
            ),
        )

    def clean_siret(self) -> str:
        return normalise_siret(self.cleaned_data["siret"])

    def clean_siren(self) -> str:
        return normalise_siren(self.cleaned_data["siren"])

    def clean_rna(self) -> str:
        return normalise_rna(self.cleaned_data["rna"])

    def clean_legal_category(self) -> str:
        code = self.cleaned_data["legal_category"].strip()
        if code and code not in legal_categories():
            raise forms.ValidationError(
                _("Catégorie juridique « %(code)s » inconnue de la nomenclature INSEE."),
                params={"code": code},
            )
        return code

    def clean_naf_code(self) -> str:
        return self.cleaned_data["naf_code"].replace(".", "").replace(" ", "").upper()

    def clean_commune_code(self) -> Commune | None:
        code = self.cleaned_data["commune_code"].strip()
        if not code:
            return None
        commune = Commune.objects.filter(pk=code).first()
        if commune is None:
            raise forms.ValidationError(
                _("Aucune commune ne porte le code INSEE « %(code)s »."), params={"code": code}
            )
        return commune

    def save(self, commit: bool = True) -> Organisation:  # noqa: FBT001, FBT002
        self.instance.commune = self.cleaned_data.get("commune_code")
        return super().save(commit=commit)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "kind",
            "organisation",
            "gender",
            "email",
            "phone",
            "consent_directory",
            "consent_contact",
            "consent_research",
            "consent_recorded_on",
        ]
        field_classes = {"organisation": SafeModelChoiceField}
        widgets = {
            "consent_recorded_on": forms.DateInput(
                attrs={"placeholder": "jj/mm/aaaa"}, format="%d/%m/%Y"
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The scoped manager limits the choice to the current pole's structures.
        self.fields["organisation"].queryset = Organisation.objects.all()


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False)
    family = forms.ChoiceField(
        label=_("Famille d'acteurs"),
        required=False,
        choices=[("", _("Toutes"))] + list(ActorFamily.choices),
    )
    ess = forms.ChoiceField(
        label=_("ESS"),
        required=False,
        choices=[
            ("", _("Toutes")),
            ("yes", _("ESS")),
            ("no", _("Hors ESS")),
            ("unknown", _("Statut inconnu")),
        ],
    )
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    college = forms.TypedChoiceField(
        label=_("Collège"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, communes, colleges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("Toutes"))] + [
            (c.code, f"{c.name} ({c.departement_id})") for c in communes
        ]
        self.fields["college"].choices = [("", _("Tous"))] + [(c.pk, c.name) for c in colleges]


FRENCH_DATE = forms.DateInput(attrs={"placeholder": "jj/mm/aaaa"}, format="%d/%m/%Y")


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "college", "start_date", "end_date", "dues_eur", "charter_signed_on"]
        localized_fields = ["dues_eur"]  # "50,00" as typed in French
        field_classes = {"college": SafeModelChoiceField}
        widgets = {
            "start_date": FRENCH_DATE,
            "end_date": FRENCH_DATE,
            "charter_signed_on": FRENCH_DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = College.objects.all()


class OrganisationYearForm(forms.ModelForm):
    class Meta:
        model = OrganisationYear
        fields = ["year", "fte", "turnover_eur"]
        localized_fields = ["fte", "turnover_eur"]
        help_texts = {"fte": _("Laissez vide si inconnu : une case vide n'est pas un zéro.")}

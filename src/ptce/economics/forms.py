"""Forms of the economic model. Amounts are typed as in French spreadsheets ("1 234,50 €"),
dates as dd/mm/yyyy; every error message names its field, so that the summary at the top of
the form reads on its own (« Montant (€) » : …)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes.forms import SafeModelChoiceField

from ptce.economics import services
from ptce.economics.models import (
    FundingLine,
    InKindContribution,
    VolunteerTime,
)
from ptce.imports.values import CellError, parse_decimal
from ptce.projects.models import Project
from ptce.registry.forms import FRENCH_DATE
from ptce.registry.models import Organisation, Person

FIRST_YEAR, LAST_YEAR = 1990, 2100


def _label(field: forms.Field) -> str:
    return f"« {capfirst(field.label)} »"


class NamedErrorsMixin:
    """Prefix every built-in error message of the form's fields with the field's label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            label = _label(field)
            field.error_messages = {
                key: f"{label} : {str(message)[:1].lower()}{str(message)[1:]}"
                for key, message in field.error_messages.items()
            }


class AmountField(forms.DecimalField):
    """A number typed the French way: "1 234,50", "1234.5", "1 234,50 €"; 0 or more."""

    def __init__(self, *, positive: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 12}))
        self.positive = positive
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_decimal(str(value).strip(), max_digits=self.max_digits or 14)
        except CellError as exc:
            raise forms.ValidationError(f"{_label(self)} : {exc.message}", code="invalid") from exc
        if number < 0 or (self.positive and number == 0):
            message = (
                _("%(field)s : indiquez un nombre supérieur à 0.")
                if self.positive
                else _("%(field)s : indiquez un nombre positif ou nul.")
            )
            raise forms.ValidationError(message % {"field": _label(self)}, code="min_value")
        return number

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)

    def run_validators(self, value: Any) -> None:
        # parse_decimal already rounded to the cent and bounded the size.
        return

    def prepare_value(self, value: Any) -> Any:
        # Shown back with a decimal comma, as it is typed.
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


class YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Exercice"))
        kwargs.setdefault("widget", forms.NumberInput(attrs={"size": 5}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int | None:
        year = super().clean(value)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(
                _("%(field)s : « %(value)s » n'est pas une année valide (aaaa attendu).")
                % {"field": _label(self), "value": year},
                code="invalid",
            )
        return year


class FrenchDateField(forms.DateField):
    widget = FRENCH_DATE

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"])
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def _organisations() -> Any:
    # The scoped manager limits every choice to the current pole.
    return Organisation.objects.order_by("name_key")


class FundingLineForm(NamedErrorsMixin, forms.ModelForm):
    year = YearField()
    amount = AmountField(label=gettext_lazy("Montant (€)"))
    agreement_start = FrenchDateField(label=gettext_lazy("Convention : début"))
    agreement_end = FrenchDateField(label=gettext_lazy("Convention : fin"))

    class Meta:
        model = FundingLine
        fields = [
            "year",
            "source_kind",
            "section",
            "label",
            "funder",
            "funder_name",
            "amount",
            "agreement_start",
            "agreement_end",
            "project",
        ]
        field_classes = {"funder": SafeModelChoiceField, "project": SafeModelChoiceField}
        help_texts = {
            "funder": gettext_lazy("Une structure de l'annuaire du pôle (un membre, l'EPCI…)."),
            "funder_name": gettext_lazy(
                "Sinon, son nom : « Région Occitanie », « FSE+ », « Fondation de France »…"
            ),
            "section": gettext_lazy(
                "L'investissement (achats durables) est suivi à part du budget de "
                "fonctionnement, comme les emprunts."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = _organisations()
        self.fields["project"].queryset = Project.objects.order_by("name")
        self.fields["agreement_end"].help_text = _(
            "Pour une convention pluriannuelle : elle compte dans la part d'argent public "
            "sécurisé sur plusieurs années, et les projections la font s'arrêter à cette date."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        errors = services.funding_line_errors(
            source_kind=data.get("source_kind"),
            funder=data.get("funder"),
            funder_name=data.get("funder_name") or "",
            agreement_start=data.get("agreement_start"),
            agreement_end=data.get("agreement_end"),
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def _post_clean(self) -> None:
        # The checks above say what is wrong in the user's words; the model's own constraint
        # checks would repeat them in database terms.
        if self.errors:
            return
        super()._post_clean()


class VolunteerTimeForm(NamedErrorsMixin, forms.ModelForm):
    year = YearField()
    hours = AmountField(
        label=gettext_lazy("Heures"),
        positive=True,
        max_digits=9,
        help_text=gettext_lazy("Par exemple 12,5 pour douze heures trente."),
    )

    class Meta:
        model = VolunteerTime
        fields = ["year", "activity", "hours", "person", "organisation", "note"]
        field_classes = {"person": SafeModelChoiceField, "organisation": SafeModelChoiceField}
        help_texts = {
            "person": gettext_lazy(
                "Facultatif : les heures peuvent être comptées par personne, par structure ou "
                "pour l'ensemble des bénévoles."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.order_by("last_name", "first_name")
        self.fields["organisation"].queryset = _organisations()


class VolunteerRateForm(NamedErrorsMixin, forms.Form):
    year = YearField()
    hourly_rate = AmountField(
        label=gettext_lazy("Taux horaire chargé (€)"), positive=True, max_digits=7
    )
    basis = forms.CharField(
        label=gettext_lazy("Base du taux"),
        max_length=300,
        help_text=gettext_lazy(
            "Comment ce taux a été choisi : il doit figurer dans l'annexe des comptes."
        ),
    )


class InKindForm(NamedErrorsMixin, forms.ModelForm):
    year = YearField()
    value = AmountField(
        label=gettext_lazy("Valeur (€)"),
        help_text=gettext_lazy("Au prix du marché : ce qu'il aurait fallu payer."),
    )

    class Meta:
        model = InKindContribution
        fields = ["year", "kind", "description", "provider", "provider_name", "value"]
        field_classes = {"provider": SafeModelChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _organisations()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("provider") and (data.get("provider_name") or "").strip():
            self.add_error(
                "provider_name",
                _(
                    "Apporté par : choisissez une structure de l'annuaire ou écrivez un nom, "
                    "pas les deux."
                ),
            )
        return data


# --- filters and scenarios (GET) -----------------------------------------------------------------


class YearFilterForm(forms.Form):
    annee = forms.TypedChoiceField(label=gettext_lazy("Exercice"), coerce=int, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(year, str(year)) for year in sorted(years, reverse=True)]


GRANT_ENDS, PUBLIC_CUT, MEMBER_LEAVES = "grant-ends", "public", "member-leaves"


class StressForm(NamedErrorsMixin, forms.Form):
    """A stress scenario on the base year's lines; its text form is `parse_stress`'s."""

    scenario = forms.ChoiceField(label=gettext_lazy("Scénario"), required=False)
    ligne = forms.TypedChoiceField(
        label=gettext_lazy("Subvention qui s'arrête"), coerce=int, required=False
    )
    baisse = forms.IntegerField(
        label=gettext_lazy("Baisse de l'argent public (%)"),
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"size": 4}),
    )
    structure = forms.ChoiceField(label=gettext_lazy("Structure qui part"), required=False)

    def __init__(
        self,
        *args: Any,
        grant_lines: list[tuple[int, str]],
        leaving: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].choices = [
            ("", _("— choisir un scénario —")),
            (GRANT_ENDS, _("Une subvention s'arrête")),
            (PUBLIC_CUT, _("L'argent public baisse de … %")),
            (MEMBER_LEAVES, _("Une structure financeuse quitte le pôle")),
        ]
        self.fields["ligne"].choices = [("", "—"), *grant_lines]
        self.fields["structure"].choices = [("", "—"), *leaving]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        scenario = data.get("scenario")
        needed = {
            GRANT_ENDS: ("ligne", _("Choisissez la subvention qui s'arrête.")),
            PUBLIC_CUT: ("baisse", _("Indiquez la baisse, entre 1 et 100 %.")),
            MEMBER_LEAVES: ("structure", _("Choisissez la structure qui quitte le pôle.")),
        }
        if scenario in needed:
            field, message = needed[scenario]
            if data.get(field) in (None, "") and field not in self.errors:
                self.add_error(field, f"{_label(self.fields[field])} : {message}")
        return data

    def spec(self) -> str | None:
        """The scenario as `parse_stress` reads it, None without a scenario."""
        data = self.cleaned_data
        scenario = data.get("scenario")
        if scenario == GRANT_ENDS:
            return f"{GRANT_ENDS}:{data['ligne']}"
        if scenario == PUBLIC_CUT:
            return f"{PUBLIC_CUT}:-{data['baisse']}"
        if scenario == MEMBER_LEAVES:
            return f"{MEMBER_LEAVES}:{data['structure']}"
        return None

"""Forms of the self-assessment campaigns: the campaign, the invitations, and the answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from ptce.evaluation import services
from ptce.evaluation.models import Campaign, RespondentKind
from ptce.registry.forms import FRENCH_DATE
from ptce.registry.models import Person
from ptce.registry.selectors import member_organisations
from ptce_analytics.referential import GeneralObjective, Indicator, MainObjective, Referential


class CampaignForm(forms.ModelForm):
    referential_version = forms.ChoiceField(label=_("Version du référentiel"))

    class Meta:
        model = Campaign
        fields = ["title", "reference_date", "window_months", "referential_version"]
        labels = {
            "title": _("Titre"),
            "reference_date": _("Date de référence"),
            "window_months": _("Période observée"),
        }
        help_texts = {
            "reference_date": _(
                "Les indicateurs mesurés sont calculés à cette date (jj/mm/aaaa)."
            ),
            "window_months": _("« Les 12 (ou 36) derniers mois » se comptent depuis cette date."),
        }
        widgets = {"reference_date": FRENCH_DATE, "window_months": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versions = services.available_versions()
        self.fields["referential_version"].choices = [
            (version, f"{version} — {title}") for version, title in versions
        ]
        self.fields["window_months"].choices = [
            (12, _("12 derniers mois")),
            (36, _("36 derniers mois")),
        ]
        if self.instance.pk is None:
            self.initial["reference_date"] = (
                self.initial.get("reference_date") or timezone.localdate()
            )
            self.initial["referential_version"] = (
                self.initial.get("referential_version") or versions[0][0]
            )


def representatives(campaign: Campaign) -> Any:
    """People of the registry who represent a member structure, not yet invited."""
    return (
        Person.objects.filter(organisation__in=member_organisations(on=campaign.reference_date))
        .exclude(pk__in=campaign.respondents.exclude(person=None).values("person_id"))
        .select_related("organisation")
        .order_by("organisation__name_key", "last_name", "first_name")
    )


class RepresentativeChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj} — {obj.organisation}" if obj.organisation_id else str(obj)


class RespondentPersonForm(forms.Form):
    person = RepresentativeChoiceField(
        label=_("Représentant·e d'une structure membre"),
        queryset=Person.objects.none(),
        empty_label=_("— choisir dans l'annuaire —"),
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = representatives(campaign)


# Who can be invited by name: members come from the registry, with their structure.
FREE_KINDS = [
    (kind.value, kind.label)
    for kind in (
        RespondentKind.ELECTED,
        RespondentKind.INHABITANT,
        RespondentKind.EMPLOYEE,
        RespondentKind.OTHER,
    )
]


class RespondentFreeForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=200)
    kind = forms.ChoiceField(label=_("Qualité"), choices=FREE_KINDS)


# --- answers --------------------------------------------------------------------------------------


def field_key(code: str) -> str:
    """A form-safe name for an indicator code: "B2.3" → "B2_3"."""
    return code.replace(".", "_")


@dataclass
class IndicatorFields:
    indicator: Indicator
    label: str
    definition: str
    score: forms.BoundField
    comment: forms.BoundField


@dataclass
class MainGroup:
    objective: MainObjective
    label: str
    items: list[IndicatorFields]


@dataclass
class GeneralGroup:
    objective: GeneralObjective
    label: str
    mains: list[MainGroup]


class AnswerForm(forms.Form):
    """Every indicator of the référentiel: a score 0–4 or « je ne sais pas », and a comment.

    `submit` says which button was pressed: sending requires a choice for every indicator,
    a draft does not. Errors name the indicator.
    """

    def __init__(
        self,
        *args: Any,
        referential: Referential,
        language: str = "fr",
        submit: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.referential = referential
        self.language = language
        self.submit = submit
        scale = [
            (str(score), f"{score} · {label.get(language)}")
            for score, label in enumerate(referential.scale)
        ]
        choices = [*scale, (services.DONT_KNOW, _("je ne sais pas"))]
        for indicator in referential.indicators:
            key = field_key(indicator.code)
            name = f"{indicator.code} {indicator.label.get(language)}"
            self.fields[f"score_{key}"] = forms.ChoiceField(
                label=name,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _(
                        "%(name)s : choisissez une note de 0 à 4 ou « je ne sais pas »"
                    )
                    % {"name": name}
                },
            )
            self.fields[f"comment_{key}"] = forms.CharField(
                label=_("Commentaire (facultatif)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
            )

    @classmethod
    def initial_from(cls, answers: Any) -> dict[str, str]:
        """Initial values from stored Answer rows."""
        initial: dict[str, str] = {}
        for answer in answers:
            key = field_key(answer.indicator)
            initial[f"score_{key}"] = (
                services.DONT_KNOW if answer.score is None else str(answer.score)
            )
            initial[f"comment_{key}"] = answer.comment
        return initial

    def groups(self) -> list[GeneralGroup]:
        """The fields in the référentiel's order, grouped by general and main objective."""
        lang = self.language
        out = []
        for general in self.referential.general_objectives:
            mains = []
            for main in general.main_objectives:
                items = []
                for indicator in main.indicators:
                    key = field_key(indicator.code)
                    items.append(
                        IndicatorFields(
                            indicator=indicator,
                            label=indicator.label.get(lang),
                            definition=indicator.definition.get(lang),
                            score=self[f"score_{key}"],
                            comment=self[f"comment_{key}"],
                        )
                    )
                mains.append(MainGroup(main, main.label.get(lang), items))
            out.append(GeneralGroup(general, general.label.get(lang), mains))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for indicator in self.referential.indicators:
            key = field_key(indicator.code)
            chosen = bool(data.get(f"score_{key}"))
            if chosen:
                continue
            if self.submit:
                self.add_error(
                    f"score_{key}", services.missing_choice_message(indicator, self.language)
                )
            elif (data.get(f"comment_{key}") or "").strip():
                self.add_error(
                    f"score_{key}",
                    _("%(code)s %(label)s : choisissez une note ou « je ne sais pas » "
                      "pour garder votre commentaire")
                    % {"code": indicator.code, "label": indicator.label.get(self.language)},
                )
        return data

    def choices(self) -> dict[str, services.Choice]:
        """The answers typed, by indicator code; indicators without a choice are left out."""
        out = {}
        for indicator in self.referential.indicators:
            key = field_key(indicator.code)
            chosen, score = services.parse_choice(self.cleaned_data.get(f"score_{key}"))
            if chosen:
                out[indicator.code] = services.Choice(
                    score=score, comment=self.cleaned_data.get(f"comment_{key}", "")
                )
        return out

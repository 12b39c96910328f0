"""Forms of the cooperative projects: one form for the project and its partners, and the
portfolio's filters (plain GET, so they work without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from ptce.core.numbers import FrenchDecimalField
from ptce.meetings.models import WorkingGroup
from ptce.pooling.forms import pole_organisations
from ptce.projects.models import Innovation, PartnerRole, Project, ProjectStatus, StudyKind
from ptce.registry.forms import FRENCH_DATE
from ptce.registry.models import Organisation

GOALS = [
    ("economic", _("Économique")),
    ("social", _("Sociale")),
    ("environmental", _("Environnementale")),
]
UNKNOWN = "unknown"


class ProjectForm(forms.ModelForm):
    lead = SafeModelChoiceField(
        label=_("Chef de file"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— non renseigné —"),
    )
    partners = SafeModelMultipleChoiceField(
        label=_("Partenaires"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Toute structure de l'annuaire du pôle, membre ou non. Le chef de file n'a pas "
            "besoin d'être coché ici."
        ),
    )
    goals = forms.MultipleChoiceField(
        label=_("Finalités"),
        choices=GOALS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = [
        "name",
        "description",
        "status",
        "started_on",
        "ended_on",
        "lead",
        "partners",
        "goals",
        "innovation",
        "study_kind",
        "budget_eur",
        "jobs_created_fte",
        "jobs_consolidated_fte",
        "new_activities",
        "new_enterprises",
        "working_group",
    ]

    class Meta:
        model = Project
        fields = [
            "name",
            "description",
            "status",
            "started_on",
            "ended_on",
            "budget_eur",
            "jobs_created_fte",
            "jobs_consolidated_fte",
            "innovation",
            "study_kind",
            "new_activities",
            "new_enterprises",
            "working_group",
        ]
        field_classes = {
            "working_group": SafeModelChoiceField,
            "budget_eur": FrenchDecimalField,
            "jobs_created_fte": FrenchDecimalField,
            "jobs_consolidated_fte": FrenchDecimalField,
        }
        widgets = {"started_on": FRENCH_DATE, "ended_on": FRENCH_DATE}
        help_texts = {
            "budget_eur": _("En euros, par exemple 120 000 ou 1 234,50. Vide : non renseigné."),
            "jobs_created_fte": _("En équivalents temps plein, par exemple 1,5. Vide : inconnu."),
            "jobs_consolidated_fte": _("Vide : inconnu (0 veut dire aucun)."),
            "new_activities": _("Vide : inconnu (0 veut dire aucune)."),
            "new_enterprises": _("Vide : inconnu (0 veut dire aucune)."),
        }

    def __init__(self, *args: Any, pole: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = pole_organisations(pole)
        self.fields["lead"].queryset = organisations
        self.fields["partners"].queryset = organisations
        self.fields["working_group"].queryset = WorkingGroup.objects.filter(pole=pole).order_by(
            "theme"
        )
        self.fields["working_group"].empty_label = _("— aucun —")
        self.fields["innovation"].choices = [("", _("— non renseignée —"))] + list(
            Innovation.choices
        )
        if self.instance.pk:
            partners = list(self.instance.partners.all())
            lead = next((p for p in partners if p.role == PartnerRole.LEAD), None)
            self.initial.setdefault("lead", lead.organisation_id if lead else None)
            self.initial.setdefault(
                "partners", [p.organisation_id for p in partners if p.role != PartnerRole.LEAD]
            )
        self.initial.setdefault("goals", self.instance.goals)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("La fin précède le début."))
        return data

    def save(self, commit: bool = True) -> Project:  # noqa: FBT001, FBT002
        goals = set(self.cleaned_data.get("goals") or ())
        for name, _label in GOALS:
            setattr(self.instance, f"goal_{name}", name in goals)
        return super().save(commit=commit)


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous"))] + list(ProjectStatus.choices)
    )
    innovation = forms.ChoiceField(
        label=_("Innovation"),
        required=False,
        choices=[("", _("Toutes"))] + list(Innovation.choices) + [(UNKNOWN, _("Non renseignée"))],
    )
    goal = forms.ChoiceField(
        label=_("Finalité"), required=False, choices=[("", _("Toutes"))] + GOALS
    )
    study_kind = forms.ChoiceField(
        label=_("Recherche ou étude"),
        required=False,
        choices=[("", _("Toutes"))] + list(StudyKind.choices),
    )
    structure = forms.TypedChoiceField(
        label=_("Structure impliquée"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(
        label=_("En cours en"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, structures: Any = (), years: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["structure"].choices = [("", _("Toutes"))] + [
            (pk, name) for pk, name in structures
        ]
        self.fields["year"].choices = [("", _("Toutes"))] + [(y, str(y)) for y in years]

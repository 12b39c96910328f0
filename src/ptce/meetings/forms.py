from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from ptce.meetings.models import (
    Action,
    ActionStatus,
    AttendanceStatus,
    Decision,
    Meeting,
    MeetingKind,
    WorkingGroup,
)
from ptce.registry.forms import FRENCH_DATE
from ptce.registry.models import Organisation, Person

# "14h30" and "14h" are how times are written in French; "14:30" works too.
_FRENCH_TIME = re.compile(r"^\s*(\d{1,2})\s*[hH:]\s*(\d{2})?\s*$")


class FrenchTimeField(forms.TimeField):
    widget = forms.TimeInput(attrs={"placeholder": "hh:mm"}, format="%H:%M")

    def to_python(self, value: Any) -> dt.time | None:
        if isinstance(value, str) and (match := _FRENCH_TIME.match(value)):
            hours, minutes = int(match[1]), int(match[2] or 0)
            if hours < 24 and minutes < 60:
                return dt.time(hours, minutes)
        return super().to_python(value)


def _people() -> Any:
    # The scoped manager limits every choice to the current pole.
    return Person.objects.select_related("organisation").order_by("last_name", "first_name")


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["theme", "description", "lead", "members", "is_active"]
        field_classes = {"lead": SafeModelChoiceField, "members": SafeModelMultipleChoiceField}
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _people()
        self.fields["members"].queryset = _people()


class MeetingForm(forms.ModelForm):
    start_time = FrenchTimeField(label=_("heure de début"), required=False)
    end_time = FrenchTimeField(label=_("heure de fin"), required=False)

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "date",
            "start_time",
            "end_time",
            "place",
            "working_group",
            "agenda",
            "minutes",
        ]
        field_classes = {"working_group": SafeModelChoiceField}
        widgets = {"date": FRENCH_DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = WorkingGroup.objects.all()


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de réunion"),
        required=False,
        choices=[("", _("Tous"))] + list(MeetingKind.choices),
    )
    working_group = forms.TypedChoiceField(
        label=_("Groupe de travail"), required=False, coerce=int, empty_value=None
    )
    date_from = forms.DateField(label=_("Du"), required=False, widget=FRENCH_DATE)
    date_to = forms.DateField(label=_("Au"), required=False, widget=FRENCH_DATE)

    def __init__(self, *args: Any, working_groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["working_group"].choices = [("", _("Tous"))] + [
            (g.pk, g.theme) for g in working_groups
        ]


class InviteForm(forms.Form):
    member_structures = forms.BooleanField(
        label=_("Toutes les personnes des structures membres"), required=False
    )
    working_group = SafeModelChoiceField(
        label=_("Les membres d'un groupe de travail"),
        queryset=WorkingGroup.objects.none(),
        required=False,
    )
    person = SafeModelChoiceField(
        label=_("Une personne de l'annuaire"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = WorkingGroup.objects.all()
        self.fields["person"].queryset = people if people is not None else _people()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("member_structures") or data.get("working_group") or data.get("person")):
            raise forms.ValidationError(_("Choisissez qui inviter."))
        return data


class WalkInForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    organisation = SafeModelChoiceField(
        label=_("Structure"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— sans structure —"),
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.all()
        )


class AttendanceStatusForm(forms.Form):
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class RsvpForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (AttendanceStatus.REGISTERED, AttendanceStatus.REGISTERED.label),
            (AttendanceStatus.EXCUSED, AttendanceStatus.EXCUSED.label),
        ]
    )


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["mode", "text"]


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "title",
            "owner_person",
            "owner_organisation",
            "due_date",
            "status",
            "completed_on",
        ]
        field_classes = {
            "owner_person": SafeModelChoiceField,
            "owner_organisation": SafeModelChoiceField,
        }
        widgets = {"due_date": FRENCH_DATE, "completed_on": FRENCH_DATE}
        help_texts = {
            "completed_on": _("Laissez vide : une action faite prend la date du jour."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].queryset = _people()
        self.fields["owner_organisation"].queryset = Organisation.objects.all()

    def _post_clean(self) -> None:
        # The service fills or clears the completion day from the status; the model's own
        # check would otherwise refuse a form that reopens a done action.
        if self.cleaned_data.get("status") != ActionStatus.DONE:
            self.cleaned_data["completed_on"] = None
        super()._post_clean()


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut"), choices=ActionStatus.choices)
    completed_on = forms.DateField(label=_("Réalisée le"), required=False, widget=FRENCH_DATE)


class CalendarRegenerateForm(forms.Form):
    feed = forms.ChoiceField(choices=[("pole", "pole"), ("personal", "personal")])

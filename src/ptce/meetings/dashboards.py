"""Dashboards of the cooperative life: mobilisation, execution of decisions, what needs attention.

Every figure comes from `ptce_analytics` (`mobilisation`, `execution`) applied to the frames of
`ptce.meetings.selectors`: nothing is counted here, the views only choose, label and format.
A figure that cannot be measured is shown as "non mesurable" with the reason, never as 0.

The mobilisation and execution dashboards are open to every role, funders and observers
included: they show aggregates and structures, never a person's name. The attention list,
for coordinators and members, names the people who carry late actions.

The number of queries does not depend on the size of the pole: each selector is one query.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ptce.core import charts
from ptce.meetings import selectors
from ptce.meetings.models import MeetingKind
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability
from ptce.registry.models import PersonKind
from ptce_analytics import execution as ex
from ptce_analytics import mobilisation as mob

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MAX_K = 20
# Beyond this many meetings, one bar per meeting is unreadable: the chart draws lines instead.
MAX_BARS = 40
# Per-meeting lines are not drawn across a pause this long: nothing was measured in between.
LONG_PAUSE = dt.timedelta(days=183)
# Lists of the attention page stop here; the page says how many more there are.
LIST_LIMIT = 100


# --- formatting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A value ready for the page: its text, or None and the reason it is not measurable."""

    text: str | None
    reason: str = ""


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _number(value: float, digits: int) -> str:
    # number_format follows the active language ("2,0" in French, "2.0" in English) but cuts
    # extra decimals off instead of rounding them: round first, so that 2/3 shows as 67 %.
    return number_format(round(value, digits), decimal_pos=digits, use_l10n=True)


def _decimal(value: Any, digits: int = 1, *, reason: str = "") -> Shown:
    if _missing(value):
        return Shown(None, reason)
    return Shown(_number(float(value), digits))


def _integer(value: Any, *, reason: str = "") -> Shown:
    if _missing(value):
        return Shown(None, reason)
    return Shown(number_format(int(value), use_l10n=True, force_grouping=True))


def _percent(rate: Any, *, reason: str = "") -> Shown:
    if _missing(rate):
        return Shown(None, reason)
    return Shown(f"{_number(float(rate) * 100, 0)}\u00a0%")


def _days(value: Any, *, reason: str = "") -> Shown:
    if _missing(value):
        return Shown(None, reason)
    days = _number(abs(float(value)), 1)
    if value < 0:
        return Shown(_("%(days)s jours d'avance") % {"days": days})
    if value == 0:
        return Shown(_("à l'échéance"))
    return Shown(_("%(days)s jours de retard") % {"days": days})


def _day(value: Any) -> Shown:
    if _missing(value):
        return Shown(None)
    return Shown(date_format(pd.Timestamp(value).date(), "SHORT_DATE_FORMAT"))


@dataclass(frozen=True)
class Indicator:
    """A headline figure: a card on the page."""

    key: str  # the summary field it shows, as in the analytics' DEFINITIONS
    label: str
    value: Shown
    help: str = ""


def _kind_label(kind: str) -> str:
    try:
        return str(MeetingKind(kind).label)
    except ValueError:
        return kind


def _meeting_url(pole_slug: str, meeting_id: Any) -> str | None:
    """The meeting's page, or None: a link is a convenience, its absence must not break a page."""
    if _missing(meeting_id):
        return None
    try:
        return reverse("meeting-detail", args=[pole_slug, int(meeting_id)])
    except NoReverseMatch:
        return None


# --- filters ------------------------------------------------------------------------------------


class _DateField(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "jj/mm/aaaa", "size": 10}),
        )
        super().__init__(**kwargs)


def _k_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=gettext_lazy("Réunions manquées d'affilée"),
        required=False,
        min_value=1,
        max_value=MAX_K,
        widget=forms.NumberInput(attrs={"size": 3}),
    )


class MobilisationFilters(forms.Form):
    debut = _DateField(label=gettext_lazy("Du"))
    fin = _DateField(label=gettext_lazy("Au"))
    k = _k_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("debut"), data.get("fin")
        if start and end and start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
        return data


class ExecutionFilters(forms.Form):
    au = _DateField(label=gettext_lazy("Situation au"))


class AttentionFilters(forms.Form):
    k = _k_field()


def _filters(
    form_class: type[forms.Form], request: PoleRequest, *, initial: dict[str, Any]
) -> tuple[forms.Form, dict[str, Any]]:
    """The filter form and its values; an invalid or absent filter falls back to the defaults.

    Without any filter in the URL the form is unbound and shows the defaults in use.
    """
    if not any(name in request.GET for name in form_class.base_fields):
        return form_class(initial=initial), {}
    form = form_class(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    return form, values


# --- mobilisation -------------------------------------------------------------------------------


def _seminar_ratio_reason(seminars: int, first_participants: int | None) -> str:
    if seminars == 0:
        return _("aucun séminaire sur la période")
    if seminars < 3:
        return ngettext(
            "un seul séminaire sur la période",
            "%(n)s séminaires sur la période, il en faut trois",
            seminars,
        ) % {"n": seminars}
    if not first_participants:
        return _("personne au premier séminaire")
    return ""


def _quarter_label(period: str) -> str:
    # "2013Q1" → "T1 2013", the usual French way to write a quarter.
    year, quarter = period.split("Q")
    return _("T%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


def _retention_reason(index: int, previous_meetings: int) -> str:
    if index == 0:
        return _("premier trimestre de la période")
    if previous_meetings == 0:
        return _("aucune réunion le trimestre précédent")
    return _("aucune structure le trimestre précédent")


def _retention_rows(retention: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per quarter with meetings; a run of quarters without any is one row.

    A pole may pause for years: forty rows saying "no meeting" would hide the quarters that
    say something.
    """
    rows: list[dict[str, Any]] = []
    records = retention.to_dict("records")
    quiet: list[str] = []
    for index, record in enumerate(records):
        if record["meetings"] == 0:
            quiet.append(record["period"])
            continue
        if quiet:
            rows.append(_quiet_row(quiet))
            quiet = []
        previous = records[index - 1]["meetings"] if index else 0
        reason = _retention_reason(index, previous)
        rows.append(
            {
                "period": _quarter_label(record["period"]),
                "meetings": record["meetings"],
                "structures": record["structures"],
                "retained": _integer(record["retained"], reason=reason),
                "rate": _percent(record["retention_rate"], reason=reason),
            }
        )
    if quiet:
        rows.append(_quiet_row(quiet))
    return rows


def _quiet_row(periods: list[str]) -> dict[str, Any]:
    first, last = _quarter_label(periods[0]), _quarter_label(periods[-1])
    label = first if first == last else _("%(first)s à %(last)s") % {"first": first, "last": last}
    return {"period": label, "quiet": True}


def _at_risk_rows(at_risk: pd.DataFrame) -> list[dict[str, Any]]:
    names = selectors.organisation_names(at_risk["organisation_id"])
    rows = []
    for record in at_risk.to_dict("records"):
        organisation_id = int(record["organisation_id"])
        last = record["last_present"]
        rows.append(
            {
                "name": names.get(organisation_id, "—"),
                "relevant_meetings": record["relevant_meetings"],
                "last_present": _day(last) if not _missing(last) else Shown(_("jamais")),
            }
        )
    return sorted(rows, key=lambda row: row["name"].casefold())


@pole_view(Capability.VIEW_DASHBOARDS)
def mobilisation(request: PoleRequest) -> HttpResponse:
    form, values = _filters(MobilisationFilters, request, initial={"k": selectors.DEFAULT_K})
    start, end = selectors.mobilisation_window(values.get("debut"), values.get("fin"))
    k = values.get("k") or selectors.DEFAULT_K

    meetings = selectors.meetings_frame(start=start, end=end)
    attendance = selectors.attendance_frame(start=start, end=end)
    members = selectors.members_frame()
    summary = mob.mobilisation_summary(meetings, attendance, members, start=start, end=end, k=k)
    per_meeting = mob.participation_by_meeting(meetings, attendance)
    newcomers = mob.newcomers_and_returning(meetings, attendance)
    retention = mob.structure_retention(meetings, attendance)
    plenaries = mob.plenary_participation_rate(meetings, attendance, members)
    # The same call as inside the summary (window's meetings, window's last day), for details.
    at_risk = mob.structures_at_risk(meetings, attendance, members, k=k, on=summary.period_end)

    seminars = per_meeting.loc[per_meeting["kind"].eq("seminar")].reset_index(drop=True)
    first_participants = int(seminars["participants"].iloc[0]) if len(seminars) else None
    gini = _decimal(summary.gini, 2, reason=_("aucune structure représentée sur la période"))
    cards = [
        Indicator("meetings", _("réunions"), _integer(summary.meetings)),
        Indicator(
            "working_meetings",
            _("réunions de travail"),
            _integer(summary.working_meetings),
            _("toutes sauf les temps conviviaux"),
        ),
        Indicator(
            "participants_total",
            _("personnes venues au moins une fois"),
            _integer(summary.participants_total),
        ),
        Indicator(
            "structures_total",
            _("structures représentées au moins une fois"),
            _integer(summary.structures_total),
        ),
        Indicator(
            "seminar_ratio_3_1",
            _("participants au 3e séminaire rapportés au 1er"),
            _decimal(
                summary.seminar_ratio_3_1,
                reason=_seminar_ratio_reason(len(seminars), first_participants),
            ),
            _("2,0 : la participation a doublé du premier au troisième séminaire"),
        ),
        Indicator(
            "plenary_rate_mean",
            _("des structures membres présentes en moyenne aux plénières"),
            _percent(
                summary.plenary_rate_mean,
                reason=_("aucune plénière avec des structures membres sur la période"),
            ),
        ),
        Indicator("gini", _("indice de Gini de la participation"), gini),
        Indicator(
            "at_risk",
            _("structures membres qui s'éloignent"),
            _integer(len(summary.at_risk)),
            ngettext(
                "absentes de la dernière plénière ou du dernier séminaire",
                "absentes des %(k)s dernières plénières et séminaires",
                k,
            )
            % {"k": k},
        ),
    ]

    merged = per_meeting.merge(
        newcomers[["meeting_id", "newcomers", "returning"]], on="meeting_id", how="left"
    )
    meeting_rows = [
        {
            "date": _day(record["date"]),
            "kind": _kind_label(record["kind"]),
            "participants": record["participants"],
            "structures": record["structures"],
            "newcomers": record["newcomers"],
            "returning": record["returning"],
        }
        for record in merged.to_dict("records")
    ]

    seminar_rows = [
        {
            "number": index,
            "date": _day(record["date"]),
            "participants": record["participants"],
            "structures": record["structures"],
        }
        for index, record in enumerate(seminars.to_dict("records"), start=1)
    ]
    # The latest seminar against the first, through the analytics' ordinal ratio. One call
    # per figure: a ratio per table row would rescan the seminars for every row.
    latest = len(seminars)
    if latest < 2:
        too_few = _("aucun séminaire sur la période") if not latest else _("un seul séminaire")
        latest_ratios = {"participants": Shown(None, too_few), "structures": Shown(None, too_few)}
    else:
        latest_ratios = {
            column: _decimal(
                mob.ordinal_ratio(
                    per_meeting, kind="seminar", later=latest, earlier=1, column=column
                ),
                reason=_("personne au premier séminaire"),
            )
            for column in ("participants", "structures")
        }

    retention_rows = _retention_rows(retention)

    plenary_rows = [
        {
            "date": _day(record["date"]),
            "member_structures": record["member_structures"],
            "present_member_structures": record["present_member_structures"],
            "rate": _percent(record["rate"], reason=_("aucune structure membre à cette date")),
        }
        for record in plenaries.to_dict("records")
    ]

    context = {
        "pole": request.pole,
        "form": form,
        "summary": summary,
        "k": k,
        "cards": cards,
        "by_kind": [
            (_kind_label(kind), count) for kind, count in sorted(summary.meetings_by_kind.items())
        ],
        "meeting_rows": meeting_rows,
        "seminar_rows": seminar_rows,
        "latest_seminar": latest,
        "latest_ratios": latest_ratios,
        "retention_rows": retention_rows,
        "plenary_rows": plenary_rows,
        "at_risk_rows": _at_risk_rows(at_risk),
        "gini": gini,
        "gini_max": _decimal((summary.structures_total - 1) / summary.structures_total, 2)
        if summary.structures_total
        else Shown(None),
        "charts": _mobilisation_charts(per_meeting, newcomers, retention, plenaries),
    }
    return render(request, "dashboards/mobilisation.html", context)


def _dates(frame: pd.DataFrame) -> list[dt.date]:
    return [pd.Timestamp(value).date() for value in frame["date"]]


def _mobilisation_charts(
    per_meeting: pd.DataFrame,
    newcomers: pd.DataFrame,
    retention: pd.DataFrame,
    plenaries: pd.DataFrame,
) -> dict[str, str]:
    out: dict[str, str] = {}
    if not per_meeting.empty:
        out["participation"] = charts.line_chart(
            chart_id="participation",
            title=_("Personnes et structures présentes à chaque réunion"),
            x=_dates(per_meeting),
            series={
                _("Personnes présentes"): per_meeting["participants"].tolist(),
                _("Structures représentées"): per_meeting["structures"].tolist(),
            },
            y_label=_("Nombre"),
            max_gap=LONG_PAUSE,
        )
        newcomer_series = {
            _("Nouveaux venus"): newcomers["newcomers"].tolist(),
            _("Déjà venus"): newcomers["returning"].tolist(),
        }
        title = _("Nouveaux venus et personnes déjà venues, réunion par réunion")
        if len(newcomers) <= MAX_BARS:
            out["newcomers"] = charts.stacked_bar_chart(
                chart_id="newcomers",
                title=title,
                labels=[value.strftime("%d/%m/%y") for value in _dates(newcomers)],
                series=newcomer_series,
                y_label=_("Personnes présentes"),
            )
        else:
            out["newcomers"] = charts.line_chart(
                chart_id="newcomers",
                title=title,
                x=_dates(newcomers),
                series=newcomer_series,
                y_label=_("Personnes présentes"),
                max_gap=LONG_PAUSE,
            )
    if retention["retention_rate"].notna().any():
        out["retention"] = charts.line_chart(
            chart_id="retention",
            title=_("Part des structures d'un trimestre revenues le trimestre suivant"),
            x=[pd.Period(value, freq="Q").start_time.date() for value in retention["period"]],
            series={_("Rétention"): retention["retention_rate"].tolist()},
            percent=True,
        )
    if plenaries["rate"].notna().any():
        out["plenaries"] = charts.line_chart(
            chart_id="plenaries",
            title=_("Part des structures membres représentées à chaque plénière"),
            x=_dates(plenaries),
            series={_("Structures membres présentes"): plenaries["rate"].tolist()},
            percent=True,
            # Plenaries may be yearly: only a pause of more than two years breaks the line.
            max_gap=4 * LONG_PAUSE,
        )
    return out


# --- execution ----------------------------------------------------------------------------------


def _state_labels() -> dict[str, str]:
    return {
        "done_on_time": _("Faites dans les délais"),
        "done_late": _("Faites en retard"),
        "done_undated": _("Faites, date de réalisation inconnue"),
        "overdue": _("Échéance dépassée, pas encore faites"),
        "open": _("À faire, échéance à venir ou non fixée"),
        "dropped": _("Abandonnées"),
    }


def _owner_kind_label(kind: Any) -> str:
    if kind is None:
        return _("Porteur non renseigné")
    if kind == selectors.ORGANISATION_OWNER:
        return _("Structure")
    try:
        return str(PersonKind(kind).label)
    except ValueError:
        return str(kind)


def _rate_rows(records: Iterable[Mapping[str, Any]], key: str, label: Any) -> list[dict[str, Any]]:
    return [
        {
            "label": label(record[key]),
            "actions": record["actions"],
            "due": record["due"],
            "done": record["done"],
            "rate": _percent(record["rate"], reason=_("aucune action attendue")),
            "raw_rate": record["rate"],
        }
        for record in records
    ]


@pole_view(Capability.VIEW_DASHBOARDS)
def execution(request: PoleRequest) -> HttpResponse:
    form, values = _filters(ExecutionFilters, request, initial={"au": timezone.localdate()})
    on = values.get("au") or timezone.localdate()

    decisions = selectors.decisions_frame()
    actions = selectors.actions_frame()
    themes = selectors.working_group_themes()
    summary = ex.execution_summary(decisions, actions, on=on)

    labels = _state_labels()
    states = [
        {"key": state, "label": labels[state], "count": getattr(summary, state)}
        for state in ex.ACTION_STATES
    ]
    no_action = _("aucune action enregistrée")
    cards = [
        Indicator("decisions", _("décisions"), _integer(summary.decisions)),
        Indicator(
            "share_with_actions",
            _("des décisions suivies d'au moins une action"),
            _percent(summary.share_with_actions, reason=_("aucune décision enregistrée")),
            ngettext(
                "%(n)s décision sans action", "%(n)s décisions sans action", summary.without_actions
            )
            % {"n": summary.without_actions},
        ),
        Indicator("total", _("actions"), _integer(summary.total)),
        Indicator(
            "overall_rate",
            _("des actions attendues à cette date sont faites"),
            _percent(summary.overall_rate, reason=_("aucune action attendue à cette date")),
            _("les actions abandonnées ne comptent pas"),
        ),
        Indicator(
            "median_delay_days",
            _("écart médian entre l'échéance et la réalisation"),
            _days(
                summary.median_delay_days,
                reason=_("aucune action faite avec une échéance et une date de réalisation"),
            ),
        ),
        Indicator("overdue", _("actions dont l'échéance est dépassée"), _integer(summary.overdue)),
    ]

    def theme(group_id: Any) -> str:
        if group_id is None:
            return _("Hors groupe de travail")
        return themes.get(int(group_id), _("Groupe de travail supprimé"))

    by_group = _rate_rows(summary.rate_by_working_group, "working_group_id", theme)
    by_owner = _rate_rows(summary.rate_by_owner_kind, "owner_kind", _owner_kind_label)
    not_measurable = _("non mesurable")
    chart_svgs: dict[str, str] = {}
    if summary.total:
        chart_svgs["states"] = charts.bar_chart(
            chart_id="states",
            title=_("Actions par état au %(day)s") % {"day": date_format(on, "SHORT_DATE_FORMAT")},
            labels=[state["label"] for state in states],
            values=[state["count"] for state in states],
            value_texts=[_integer(state["count"]).text or "" for state in states],
            value_label=_("Nombre d'actions"),
        )
        for key, rows, title in (
            ("by_group", by_group, _("Taux d'exécution par groupe de travail")),
            ("by_owner", by_owner, _("Taux d'exécution par type de porteur")),
        ):
            chart_svgs[key] = charts.bar_chart(
                chart_id=key,
                title=title,
                labels=[row["label"] for row in rows],
                values=[row["raw_rate"] for row in rows],
                value_texts=[row["rate"].text or "" for row in rows],
                value_label=_("Actions faites parmi les actions attendues"),
                percent=True,
                missing_text=not_measurable,
            )
    context = {
        "pole": request.pole,
        "form": form,
        "on": on,
        "summary": summary,
        "cards": cards,
        "states": states,
        "by_group": by_group,
        "by_owner": by_owner,
        "no_action": no_action,
        "charts": chart_svgs,
    }
    return render(request, "dashboards/execution.html", context)


# --- what needs attention -----------------------------------------------------------------------


@dataclass
class _Listing:
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0


def _owner_name(record: Mapping[str, Any], *, all_names: bool) -> str:
    """Who carries an action, as far as the viewer may know it.

    Coordinators see everyone; members see the names of the people who agreed to appear in the
    directory, the same rule as `ptce.registry.selectors.people_visible_to`, and otherwise the
    person's structure.
    """
    first, last = record["owner_first_name"], record["owner_last_name"]
    if not _missing(first) or not _missing(last):
        if all_names or record["owner_consent_directory"] is True:
            return f"{first or ''} {last or ''}".strip()
        structure = record["owner_person_organisation"]
        if not _missing(structure):
            return _("une personne de %(structure)s") % {"structure": structure}
        return _("une personne (nom non communiqué)")
    if not _missing(record["owner_organisation"]):
        return str(record["owner_organisation"])
    return _("personne désignée")


def _overdue_actions(
    actions: pd.DataFrame, pole_slug: str, *, on: dt.date, all_names: bool
) -> _Listing:
    classified = ex.classify_actions(actions, on=on)
    overdue = classified.loc[classified["state"].eq("overdue")].copy()
    # How late, counted from the reference day: a display of the overdue state, not a metric.
    overdue["days_late"] = (pd.Timestamp(on) - overdue["due_date"]).dt.days
    overdue = overdue.sort_values(["days_late", "action_id"], ascending=[False, True])
    rows = [
        {
            "title": record["title"],
            "owner": _owner_name(record, all_names=all_names),
            "due_date": _day(record["due_date"]),
            "days_late": _integer(record["days_late"]),
            "meeting_title": record["meeting_title"],
            "meeting_url": _meeting_url(pole_slug, record["meeting_id"]),
        }
        for record in overdue.head(LIST_LIMIT).to_dict("records")
    ]
    return _Listing(rows, len(overdue))


def _decisions_without_action(
    decisions: pd.DataFrame, actions: pd.DataFrame, pole_slug: str
) -> _Listing:
    follow_up = ex.decision_follow_up(decisions, actions)
    pending = decisions.loc[decisions["decision_id"].isin(follow_up.without_ids)]
    pending = pending.sort_values(["meeting_date", "decision_id"], ascending=[False, True])
    rows = [
        {
            "text": record["text"],
            "meeting_title": record["meeting_title"],
            "meeting_date": _day(record["meeting_date"]),
            "meeting_url": _meeting_url(pole_slug, record["meeting_id"]),
        }
        for record in pending.head(LIST_LIMIT).to_dict("records")
    ]
    return _Listing(rows, len(pending))


@pole_view(Capability.VIEW_ATTENTION_LIST)
def attention_list(request: PoleRequest) -> HttpResponse:
    form, values = _filters(AttentionFilters, request, initial={"k": selectors.DEFAULT_K})
    k = values.get("k") or selectors.DEFAULT_K
    today = timezone.localdate()

    meetings = selectors.meetings_frame(end=today)
    attendance = selectors.attendance_frame(end=today)
    members = selectors.members_frame()
    at_risk = mob.structures_at_risk(meetings, attendance, members, k=k, on=today)
    # One read of the actions, with the names the page shows, serves both lists.
    actions = selectors.actions_frame(details=True)
    decisions = selectors.decisions_frame(details=True)

    context = {
        "pole": request.pole,
        "form": form,
        "k": k,
        "today": today,
        "overdue": _overdue_actions(
            actions, request.pole.slug, on=today, all_names=request.role == "coordinator"
        ),
        "at_risk_rows": _at_risk_rows(at_risk),
        "without_action": _decisions_without_action(decisions, actions, request.pole.slug),
        "limit": LIST_LIMIT,
    }
    return render(request, "dashboards/attention.html", context)

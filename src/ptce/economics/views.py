"""Pages of the pole's hybrid economic model: dashboard and stress test, data entry, the annex
of contributions in kind.

Every figure comes from `ptce_analytics.economics` applied to the frames of
`ptce.economics.selectors`: the views choose, label and format. A figure that cannot be
measured is "non mesurable" with the reason, never 0.

Every role sees the economic model (financial transparency): amounts and the names of the
structures that fund the pole. People's names (volunteers, a person lending a room) are shown
to coordinators, and to members for the people who agreed to appear in the directory; never
to funders and observers.

The number of queries of each page does not depend on the size of the pole.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ptce.core import charts
from ptce.core.exceptions import PtceError
from ptce.core.views import error_text, form_page
from ptce.economics import selectors, services
from ptce.economics.forms import (
    FundingLineForm,
    InKindForm,
    StressForm,
    VolunteerRateForm,
    VolunteerTimeForm,
    YearFilterForm,
)
from ptce.economics.models import (
    ACCOUNTS,
    VOLUNTEER_ACCOUNTS,
    FundingLine,
    InKindContribution,
    InKindKind,
    Section,
    SourceKind,
    VolunteerActivity,
    VolunteerRate,
    VolunteerTime,
)
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability
from ptce_analytics import economics as eco

HORIZON = 3
FIRST_YEAR, LAST_YEAR = 1990, 2100
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '#,##0.00 "€"'
_CENT = Decimal("0.01")


# --- formatting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A value ready for the page: its text, or None and the reason it is not measurable.

    Same shape as the dashboards' values, so `dashboards/_value.html` shows it."""

    text: str | None
    reason: str = ""


def _round(value: Any, digits: int) -> Decimal:
    exponent = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def euros(value: Any, digits: int = 2) -> str:
    """'1 234,50 €' (French) — the number follows the active language."""
    number = number_format(_round(value, digits), decimal_pos=digits, force_grouping=True)
    return f"{number}\u00a0€"


def _number(value: Any, digits: int = 0) -> str:
    return number_format(_round(value, digits), decimal_pos=digits, force_grouping=True)


def _hours(value: Any) -> str:
    return _("%(hours)s h") % {"hours": _number(value, 2).removesuffix(",00").removesuffix(".00")}


def _money(value: Any, *, reason: str = "", digits: int = 0) -> Shown:
    return Shown(None, reason) if value is None else Shown(euros(value, digits))


def _percent(rate: Any, *, reason: str = "") -> Shown:
    return Shown(None, reason) if rate is None else Shown(f"{_number(rate * 100)}\u00a0%")


def _kind_label(kind: str) -> str:
    try:
        return str(SourceKind(kind).label)
    except ValueError:
        return kind


def _requested_year(value: Any) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _year_form(years: Iterable[int], year: int) -> YearFilterForm:
    return YearFilterForm(initial={"annee": year}, years=sorted(set(years) | {year}))


def _can_manage(request: PoleRequest) -> bool:
    return Capability.MANAGE_ECONOMICS in request.capabilities


def _base_context(request: PoleRequest, current: str) -> dict[str, Any]:
    return {"pole": request.pole, "current": current, "can_manage": _can_manage(request)}


# --- dashboard ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    key: str  # the YearMix field it shows, as in `eco.DEFINITIONS`
    label: str
    value: Shown
    sentence: str


def _default_year(mix: list[eco.YearMix], years: list[int]) -> int:
    """The last year with a budget, else the last year with any data, else this year."""
    measured = [m.year for m in mix if m.budget is not None]
    if measured:
        return measured[-1]
    return years[-1] if years else timezone.localdate().year


def _budget_reason(year: int, rows: list[dict[str, Any]], mix: eco.YearMix) -> str:
    if mix.budget is None:
        if any(row["year"] == year for row in rows):
            return _(
                "aucune ressource de fonctionnement saisie pour %(year)s, seulement de "
                "l'investissement ou des emprunts"
            ) % {"year": year}
        return _("aucune ligne de financement saisie pour %(year)s") % {"year": year}
    return _("budget nul en %(year)s") % {"year": year}


def _volunteering_reason(year: int, mix: eco.YearMix) -> str:
    if mix.volunteering_hours is None:
        return _("aucun temps bénévole saisi pour %(year)s") % {"year": year}
    return _(
        "%(hours)s de bénévolat en %(year)s, mais aucun taux horaire fixé pour les valoriser"
    ) % {"hours": _hours(mix.volunteering_hours), "year": year}


def _cards(year: int, mix: eco.YearMix, rows: list[dict[str, Any]]) -> list[Card]:
    budget_reason = _budget_reason(year, rows, mix)
    measured = mix.budget is not None and mix.budget > 0
    cards = [
        Card(
            "budget",
            _("budget de fonctionnement %(year)s") % {"year": year},
            _money(mix.budget, reason=budget_reason),
            _(
                "Ce avec quoi le pôle a fonctionné en %(year)s : toutes ses ressources de "
                "fonctionnement, sans les emprunts (à rembourser) ni l'investissement."
            )
            % {"year": year},
        )
    ]
    public = mix.public_share
    cards.append(
        Card(
            "public_share",
            _("d'argent public"),
            _percent(public, reason=budget_reason),
            _(
                "Sur 100 € de budget, %(n)s € viennent de subventions publiques (État, "
                "collectivités, Europe) : autant qui dépend de décisions politiques et de "
                "calendriers de conventions."
            )
            % {"n": _number(public * 100)}
            if public is not None
            else _("La part du budget qui vient de subventions publiques."),
        )
    )
    own = mix.own_share
    cards.append(
        Card(
            "own_share",
            _("de ressources propres"),
            _percent(own, reason=budget_reason),
            _(
                "Cotisations des membres et recettes de ses activités couvrent %(n)s %% du "
                "budget : c'est la part que le pôle ne doit à aucun financeur extérieur."
            )
            % {"n": _number(own * 100)}
            if own is not None
            else _("La part du budget couverte par les cotisations et les recettes propres."),
        )
    )
    diversification = mix.diversification
    if diversification is not None and diversification < 1:
        equivalent = _number(1 / (1 - diversification), 1)
        diversification_text = _(
            "0 quand un seul financeur apporte tout, près de 1 quand les ressources viennent de "
            "nombreux financeurs de poids comparable. Ici, c'est comme si le pôle avait "
            "%(n)s financeurs de même poids."
        ) % {"n": equivalent}
    else:
        diversification_text = _(
            "0 quand un seul financeur apporte tout, près de 1 quand les ressources viennent de "
            "nombreux financeurs de poids comparable."
        )
    cards.append(
        Card(
            "diversification",
            _("diversification des financeurs"),
            Shown(None, budget_reason)
            if diversification is None
            else Shown(_number(diversification, 2)),
            diversification_text,
        )
    )
    multi = mix.multi_year_public_share
    if multi is None and measured and mix.public_share == 0:
        multi_reason = _("aucune subvention publique en %(year)s") % {"year": year}
    else:
        multi_reason = budget_reason
    cards.append(
        Card(
            "multi_year_public_share",
            _("de l'argent public sous convention pluriannuelle"),
            _percent(multi, reason=multi_reason),
            _(
                "%(n)s %% des subventions publiques relèvent d'une convention d'au moins deux "
                "ans : une part de l'argent public assurée au-delà de l'année."
            )
            % {"n": _number(multi * 100)}
            if multi is not None
            else _(
                "La part des subventions publiques couvertes par une convention d'au moins "
                "deux ans."
            ),
        )
    )
    volunteering_reason = (
        _volunteering_reason(year, mix) if mix.volunteering_value is None else budget_reason
    )
    share = mix.volunteering_share
    cards.append(
        Card(
            "volunteering_share",
            _("du total des ressources apporté par le bénévolat"),
            _percent(share, reason=volunteering_reason),
            _(
                "%(hours)s de bénévolat, valorisées à %(value)s : sans elles, le pôle aurait dû "
                "trouver cet argent ou renoncer à une partie de ses actions."
            )
            % {"hours": _hours(mix.volunteering_hours), "value": euros(mix.volunteering_value, 0)}
            if share is not None
            else _("Le temps bénévole valorisé, rapporté au budget augmenté de ce temps valorisé."),
        )
    )
    cards.append(
        Card(
            "in_kind_value",
            _("de contributions en nature"),
            _money(
                mix.in_kind_value,
                reason=_("aucune contribution en nature saisie pour %(year)s") % {"year": year},
            ),
            _(
                "Biens, locaux, matériel et services reçus gratuitement, au prix qu'il aurait "
                "fallu les payer : des ressources hors budget, à faire figurer dans l'annexe des "
                "comptes."
            ),
        )
    )
    return cards


def _sign(value: float, digits: int) -> str:
    text = _number(abs(value), digits)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def _trend_sentence(trends: eco.Trends) -> str | None:
    if trends.first_year is None:
        return None
    if trends.first_year == trends.last_year:
        return _(
            "Une seule année mesurable (%(year)s) : l'évolution se lira quand une deuxième "
            "année aura été saisie."
        ) % {"year": trends.first_year}
    parts = [
        _("De %(first)s à %(last)s, le budget est passé de %(a)s à %(b)s")
        % {
            "first": trends.first_year,
            "last": trends.last_year,
            "a": euros(trends.budget_first, 0),
            "b": euros(trends.budget_last, 0),
        }
    ]
    if trends.budget_change_pct is not None:
        parts[0] += f" ({_sign(trends.budget_change_pct, 0)}\u00a0%)"
    if trends.public_share_change_pp is not None:
        parts.append(
            _("la part d'argent public a varié de %(pp)s points")
            % {"pp": _sign(trends.public_share_change_pp, 1)}
        )
    if trends.own_share_change_pp is not None:
        parts.append(
            _("celle des ressources propres de %(pp)s points")
            % {"pp": _sign(trends.own_share_change_pp, 1)}
        )
    return " ; ".join(parts) + "."


def _mix_chart(mix: list[eco.YearMix]) -> tuple[str | None, list[dict[str, Any]], bool]:
    """The stacked bar chart of the budget by kind and year, and the table rows it stands for.

    With more kinds than the palette has colours, the chart groups them into families (the
    table keeps every kind): two series of one colour could not be told apart."""
    measured = [m for m in mix if m.budget is not None]
    kinds = [k for k in eco.SOURCE_KINDS if any(k in m.by_kind for m in mix)]
    table = [
        {
            "label": _kind_label(kind),
            "values": [
                # A kind absent from a measured year brought nothing that year.
                Shown(euros(m.by_kind[kind], 0)) if kind in m.by_kind else Shown("—")
                for m in mix
            ],
        }
        for kind in kinds
    ]
    if not measured:
        return None, table, False
    grouped = len(kinds) > len(charts.PALETTE)
    if grouped:
        families = {
            _("Cotisations et recettes propres"): eco.OWN_KINDS,
            _("Subventions publiques"): eco.PUBLIC_KINDS,
            _("Fondations et entreprises"): ("private_foundation", "private_company"),
        }
        series = {
            label: [
                sum(m.by_kind.get(k, 0.0) for k in members) if m.budget is not None else None
                for m in mix
            ]
            for label, members in families.items()
            if any(k in kinds for k in members)
        }
    else:
        series = {
            _kind_label(kind): [
                m.by_kind.get(kind, 0.0) if m.budget is not None else None for m in mix
            ]
            for kind in kinds
        }
    svg = charts.stacked_bar_chart(
        chart_id="economics-mix",
        title=_("Ressources de fonctionnement par origine et par année"),
        labels=[str(m.year) for m in mix],
        series=series,
        y_label=_("Euros"),
    )
    return svg, table, grouped


def _year_rows(mix: list[eco.YearMix]) -> list[dict[str, Any]]:
    rows = []
    for m in mix:
        reason = _("aucune ressource de fonctionnement")
        rows.append(
            {
                "year": m.year,
                "budget": _money(m.budget, reason=reason),
                "public_share": _percent(m.public_share, reason=reason),
                "own_share": _percent(m.own_share, reason=reason),
                "diversification": Shown(None, reason)
                if m.diversification is None
                else Shown(_number(m.diversification, 2)),
                "multi_year_public_share": _percent(m.multi_year_public_share),
                "volunteering_value": _money(m.volunteering_value),
                "volunteering_share": _percent(m.volunteering_share),
                "in_kind_value": _money(m.in_kind_value),
                "investment": _money(m.investment),
                "loans": _money(m.loans),
            }
        )
    return rows


# Grants whose end a scenario can simulate: the public ones and foundations'.
GRANT_KINDS = (*eco.PUBLIC_KINDS, SourceKind.PRIVATE_FOUNDATION.value)


def _in_budget(row: dict[str, Any]) -> bool:
    return row["section"] == Section.OPERATING and row["source_kind"] != SourceKind.LOAN


def _stress_choices(
    rows: list[dict[str, Any]], year: int
) -> tuple[list[tuple[int, str]], list[tuple[str, str]]]:
    """The base year's grant lines, and the structures that fund it (its operating lines)."""
    base = [row for row in rows if row["year"] == year and _in_budget(row)]
    grants = [
        (
            row["pk"],
            f"{row['label']} — {row['funder_label'] or _('financeur non renseigné')} "
            f"({euros(row['amount'], 0)})",
        )
        for row in base
        if row["source_kind"] in GRANT_KINDS
    ]
    structures = {row["key"]: row["funder__name"] for row in base if row["funder_id"]}
    leaving = sorted(structures.items(), key=lambda item: item[1].casefold())
    return grants, leaving


def _projection_rows(result: eco.StressResult) -> list[dict[str, Any]]:
    return [
        {
            "year": y.year,
            "needs": euros(y.needs, 0),
            "baseline": euros(y.baseline_resources, 0),
            "scenario": euros(y.scenario_resources, 0),
            "gap": euros(y.gap, 0),
            "own_now": euros(y.own_revenue_now, 0),
            "own_needed": euros(y.own_revenue_needed, 0),
        }
        for y in result.years
    ]


def _stress(
    request: PoleRequest, data: selectors.EconomicData, year: int, mix: eco.YearMix
) -> dict[str, Any]:
    grants, leaving = _stress_choices(data.rows, year)
    bound = any(name in request.GET for name in StressForm.base_fields)
    form = StressForm(
        request.GET if bound else None,
        grant_lines=grants,
        leaving=leaving,
        initial={"baisse": 20},
    )
    out: dict[str, Any] = {"form": form, "base_year": year, "horizon": HORIZON}
    if mix.budget is None:
        out["unavailable"] = _budget_reason(year, data.rows, mix)
        return out
    spec = form.spec() if bound and form.is_valid() else None
    baseline = eco.stress_test(data.funding, base_year=year, horizon=HORIZON)
    result = baseline
    if spec is not None:
        try:
            result = eco.stress_test(
                data.funding, base_year=year, stress=eco.parse_stress(spec), horizon=HORIZON
            )
        except ValueError:
            # The choices come from the base year, so only a stale link lands here.
            out["error"] = _("Ce scénario ne correspond à aucune ligne de %(year)s.") % {
                "year": year
            }
            result = baseline
    first, last = result.years[0].year, result.years[-1].year
    out.update(
        {
            "scenario": spec is not None and "error" not in out,
            "rows": _projection_rows(result),
            "first": first,
            "last": last,
            "total_gap": euros(result.total_gap, 0),
            "baseline_total_gap": euros(baseline.total_gap, 0),
            "has_gap": result.total_gap > 0,
            "baseline_has_gap": baseline.total_gap > 0,
            "needs": euros(result.years[0].needs, 0),
        }
    )
    return out


def _operating_span(mix: list[eco.YearMix]) -> list[eco.YearMix]:
    """From the first to the last year with an operating budget, gaps inside kept.

    A building funded years before the first budget was entered would otherwise stretch the
    chart and the table over years that say nothing but "non mesurable".
    """
    measured = [index for index, year in enumerate(mix) if year.budget is not None]
    return mix[measured[0] : measured[-1] + 1] if measured else []


@pole_view(Capability.VIEW_ECONOMICS)
@require_safe
def dashboard(request: PoleRequest) -> HttpResponse:
    data = selectors.economic_data()
    years = data.years
    full = (
        eco.resource_mix(data.funding, volunteering=data.volunteering, in_kind=data.in_kind)
        if years
        else []
    )
    year = _requested_year(request.GET.get("annee")) or _default_year(full, years)
    by_year = {m.year: m for m in full}
    if year not in by_year:
        by_year[year] = eco.resource_mix(
            data.funding, volunteering=data.volunteering, in_kind=data.in_kind, years=[year]
        )[0]
    selected = by_year[year]
    operating = _operating_span(full)
    chart, kind_rows, grouped = _mix_chart(operating)
    trends = eco.resource_trends(full)
    context = {
        **_base_context(request, "dashboard"),
        "year": year,
        "year_form": _year_form(years, year),
        "has_data": bool(years),
        "cards": _cards(year, selected, data.rows),
        "investment": _money(
            selected.investment,
            reason=_("aucune ligne de financement saisie pour %(year)s") % {"year": year},
        ),
        "loans": _money(
            selected.loans,
            reason=_("aucune ligne de financement saisie pour %(year)s") % {"year": year},
        ),
        "chart": chart,
        "chart_grouped": grouped,
        "mix_years": [m.year for m in operating],
        "kind_rows": kind_rows,
        "budget_row": [
            _money(m.budget, reason=_("aucune ressource de fonctionnement")) for m in operating
        ],
        "year_rows": _year_rows(
            [m for m in full if m in operating or m.investment or m.loans]
        ),
        "trend_sentence": _trend_sentence(trends),
        "stress": _stress(request, data, year, selected),
    }
    return render(request, "economics/dashboard.html", context)


# --- funding lines ------------------------------------------------------------------------------


def _totals_by_year(model: Any, *fields: str, amount: str) -> dict[int, list[dict[str, Any]]]:
    """year → sums of `amount` per `fields` (one query, summed in SQL)."""
    rows = (
        model.objects.order_by()
        .values("year", *fields)
        .annotate(total=Sum(amount))
        .order_by("year", *fields)
    )
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row["year"]].append(row)
    return out


@pole_view(Capability.VIEW_ECONOMICS)
@require_safe
def funding_list(request: PoleRequest) -> HttpResponse:
    lines = selectors.funding_rows()
    totals = _totals_by_year(FundingLine, "section", "source_kind", amount="amount")
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in lines:
        by_year[row["year"]].append(
            {
                **row,
                "kind": _kind_label(row["source_kind"]),
                "section_label": Section(row["section"]).label,
                "amount_text": euros(row["amount"]),
            }
        )
    years = [
        {
            "year": year,
            "lines": by_year[year],
            "totals": [
                {
                    "kind": _kind_label(total["source_kind"]),
                    "section": Section(total["section"]).label,
                    "amount": euros(total["total"]),
                }
                for total in totals.get(year, [])
            ],
        }
        for year in sorted(by_year, reverse=True)
    ]
    return render(
        request,
        "economics/funding_list.html",
        {**_base_context(request, "funding"), "years": years},
    )


def _funding_form(request: PoleRequest, line: FundingLine) -> HttpResponse:
    return form_page(
        request,
        FundingLineForm(request.POST or None, instance=line, initial=_year_initial(line)),
        save=lambda form: services.funding_line_save(
            actor=request.user, pole=request.pole, line=form.save(commit=False)
        ),
        template="economics/form.html",
        success=_("Ligne de financement enregistrée."),
        next_url=lambda obj: (
            reverse("funding-list", args=[request.pole.slug]) + f"#annee-{obj.year}"
        ),
        context={
            **_base_context(request, "funding"),
            "object": line,
            "title": _("Modifier la ligne de financement")
            if line.pk
            else _("Nouvelle ligne de financement"),
            "back_url": reverse("funding-list", args=[request.pole.slug]),
            "back_text": _("Retour aux financements"),
        },
    )


def _year_initial(obj: Any) -> dict[str, Any]:
    return {} if obj.pk else {"year": timezone.localdate().year}


@pole_view(Capability.MANAGE_ECONOMICS)
def funding_create(request: PoleRequest) -> HttpResponse:
    return _funding_form(request, FundingLine(pole=request.pole))


@pole_view(Capability.MANAGE_ECONOMICS)
def funding_edit(request: PoleRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(FundingLine.objects.filter(pole=request.pole), pk=pk)
    return _funding_form(request, line)


def _delete_page(
    request: PoleRequest,
    obj: Any,
    *,
    delete: Any,
    what: str,
    back_url: str,
    current: str,
) -> HttpResponse:
    """GET asks for confirmation; POST deletes (audited) and goes back to the list."""
    if request.method == "POST":
        try:
            delete(actor=request.user, pole=request.pole)
        except (ValidationError, PtceError) as exc:
            for message in error_text(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("« %(what)s » supprimé.") % {"what": what})
        return redirect(back_url)
    return render(
        request,
        "economics/confirm_delete.html",
        {**_base_context(request, current), "object": obj, "what": what, "back_url": back_url},
    )


@pole_view(Capability.MANAGE_ECONOMICS)
def funding_delete(request: PoleRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(FundingLine.objects.filter(pole=request.pole), pk=pk)
    return _delete_page(
        request,
        line,
        delete=lambda **kw: services.funding_line_delete(line=line, **kw),
        what=str(line),
        back_url=reverse("funding-list", args=[request.pole.slug]),
        current="funding",
    )


# --- volunteering -------------------------------------------------------------------------------


def _activity_label(activity: str) -> str:
    try:
        return str(VolunteerActivity(activity).label)
    except ValueError:
        return activity


def _volunteer_who(entry: VolunteerTime, role: str) -> str:
    """Who gave the time, as far as the viewer may know it (see the module docstring)."""
    person = entry.person
    structure = entry.organisation or (person.organisation if person else None)
    if person is not None:
        if role == "coordinator" or (role == "member" and person.consent_directory):
            name = f"{person.first_name} {person.last_name}".strip()
            return f"{name} ({structure.name})" if structure else name
        if structure is not None:
            return _("une personne de %(structure)s") % {"structure": structure.name}
        return _("une personne (nom non communiqué)")
    if structure is not None:
        return structure.name
    return _("bénévoles du pôle (sans détail)")


@pole_view(Capability.VIEW_ECONOMICS)
@require_safe
def volunteering_list(request: PoleRequest) -> HttpResponse:
    rates = selectors.volunteer_rates()
    by_activity = selectors.volunteer_hours(by_activity=True)
    valued_activity = eco.value_volunteering(by_activity[["year", "hours"]], rates)
    valued_year = selectors.volunteering_frame(rates)
    entries = list(
        VolunteerTime.objects.select_related("person__organisation", "organisation").order_by(
            "-year", "activity", "pk"
        )
    )
    per_year: dict[int, dict[str, Any]] = {}
    for record in valued_year.to_dict("records"):
        year = int(record["year"])
        rate = rates.get(year)
        per_year[year] = {
            "year": year,
            "hours": _hours(record["hours"]),
            "rate": Shown(None, _("aucun taux fixé")) if rate is None else Shown(euros(rate)),
            "value": _money(
                record["value"],
                reason=_("aucun taux horaire fixé pour %(year)s") % {"year": year},
                digits=2,
            ),
            "activities": [],
            "entries": [],
        }
    for activity, record in zip(
        by_activity["activity"], valued_activity.to_dict("records"), strict=True
    ):
        per_year[int(record["year"])]["activities"].append(
            {
                "label": _activity_label(activity),
                "hours": _hours(record["hours"]),
                "value": _money(record["value"], reason=_("non valorisé"), digits=2),
            }
        )
    sees_notes = request.role in ("coordinator", "member")
    for entry in entries:
        per_year[entry.year]["entries"].append(
            {
                "pk": entry.pk,
                "activity": entry.get_activity_display(),
                "who": _volunteer_who(entry, request.role),
                "hours": _hours(entry.hours),
                "note": entry.note if sees_notes else "",
                "is_synthetic": entry.is_synthetic,
            }
        )
    return render(
        request,
        "economics/volunteering_list.html",
        {
            **_base_context(request, "volunteering"),
            "years": [per_year[year] for year in sorted(per_year, reverse=True)],
            "sees_notes": sees_notes,
        },
    )


def _volunteering_form(request: PoleRequest, entry: VolunteerTime) -> HttpResponse:
    return form_page(
        request,
        VolunteerTimeForm(request.POST or None, instance=entry, initial=_year_initial(entry)),
        save=lambda form: services.volunteer_time_save(
            actor=request.user, pole=request.pole, entry=form.save(commit=False)
        ),
        template="economics/form.html",
        success=_("Temps bénévole enregistré."),
        next_url=lambda obj: (
            reverse("volunteering-list", args=[request.pole.slug]) + f"#annee-{obj.year}"
        ),
        context={
            **_base_context(request, "volunteering"),
            "object": entry,
            "title": _("Modifier le temps bénévole") if entry.pk else _("Nouveau temps bénévole"),
            "back_url": reverse("volunteering-list", args=[request.pole.slug]),
            "back_text": _("Retour au bénévolat"),
        },
    )


@pole_view(Capability.MANAGE_ECONOMICS)
def volunteering_create(request: PoleRequest) -> HttpResponse:
    return _volunteering_form(request, VolunteerTime(pole=request.pole))


@pole_view(Capability.MANAGE_ECONOMICS)
def volunteering_edit(request: PoleRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(VolunteerTime.objects.filter(pole=request.pole), pk=pk)
    return _volunteering_form(request, entry)


@pole_view(Capability.MANAGE_ECONOMICS)
def volunteering_delete(request: PoleRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(VolunteerTime.objects.filter(pole=request.pole), pk=pk)
    return _delete_page(
        request,
        entry,
        delete=lambda **kw: services.volunteer_time_delete(entry=entry, **kw),
        what=str(entry),
        back_url=reverse("volunteering-list", args=[request.pole.slug]),
        current="volunteering",
    )


def default_rate_basis(year: int) -> str | None:
    """The default rate of `year` written out, None when the SMIC of that year is unknown."""
    smic = eco.gross_hourly_smic(year)
    rate = eco.default_volunteer_rate(year)
    if smic is None or rate is None:
        return None
    return _(
        "SMIC horaire brut au 1er janvier %(year)s (%(smic)s) × (1 + %(charges)s %% de charges "
        "patronales forfaitaires) = %(rate)s de l'heure"
    ) % {
        "year": year,
        "smic": euros(smic),
        "charges": _number(eco.DEFAULT_CHARGES_RATE * 100),
        "rate": euros(rate),
    }


@pole_view(Capability.MANAGE_ECONOMICS)
def volunteer_rates(request: PoleRequest) -> HttpResponse:
    rates = {rate.year: rate for rate in VolunteerRate.objects.order_by("-year")}
    hours = {
        int(year): total
        for year, total in selectors.volunteer_hours().itertuples(index=False, name=None)
    }
    this_year = timezone.localdate().year
    chosen = _requested_year(request.GET.get("annee")) or this_year
    if request.method == "POST":
        form = VolunteerRateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.volunteer_rate_set(
                    actor=request.user,
                    pole=request.pole,
                    year=data["year"],
                    hourly_rate=data["hourly_rate"],
                    basis=data["basis"],
                )
            except (ValidationError, PtceError) as exc:
                for message in error_text(exc):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Taux de valorisation du bénévolat %(year)s enregistré.")
                    % {"year": data["year"]},
                )
                return redirect("volunteer-rates", request.pole.slug)
    else:
        current = rates.get(chosen)
        default = eco.default_volunteer_rate(chosen)
        form = VolunteerRateForm(
            initial={
                "year": chosen,
                "hourly_rate": current.hourly_rate if current else default,
                "basis": current.basis if current else (default_rate_basis(chosen) or ""),
            }
        )
    years = sorted(set(rates) | set(hours) | {this_year}, reverse=True)
    rows = []
    for year in years:
        rate = rates.get(year)
        default = eco.default_volunteer_rate(year)
        rows.append(
            {
                "year": year,
                "hours": _hours(hours[year]) if year in hours else None,
                "rate": euros(rate.hourly_rate) if rate else None,
                "basis": rate.basis if rate else "",
                "default": euros(default) if default is not None else None,
                "default_basis": default_rate_basis(year),
            }
        )
    return render(
        request,
        "economics/volunteer_rates.html",
        {
            **_base_context(request, "rates"),
            "form": form,
            "rows": rows,
            "charges": _number(eco.DEFAULT_CHARGES_RATE * 100),
        },
    )


# --- contributions in kind ----------------------------------------------------------------------


def _provider(contribution: InKindContribution, role: str) -> str:
    if contribution.provider_id:
        return contribution.provider.name
    if contribution.provider_name:
        # A name typed by hand may be a private person's: not for funders and observers.
        if role in ("coordinator", "member"):
            return contribution.provider_name
        return _("apporteur hors annuaire (nom non communiqué)")
    return _("non renseigné")


@pole_view(Capability.VIEW_ECONOMICS)
@require_safe
def in_kind_list(request: PoleRequest) -> HttpResponse:
    contributions = InKindContribution.objects.select_related("provider").order_by(
        "-year", "kind", "pk"
    )
    totals = _totals_by_year(InKindContribution, "kind", amount="value")
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for contribution in contributions:
        use, resource = contribution.accounts
        by_year[contribution.year].append(
            {
                "pk": contribution.pk,
                "kind": contribution.get_kind_display(),
                "accounts": f"{use} / {resource}",
                "provider": _provider(contribution, request.role),
                "description": contribution.description,
                "value": euros(contribution.value),
                "is_synthetic": contribution.is_synthetic,
            }
        )
    years = [
        {
            "year": year,
            "rows": by_year[year],
            "totals": [
                {"kind": InKindKind(total["kind"]).label, "value": euros(total["total"])}
                for total in totals.get(year, [])
            ],
        }
        for year in sorted(by_year, reverse=True)
    ]
    return render(
        request,
        "economics/in_kind_list.html",
        {**_base_context(request, "in_kind"), "years": years},
    )


def _in_kind_form(request: PoleRequest, contribution: InKindContribution) -> HttpResponse:
    return form_page(
        request,
        InKindForm(
            request.POST or None, instance=contribution, initial=_year_initial(contribution)
        ),
        save=lambda form: services.in_kind_save(
            actor=request.user, pole=request.pole, contribution=form.save(commit=False)
        ),
        template="economics/form.html",
        success=_("Contribution en nature enregistrée."),
        next_url=lambda obj: (
            reverse("in-kind-list", args=[request.pole.slug]) + f"#annee-{obj.year}"
        ),
        context={
            **_base_context(request, "in_kind"),
            "object": contribution,
            "title": _("Modifier la contribution en nature")
            if contribution.pk
            else _("Nouvelle contribution en nature"),
            "back_url": reverse("in-kind-list", args=[request.pole.slug]),
            "back_text": _("Retour aux contributions en nature"),
        },
    )


@pole_view(Capability.MANAGE_ECONOMICS)
def in_kind_create(request: PoleRequest) -> HttpResponse:
    return _in_kind_form(request, InKindContribution(pole=request.pole))


@pole_view(Capability.MANAGE_ECONOMICS)
def in_kind_edit(request: PoleRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(InKindContribution.objects.filter(pole=request.pole), pk=pk)
    return _in_kind_form(request, contribution)


@pole_view(Capability.MANAGE_ECONOMICS)
def in_kind_delete(request: PoleRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(InKindContribution.objects.filter(pole=request.pole), pk=pk)
    return _delete_page(
        request,
        contribution,
        delete=lambda **kw: services.in_kind_delete(contribution=contribution, **kw),
        what=str(contribution),
        back_url=reverse("in-kind-list", args=[request.pole.slug]),
        current="in_kind",
    )


# --- the annex of contributions in kind ---------------------------------------------------------


@dataclass(frozen=True)
class AnnexLine:
    account: str
    label: str
    amount: Decimal | None  # None: nothing recorded, or not valued (see `note`)
    note: str = ""


@dataclass(frozen=True)
class Annex:
    year: int
    uses: list[AnnexLine]
    resources: list[AnnexLine]
    total_uses: Decimal
    total_resources: Decimal
    hours: Decimal | None
    rate: Decimal | None
    rate_basis: str
    # Volunteering recorded but not valued: the totals leave it out, and say so.
    volunteering_unvalued: bool
    has_data: bool


def _use_labels() -> dict[str, str]:
    return {
        "860": _("Secours en nature"),
        "861": _("Mise à disposition gratuite de biens"),
        "862": _("Prestations"),
        "864": _("Personnel bénévole"),
    }


def _resource_labels() -> dict[str, str]:
    return {
        "870": _("Dons en nature"),
        "871": _("Prestations en nature"),
        "875": _("Bénévolat"),
    }


# The rows of the annex: each use beside its resource (862 has no resource of its own: services
# received are 871 like premises lent).
ANNEX_ROWS = (("860", "870"), ("861", "871"), ("862", None), ("864", "875"))


def build_annex(year: int) -> Annex:
    """The year's contributions in kind by account (class 8 of the associations' chart of
    accounts), each contribution once as a use (86x) and once as a resource (87x).

    Three queries: the in-kind sums by kind, the volunteering hours, the year's rate."""
    by_kind = selectors.in_kind_by_kind(year)
    uses: dict[str, Decimal | None] = dict.fromkeys(_use_labels())
    resources: dict[str, Decimal | None] = dict.fromkeys(_resource_labels())
    for kind, value in by_kind.items():
        use, resource = ACCOUNTS[InKindKind(kind)]
        uses[use] = (uses[use] or Decimal(0)) + value
        resources[resource] = (resources[resource] or Decimal(0)) + value
    rate_row = VolunteerRate.objects.filter(year=year).values("hourly_rate", "basis").first()
    rate = rate_row["hourly_rate"] if rate_row else None
    year_hours = selectors.volunteer_hours(year=year)
    hours = Decimal(year_hours["hours"].iloc[0]) if len(year_hours) else None
    volunteer_use, volunteer_resource = VOLUNTEER_ACCOUNTS
    note = ""
    unvalued = False
    if hours is not None:
        valued = eco.value_volunteering(year_hours, {year: rate} if rate is not None else {})
        value = valued["value"].iloc[0]
        if value is None:
            unvalued = True
            note = _(
                "%(hours)s de bénévolat, non valorisées : aucun taux horaire fixé pour %(year)s"
            ) % {"hours": _hours(hours), "year": year}
        else:
            amount = Decimal(str(value))
            uses[volunteer_use] = amount
            resources[volunteer_resource] = amount
            note = _("%(hours)s × %(rate)s") % {"hours": _hours(hours), "rate": euros(rate)}
    else:
        note = _("aucun temps bénévole saisi pour %(year)s") % {"year": year}
    use_lines = [
        AnnexLine(code, label, uses[code], note if code == volunteer_use else "")
        for code, label in _use_labels().items()
    ]
    resource_lines = [
        AnnexLine(code, label, resources[code], note if code == volunteer_resource else "")
        for code, label in _resource_labels().items()
    ]
    return Annex(
        year=year,
        uses=use_lines,
        resources=resource_lines,
        total_uses=sum((v for v in uses.values() if v is not None), Decimal(0)),
        total_resources=sum((v for v in resources.values() if v is not None), Decimal(0)),
        hours=hours,
        rate=rate,
        rate_basis=rate_row["basis"] if rate_row else "",
        volunteering_unvalued=unvalued,
        has_data=bool(by_kind) or hours is not None,
    )


def _annex_years() -> list[int]:
    """Years with contributions in kind or volunteering (two queries)."""
    years = set(InKindContribution.objects.order_by().values_list("year", flat=True).distinct())
    years |= set(VolunteerTime.objects.order_by().values_list("year", flat=True).distinct())
    return sorted(years)


def _annex_year(request: PoleRequest, years: list[int]) -> int:
    return _requested_year(request.GET.get("annee")) or (
        years[-1] if years else timezone.localdate().year
    )


@pole_view(Capability.VIEW_ECONOMICS)
@require_safe
def in_kind_annex(request: PoleRequest) -> HttpResponse:
    years = _annex_years()
    year = _annex_year(request, years)
    annex = build_annex(year)

    def shown(line: AnnexLine) -> dict[str, Any]:
        return {
            "account": line.account,
            "label": line.label,
            "amount": euros(line.amount) if line.amount is not None else None,
            "note": line.note,
        }

    # Side by side, as at the foot of the income statement; volunteering faces volunteering.
    uses = {line.account: shown(line) for line in annex.uses}
    resources = {line.account: shown(line) for line in annex.resources}
    pairs = [(uses.get(left), resources.get(right)) for left, right in ANNEX_ROWS]
    if annex.has_data:
        totals = [euros(annex.total_uses), euros(annex.total_resources)]
    else:
        totals = ["—", "—"]
    return render(
        request,
        "economics/in_kind_annex.html",
        {
            **_base_context(request, "annex"),
            "year": year,
            "year_form": _year_form(years, year),
            "annex": annex,
            "pairs": pairs,
            "total_uses": totals[0],
            "total_resources": totals[1],
        },
    )


def annex_workbook(annex: Annex, *, pole_name: str) -> bytes:
    """The annex as an .xlsx: uses in columns A–C, resources in E–G, amounts in euros."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Annexe %(year)s") % {"year": annex.year}
    bold = Font(bold=True)
    sheet["A1"] = _("Contributions volontaires en nature — %(pole)s — exercice %(year)s") % {
        "pole": pole_name,
        "year": annex.year,
    }
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"] = _("Plan comptable des associations (règlement ANC n° 2018-06), comptes 86 et 87.")
    headers = (
        (1, _("Emplois des contributions volontaires en nature")),
        (5, _("Contributions volontaires en nature")),
    )
    for column, title in headers:
        cell = sheet.cell(row=4, column=column, value=title)
        cell.font = bold
    for column, title in ((1, _("Compte")), (2, _("Libellé")), (3, _("Montant (€)"))):
        for offset in (0, 4):
            cell = sheet.cell(row=5, column=column + offset, value=title)
            cell.font = bold

    def write(row: int, column: int, line: AnnexLine) -> None:
        sheet.cell(row=row, column=column, value=line.account)
        sheet.cell(row=row, column=column + 1, value=line.label)
        amount = sheet.cell(row=row, column=column + 2)
        if line.amount is None:
            unvalued = annex.volunteering_unvalued and line.account in VOLUNTEER_ACCOUNTS
            amount.value = _("non valorisé") if unvalued else "—"
            amount.alignment = Alignment(horizontal="right")
        else:
            amount.value = float(line.amount)
            amount.number_format = EURO_FORMAT

    uses = {line.account: line for line in annex.uses}
    resources = {line.account: line for line in annex.resources}
    for index, (left, right) in enumerate(ANNEX_ROWS):
        if left is not None:
            write(6 + index, 1, uses[left])
        if right is not None:
            write(6 + index, 5, resources[right])
    total_row = 6 + len(ANNEX_ROWS)
    for column, total in ((1, annex.total_uses), (5, annex.total_resources)):
        sheet.cell(row=total_row, column=column + 1, value=_("Total")).font = bold
        cell = sheet.cell(row=total_row, column=column + 2, value=float(total))
        cell.number_format = EURO_FORMAT
        cell.font = bold
    notes_row = total_row + 2
    if annex.hours is not None:
        sheet.cell(
            row=notes_row,
            column=1,
            value=_("Bénévolat : %(hours)s heures") % {"hours": _number(annex.hours, 2)},
        )
        notes_row += 1
        if annex.rate is not None:
            sheet.cell(
                row=notes_row,
                column=1,
                value=_("Taux horaire : %(rate)s — %(basis)s")
                % {"rate": euros(annex.rate), "basis": annex.rate_basis},
            )
        else:
            sheet.cell(
                row=notes_row,
                column=1,
                value=_(
                    "Bénévolat non valorisé : aucun taux horaire fixé pour %(year)s ; les "
                    "totaux ne le comprennent pas."
                )
                % {"year": annex.year},
            )
    for column, width in zip("ABCDEFG", (9, 40, 16, 3, 9, 32, 16), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pole_view(Capability.VIEW_ECONOMICS)
@require_safe
def in_kind_annex_xlsx(request: PoleRequest) -> HttpResponse:
    years = _annex_years()
    year = _annex_year(request, years)
    content = annex_workbook(build_annex(year), pole_name=request.pole.name)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    filename = f"annexe-contributions-en-nature-{request.pole.slug}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

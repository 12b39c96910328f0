"""The référentiel's measured (M) indicators of a pole, computed from the platform's data.

One small function per indicator code (:data:`MEASURES`) returns the raw value in the unit of
the indicator's bands, or None with a French text naming the data that is missing;
:func:`measure_all` scores every M indicator of the référentiel it is given. Missing data is
never 0; a real zero is (no pooling recorded while the pole has members: B1.1 is 0).

Shared rules:

* the *members* are the structures with a membership running on `on`, partners included (as
  in the registry's figures and the network indicators); B2.1 keeps the mobilisation
  figures' rule, which leaves partners out;
* a *window* is the last N months up to `on` included (``ptce.network.selectors.
  window_bounds``): N is the indicator's own ``window_months`` when the référentiel fixes one
  (A1.3, A2.1, A2.2, C3.2, C3.3: 36; B1.3, B2.1, C3.1: 12), else the `months` asked for;
* the *last complete year* is the calendar year before `on`'s year;
* a project is *active on `on`* as `ptce_analytics.indicators.projects_active_on` says, and
  *ran in a window* as `ptce_analytics.indicators.projects_in_window` says;
* the count indicators are not measurable when the pole has no member on `on`: with an empty
  registry, 0 would describe the platform, not the pole.

=====  =========================================================  ==============  ==========
code   source                                                     unit            window
=====  =========================================================  ==============  ==========
A1.1   `indicators.territorial_share` over members' communes      percent         on `on`
A1.2   `indicators.territorial_share` weighted by latest FTE      percent         on `on`
A1.3   members, funders, active projects' partners; authorities   count           36 months
A2.1   `indicators.project_jobs`                                  fte             36 months
A2.2   `indicators.new_activities`                                count           36 months
A2.3   `indicators.environmental_share`                           percent         on `on`
A3.1   `indicators.multidimensional_share`                        percent         on `on`
A3.2   `indicators.sector_entropy` of members' NAF sections       index           on `on`
A3.3   `ptce.network.indicators.a3_3_cross_sector` × 100          percent         `months`
B1.1   `ptce.pooling.selectors.active_poolings_count`             count           on `on`
B1.2   `indicators.engaged_share`                                 percent         on `on`
B1.3   `ptce.network.indicators.b1_3_density`                     ratio           12 months
B1.4   shared employees under contract: hours / 151.67            fte             on `on`
B2.1   `mobilisation.plenary_participation_rate`, mean × 100      percent         12 months
B2.2   `ptce.network.indicators.b2_2_natural_person_seats` × 100  percent         on `on`
B2.3   `ptce.network.indicators.b2_3_parity` (``index``)          index           on `on`
B2.4   `ptce.network.indicators.b2_4_shared_power` (``ratio``)    ratio           on `on`
B3.1   members' charter signatures, Pole.charter_signed_on        percent         on `on`
B3.2   `execution.classify_actions`, 3 months' delay, 30 days     percent         `months`
C1.1   `indicators.growth_same_members` of FTE                    percent         3 years
C1.2   `indicators.growth_same_members` of turnover               percent         3 years
C1.3   `economics.resource_mix` ``own_share`` × 100               percent         last year
C1.4   `economics.resource_mix` ``diversification``               index           last year
C2.1   non-ESS enterprises: members, partners of projects         count           `months`
C2.2   `economics.resource_mix` ``public_share`` × 100            percent         last year
C2.3   `ptce.network.indicators.c2_3_decloisonnement`             index           `months`
C2.4   `economics.resource_mix` ``multi_year_public_share`` × 100 percent         last year
C3.1   research and training bodies: members, partners, meetings  count           12 months
C3.2   `indicators.study_projects`                                count           36 months
C3.3   `indicators.innovative_projects`                           count           36 months
=====  =========================================================  ==============  ==========

Every function's docstring says what makes it not measurable. :func:`measure_all` must run
inside the pole's scope (django-scopes); it reads each source once, in a fixed number of
queries whatever the size of the pole.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ptce.core.text import fold
from ptce.economics import selectors as economics_selectors
from ptce.evaluation import measure_selectors as reads
from ptce.meetings import selectors as meetings_selectors
from ptce.network import indicators as network_indicators
from ptce.network.display import reason as network_reason
from ptce.network.naf import naf_section
from ptce.network.selectors import Window, window_bounds
from ptce.pooling.selectors import active_poolings_count, pooling_participation_frame
from ptce.projects.selectors import projects_frame
from ptce_analytics import economics, execution, indicators, mobilisation
from ptce_analytics.referential import Referential

__all__ = [
    "MEASURES",
    "UNKNOWN_INDICATOR",
    "Context",
    "Measure",
    "Raw",
    "measure_all",
    "measure_one",
]

NON_ESS_ENTERPRISE = "non_ess_enterprise"
RESEARCH_AND_TRAINING = ("research", "training")
# B3.2: decisions this old have had time to be acted upon; a due date is met with this grace.
DECISION_AGE_MONTHS = 3
GRACE_DAYS = 30
# Values are kept to this many decimals, and scored as kept: the score always matches the
# value shown.
DECIMALS = 6


UNKNOWN_INDICATOR = gettext_lazy("indicateur inconnu de cette version du calcul")


@dataclass(frozen=True)
class Measure:
    """A measured indicator: its value in the unit of its bands, score 0–4 and band label, or
    None and `missing`, the French text naming the data that is missing ("" when measured)."""

    code: str
    value: float | None
    unit: str
    score: int | None
    band: str | None
    missing: str


@dataclass(frozen=True)
class Raw:
    """What an indicator function returns: a value, or None and the missing data."""

    value: float | None
    missing: str = ""


def _months_text(months: int) -> str:
    return _("des %(months)s derniers mois") % {"months": months}


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class Context:
    """The pole, the reference date and window, and every source the indicators read, each
    read once when first needed (so `measure_all` costs a fixed number of queries)."""

    def __init__(self, pole, *, on: dt.date, months: int, referential: Referential) -> None:
        if months < 1:
            raise ValueError("months must be at least 1")
        self.pole = pole
        self.on = on
        self.months = months
        self.referential = referential

    def months_for(self, code: str) -> int:
        """The indicator's own window when the référentiel fixes one, else `months`."""
        try:
            fixed = self.referential.indicator(code).window_months
        except KeyError:
            fixed = None
        return fixed or self.months

    def window(self, code: str) -> Window:
        return window_bounds(self.on, self.months_for(code))

    @property
    def last_year(self) -> int:
        """The last complete year: the calendar year before `on`'s."""
        return self.on.year - 1

    @cached_property
    def organisations(self) -> dict[int, reads.OrganisationRow]:
        return reads.organisations(self.pole)

    @cached_property
    def members(self) -> dict[int, list[dt.date]]:
        return reads.member_charters(self.pole, on=self.on)

    @cached_property
    def territory(self) -> frozenset[str]:
        return reads.territory_codes(self.pole)

    @cached_property
    def years(self) -> list[reads.YearRow]:
        return reads.member_years(self.pole, on=self.on)

    @cached_property
    def projects(self) -> pd.DataFrame:
        return projects_frame(self.pole)

    @cached_property
    def participations(self) -> pd.DataFrame:
        return pooling_participation_frame(self.pole)

    @cached_property
    def funding_rows(self) -> list[dict]:
        return economics_selectors.funding_rows()

    @cached_property
    def last_year_mix(self) -> economics.YearMix:
        funding = economics_selectors.funding_frame(self.funding_rows)
        return economics.resource_mix(funding, years=[self.last_year])[0]

    def organisation(self, pk: int) -> reads.OrganisationRow | None:
        return self.organisations.get(pk)

    def families(self, pks: Iterable[int]) -> list[str]:
        """The actor family of each structure ("" when not classified)."""
        return [row.actor_family for pk in pks if (row := self.organisation(pk)) is not None]

    def latest_fte(self) -> dict[int, float]:
        """Each member's FTE of the latest year up to `on`'s year where it is known."""
        latest: dict[int, float] = {}
        for row in self.years:  # ordered by structure, then year
            if row.fte is not None:
                latest[row.organisation_id] = float(row.fte)
        return latest

    def partners(self, mask: pd.Series) -> set[int]:
        """The partners (leads included) of the projects selected by `mask`."""
        chosen = self.projects.loc[mask.to_numpy(), "partner_ids"]
        return {int(pk) for partners in chosen for pk in partners}

    def projects_in(self, code: str) -> pd.Series:
        window = self.window(code)
        return indicators.projects_in_window(self.projects, window.start, window.end)


# --- the registry of indicator functions --------------------------------------------------------

MEASURES: dict[str, Callable[[Context], Raw]] = {}
NATIVE_UNITS: dict[str, str] = {}


def _measure(code: str, unit: str):
    def register(function: Callable[[Context], Raw]) -> Callable[[Context], Raw]:
        MEASURES[code] = function
        NATIVE_UNITS[code] = unit
        return function

    return register


def _no_member() -> Raw:
    return Raw(None, _("aucune structure membre à cette date"))


def _empty_registry() -> Raw:
    return Raw(None, _("aucune structure membre à cette date : le registre du pôle est vide"))


def _percent(share: float | None) -> float | None:
    return None if share is None else share * 100


# --- A. territory -------------------------------------------------------------------------------


def _territory_reason(missing: str) -> str:
    return {
        indicators.NO_TERRITORY: _(
            "territoire du pôle non renseigné : aucune commune n'est rattachée au pôle"
        ),
        indicators.NO_MEMBER: _("aucune structure membre à cette date"),
        indicators.NO_COMMUNE: _("aucune commune renseignée pour les structures membres"),
        indicators.NO_FTE: _("aucun ETP renseigné pour les structures membres"),
        indicators.NO_COMMUNE_AND_FTE: _(
            "aucune structure membre dont la commune et l'ETP sont tous deux renseignés"
        ),
        indicators.NO_JOB: _("les ETP renseignés pour les structures membres sont tous nuls"),
    }[missing]


@_measure("A1.1", "percent")
def a1_1_local_members(ctx: Context) -> Raw:
    """% of member structures whose commune lies in the pole's territory.

    Not measurable: the pole has no commune in its territory, no member, or no member whose
    commune is known (members whose commune is unknown are left out of the share)."""
    communes = [ctx.organisation(pk).commune_id for pk in ctx.members]
    share = indicators.territorial_share(communes, ctx.territory)
    return Raw(share.value, _territory_reason(share.missing) if share.missing else "")


@_measure("A1.2", "percent")
def a1_2_local_jobs(ctx: Context) -> Raw:
    """% of the members' FTE located in the territory, each structure's FTE (the latest year
    up to `on`'s year where it is known) placed at its commune.

    Not measurable: no territory, no member, no member whose FTE (or whose commune and FTE)
    is known, or known FTE all 0."""
    fte = ctx.latest_fte()
    communes = [ctx.organisation(pk).commune_id for pk in ctx.members]
    weights = [fte.get(pk) for pk in ctx.members]
    share = indicators.territorial_share(communes, ctx.territory, weights=weights)
    return Raw(share.value, _territory_reason(share.missing) if share.missing else "")


@_measure("A1.3", "count")
def a1_3_local_authorities(ctx: Context) -> Raw:
    """Distinct local authorities or groupings engaged: members on `on`, funders of a line of
    a year the window touches, partners of a project active on `on`.

    A structure of the registry is an authority by its INSEE legal category
    (`indicators.LOCAL_AUTHORITY_CATEGORIES`); the funder of a regional, departmental,
    intercommunal or communal grant is one whatever its category, whether the line names a
    structure or only types its name. Authorities are told apart by their folded name, so
    the same authority recorded as a structure and typed on a line counts once. Funding
    lines have a year, not a date: a line counts when its year overlaps the window. 0 is a
    real zero. Not measurable: no member on `on`."""
    if not ctx.members:
        return _empty_registry()
    found: set[str] = set()

    def add(pk: int | None) -> None:
        organisation = ctx.organisation(pk) if pk is not None else None
        if organisation is not None and indicators.is_local_authority(organisation.legal_category):
            found.add(organisation.name_key or f"#{organisation.pk}")

    for pk in ctx.members:
        add(pk)
    window = ctx.window("A1.3")
    for row in ctx.funding_rows:
        if not window.start.year <= row["year"] <= ctx.on.year:
            continue
        if row["source_kind"] in indicators.LOCAL_AUTHORITY_SOURCE_KINDS:
            # Only an authority grants these: whoever the line names is one. The folded name
            # is a structure's name_key, so the two ways of naming it meet.
            name = fold(row["funder_label"] or "")
            if name:
                found.add(name)
        else:
            add(row["funder_id"])
    for pk in ctx.partners(indicators.projects_active_on(ctx.projects, ctx.on)):
        add(pk)
    return Raw(float(len(found)))


@_measure("A2.1", "fte")
def a2_1_project_jobs(ctx: Context) -> Raw:
    """FTE created or consolidated by the projects that ran in the window (36 months).

    Projects whose figures are unknown are left out (the sum is a lower bound); no project in
    the window is a real 0. Not measurable: no member, or projects ran but none says how many
    jobs it created or consolidated."""
    if not ctx.members:
        return _empty_registry()
    window = ctx.window("A2.1")
    total = indicators.project_jobs(ctx.projects, start=window.start, end=window.end)
    if total.missing:
        return Raw(
            None,
            _("emplois créés ou consolidés non renseignés pour les projets %(period)s")
            % {"period": _months_text(ctx.months_for("A2.1"))},
        )
    return Raw(total.value)


@_measure("A2.2", "count")
def a2_2_new_activities(ctx: Context) -> Raw:
    """New activities and enterprises created through the projects that ran in the window.

    As A2.1. Not measurable: no member, or projects ran but none says what it created."""
    if not ctx.members:
        return _empty_registry()
    window = ctx.window("A2.2")
    total = indicators.new_activities(ctx.projects, start=window.start, end=window.end)
    if total.missing:
        return Raw(
            None,
            _("activités ou entreprises créées non renseignées pour les projets %(period)s")
            % {"period": _months_text(ctx.months_for("A2.2"))},
        )
    return Raw(total.value)


def _goal_reason(missing: str) -> str:
    if missing == indicators.NO_ACTIVE_PROJECT:
        return _("aucun projet actif à cette date")
    return _(
        "finalités (économique, sociale, environnementale) non renseignées pour les projets actifs"
    )


@_measure("A2.3", "percent")
def a2_3_environmental_projects(ctx: Context) -> Raw:
    """% of the projects active on `on` with an environmental goal.

    Projects with none of the three goals ticked are left out. Not measurable: no active
    project, or none has its goals recorded."""
    share = indicators.environmental_share(ctx.projects, ctx.on)
    return Raw(share.value, _goal_reason(share.missing) if share.missing else "")


@_measure("A3.1", "percent")
def a3_1_multidimensional_projects(ctx: Context) -> Raw:
    """% of the projects active on `on` pursuing at least two of the three goals.

    Not measurable: as A2.3."""
    share = indicators.multidimensional_share(ctx.projects, ctx.on)
    return Raw(share.value, _goal_reason(share.missing) if share.missing else "")


@_measure("A3.2", "index")
def a3_2_sector_diversity(ctx: Context) -> Raw:
    """Normalised Shannon entropy (0–1) of the members' NAF sections.

    Members whose NAF code is blank or unknown are left out. Not measurable: no member, or
    fewer than 2 members with a known NAF section."""
    if not ctx.members:
        return _no_member()
    sections = [naf_section(ctx.organisation(pk).naf_code) for pk in ctx.members]
    entropy = indicators.sector_entropy(sections)
    if entropy.missing:
        return Raw(None, _("code NAF renseigné pour moins de deux structures membres"))
    return Raw(entropy.value)


def _network(code: str, attribute: str, factor: float = 1.0):
    function = network_indicators.INDICATORS[code]

    def measure(ctx: Context) -> Raw:
        result = function(ctx.pole, on=ctx.on, months=ctx.months_for(code))
        value = getattr(result, attribute)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return Raw(None, network_reason(result.missing) or _("donnée insuffisante"))
        return Raw(float(value) * factor)

    measure.__name__ = f"{code.replace('.', '_').lower()}_{attribute}"
    measure.__doc__ = (
        f"{code}: `ptce.network.indicators.{function.__name__}` (``{attribute}``"
        f"{' × 100' if factor != 1 else ''}); not measurable for the reason it gives."
    )
    return measure


_measure("A3.3", "percent")(_network("A3.3", "value", 100.0))


# --- B. cooperation and governance --------------------------------------------------------------


@_measure("B1.1", "count")
def b1_1_active_poolings(ctx: Context) -> Raw:
    """Poolings running on `on` (a missing start or end date is open), every kind.

    0 is a real zero. Not measurable: no member on `on`."""
    if not ctx.members:
        return _empty_registry()
    return Raw(float(active_poolings_count(ctx.pole, today=ctx.on)))


@_measure("B1.2", "percent")
def b1_2_engaged_members(ctx: Context) -> Raw:
    """% of member structures taking part in a pooling running on `on` or partners of a
    project active on `on`. Not measurable: no member."""
    share = indicators.engaged_share(ctx.members, ctx.participations, ctx.projects, ctx.on)
    return Raw(share.value, _("aucune structure membre à cette date") if share.missing else "")


_measure("B1.3", "ratio")(_network("B1.3", "value"))


@_measure("B1.4", "fte")
def b1_4_shared_jobs(ctx: Context) -> Raw:
    """FTE of the shared employees under contract on `on`: contract hours / 151.67.

    0 is a real zero. Not measurable: no member on `on`."""
    if not ctx.members:
        return _empty_registry()
    return Raw(float(reads.shared_employment_fte(ctx.pole, on=ctx.on)))


@_measure("B2.1", "percent")
def b2_1_plenary_participation(ctx: Context) -> Raw:
    """Mean % of member structures present at the plenaries and general assemblies of the
    window (12 months), as `mobilisation.plenary_participation_rate` counts them (partners
    left out). A plenary where nobody is recorded present is a measured 0 %.

    Not measurable: no plenary in the window, or no member on the dates of the plenaries."""
    window = ctx.window("B2.1")
    meetings = meetings_selectors.meetings_frame(start=window.start, end=window.end)
    attendance = meetings_selectors.attendance_frame(start=window.start, end=window.end)
    rates = mobilisation.plenary_participation_rate(
        meetings, attendance, meetings_selectors.members_frame()
    )
    if rates.empty:
        return Raw(
            None,
            _("aucune plénière ni assemblée générale %(period)s")
            % {"period": _months_text(ctx.months_for("B2.1"))},
        )
    known = rates["rate"].dropna()
    if known.empty:
        return Raw(None, _("aucune structure membre aux dates des plénières"))
    return Raw(float(known.mean()) * 100)


_measure("B2.2", "percent")(_network("B2.2", "share", 100.0))
_measure("B2.3", "index")(_network("B2.3", "index"))
_measure("B2.4", "ratio")(_network("B2.4", "ratio"))


@_measure("B3.1", "percent")
def b3_1_charter(ctx: Context) -> Raw:
    """% of member structures that signed the current charter by `on`.

    The current charter is dated `Pole.charter_signed_on` when that date is on or before
    `on`: a signature counts from that date. Without a charter date, every signature up to
    `on` counts. With no charter date and no signature, the pole has no charter: 0, as the
    référentiel says. Not measurable: no member."""
    if not ctx.members:
        return _no_member()
    charter = ctx.pole.charter_signed_on
    if charter is not None and charter > ctx.on:
        charter = None
    signed = sum(
        any(day <= ctx.on and (charter is None or day >= charter) for day in days)
        for days in ctx.members.values()
    )
    return Raw(100 * signed / len(ctx.members))


@_measure("B3.2", "percent")
def b3_2_decisions_done(ctx: Context) -> Raw:
    """% of the actions decided in the window, more than 3 months before `on`, that were done
    by their due date + 30 days.

    Actions are classified by `execution.classify_actions` as of `on` (a completion after
    `on` had not happened yet). Counted: actions done (on time, within 30 days of their due
    date, or with no due date: success; later: failure) and actions not done whose due date
    + 30 days is past (failure). Left out: dropped actions, actions done on an unknown day,
    and actions not done whose due date (+ 30 days) is still to come or missing. Not
    measurable: no such action, or a window of 3 months or less."""
    window = ctx.window("B3.2")
    decided_by = (pd.Timestamp(ctx.on) - pd.DateOffset(months=DECISION_AGE_MONTHS)).date()
    if decided_by < window.start:
        return Raw(None, _("période trop courte : aucune décision n'a plus de 3 mois"))
    actions = meetings_selectors.actions_frame(start=window.start, end=decided_by)
    on = pd.Timestamp(ctx.on)
    later = actions["completed_on"] > on
    if later.any():
        actions = actions.copy()
        actions.loc[later, "status"] = "in_progress"
        actions.loc[later, "completed_on"] = pd.NaT
    classified = execution.classify_actions(actions, on=ctx.on)
    state = classified["state"]
    done = state.isin(["done_on_time", "done_late"])
    in_time = state.eq("done_on_time") | (
        state.eq("done_late") & (classified["delay_days"] <= GRACE_DAYS)
    )
    deadline = pd.to_datetime(classified["due_date"]) + pd.Timedelta(days=GRACE_DAYS)
    failed = state.isin(["open", "overdue"]) & deadline.notna() & (deadline < on)
    judged = int((done | failed).sum())
    if not judged:
        return Raw(
            None,
            _(
                "aucune action décidée entre le %(start)s et le %(end)s dont on puisse dire si "
                "elle a été réalisée à temps"
            )
            % {"start": _day(window.start), "end": _day(decided_by)},
        )
    return Raw(100 * int(in_time.sum()) / judged)


# --- C. economy ---------------------------------------------------------------------------------


def _growth(ctx: Context, field: str, what: str) -> Raw:
    end_year = ctx.last_year
    start_year = end_year - 3
    figures = pd.DataFrame.from_records(
        [(row.organisation_id, row.year, getattr(row, field)) for row in ctx.years],
        columns=["organisation_id", "year", "value"],
    )
    growth = indicators.growth_same_members(figures, start_year=start_year, end_year=end_year)
    if growth.missing == indicators.NO_PAIR:
        return Raw(
            None,
            _(
                "aucune structure membre dont %(what)s est renseigné à la fois pour %(start)s "
                "et %(end)s"
            )
            % {"what": what, "start": start_year, "end": end_year},
        )
    if growth.missing:
        return Raw(
            None,
            _("%(what)s des structures membres est nul en %(start)s")
            % {"what": what, "start": start_year},
        )
    return Raw(growth.value)


@_measure("C1.1", "percent")
def c1_1_members_jobs_growth(ctx: Context) -> Raw:
    """% growth of the members' FTE from the last complete year − 3 to the last complete
    year, over the current members whose FTE is known both years.

    Not measurable: no current member has its FTE for both years, or their first total is 0."""
    if not ctx.members:
        return _no_member()
    return _growth(ctx, "fte", _("l'ETP"))


@_measure("C1.2", "percent")
def c1_2_members_turnover_growth(ctx: Context) -> Raw:
    """% growth of the members' turnover, as C1.1.

    Not measurable: as C1.1, for the turnover."""
    if not ctx.members:
        return _no_member()
    return _growth(ctx, "turnover_eur", _("le chiffre d'affaires"))


def _no_budget(ctx: Context) -> Raw:
    return Raw(
        None,
        _(
            "aucune ligne de financement de fonctionnement pour le dernier exercice complet "
            "(%(year)s)"
        )
        % {"year": ctx.last_year},
    )


@_measure("C1.3", "percent")
def c1_3_self_financing(ctx: Context) -> Raw:
    """% of the last complete year's budget from members' dues and own revenue
    (`economics.resource_mix` ``own_share``).

    Not measurable: no operating resource line that year."""
    mix = ctx.last_year_mix
    if mix.own_share is None:
        return _no_budget(ctx)
    return Raw(_percent(mix.own_share))


@_measure("C1.4", "index")
def c1_4_diversification(ctx: Context) -> Raw:
    """1 − Herfindahl index of the last complete year's resources by funder
    (`economics.resource_mix` ``diversification``).

    Not measurable: no operating resource line that year."""
    mix = ctx.last_year_mix
    if mix.diversification is None:
        return _no_budget(ctx)
    return Raw(mix.diversification)


@_measure("C2.1", "count")
def c2_1_non_ess_enterprises(ctx: Context) -> Raw:
    """Non-ESS enterprises (actor family) among the members on `on` and the partners of the
    projects that ran in the window (`months`).

    0 is a real zero. Not measurable: no member on `on`."""
    if not ctx.members:
        return _empty_registry()
    involved = set(ctx.members) | ctx.partners(ctx.projects_in("C2.1"))
    count = sum(family == NON_ESS_ENTERPRISE for family in ctx.families(involved))
    return Raw(float(count))


@_measure("C2.2", "percent")
def c2_2_public_share(ctx: Context) -> Raw:
    """% of the last complete year's budget from public grants (`economics.resource_mix`
    ``public_share``); the bands score a lower share higher.

    Not measurable: no operating resource line that year."""
    mix = ctx.last_year_mix
    if mix.public_share is None:
        return _no_budget(ctx)
    return Raw(_percent(mix.public_share))


_measure("C2.3", "index")(_network("C2.3", "value"))


@_measure("C2.4", "percent")
def c2_4_multi_year_public(ctx: Context) -> Raw:
    """% of the last complete year's public grants under agreements of 24 months or more
    (`economics.resource_mix` ``multi_year_public_share``).

    Not measurable: no operating resource line that year, or no public grant among them."""
    mix = ctx.last_year_mix
    if mix.budget is None:
        return _no_budget(ctx)
    if mix.multi_year_public_share is None:
        return Raw(
            None,
            _("aucun financement public pour le dernier exercice complet (%(year)s)")
            % {"year": ctx.last_year},
        )
    return Raw(_percent(mix.multi_year_public_share))


@_measure("C3.1", "count")
def c3_1_research_partners(ctx: Context) -> Raw:
    """Research, higher-education and training bodies (actor families "research" and
    "training") that are members on `on`, partners of a project that ran in the window
    (12 months), or represented by someone present at a meeting of the window.

    0 is a real zero. Not measurable: no member on `on`."""
    if not ctx.members:
        return _empty_registry()
    window = ctx.window("C3.1")
    involved = set(ctx.members) | ctx.partners(ctx.projects_in("C3.1"))
    involved |= reads.present_structures(ctx.pole, start=window.start, end=window.end)
    count = sum(family in RESEARCH_AND_TRAINING for family in ctx.families(involved))
    return Raw(float(count))


@_measure("C3.2", "count")
def c3_2_studies(ctx: Context) -> Raw:
    """R&D, action-research, study or evaluation projects that ran in the window (36 months).

    0 is a real zero. Not measurable: no member on `on`."""
    if not ctx.members:
        return _empty_registry()
    window = ctx.window("C3.2")
    return Raw(indicators.study_projects(ctx.projects, start=window.start, end=window.end).value)


@_measure("C3.3", "count")
def c3_3_innovations(ctx: Context) -> Raw:
    """Projects flagged socially or technologically innovative that ran in the window
    (36 months); projects whose innovation is unknown are left out, no project is a real 0.

    Not measurable: no member on `on`, or projects ran but the innovation of none is known."""
    if not ctx.members:
        return _empty_registry()
    window = ctx.window("C3.3")
    total = indicators.innovative_projects(ctx.projects, start=window.start, end=window.end)
    if total.missing:
        return Raw(
            None,
            _("caractère innovant non renseigné pour les projets %(period)s")
            % {"period": _months_text(ctx.months_for("C3.3"))},
        )
    return Raw(total.value)


# --- scoring ------------------------------------------------------------------------------------

# Units on the same scale up to a factor: a référentiel may write a share in % or from 0 to 1.
_SCALES = {"percent": 100.0, "ratio": 1.0, "index": 1.0}


def _convert(value: float, native: str, wanted: str | None) -> float | None:
    if wanted is None or wanted == native:
        return value
    if native in _SCALES and wanted in _SCALES:
        return value * _SCALES[wanted] / _SCALES[native]
    return None


def _score(indicator, raw: Raw) -> Measure:
    code, unit = indicator.code, indicator.unit or ""
    if raw.value is None:
        return Measure(code, None, unit, None, None, raw.missing or _("donnée insuffisante"))
    native = NATIVE_UNITS[code]
    value = _convert(raw.value, native, indicator.unit)
    if value is None:
        return Measure(
            code,
            None,
            unit,
            None,
            None,
            _("l'unité du référentiel (%(wanted)s) ne correspond pas au calcul (%(native)s)")
            % {"wanted": unit, "native": native},
        )
    value = round(value, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    try:
        scored = indicator.score(value)
    except ValueError:
        return Measure(
            code, value, unit, None, None, _("valeur en dehors des bandes du référentiel")
        )
    return Measure(code, value, unit, scored.score, scored.band_label, "")


def _measured(indicators_: Iterable, ctx: Context) -> dict[str, Measure]:
    out: dict[str, Measure] = {}
    for indicator in indicators_:
        function = MEASURES.get(indicator.code)
        if function is None:
            out[indicator.code] = Measure(
                indicator.code, None, indicator.unit or "", None, None, str(UNKNOWN_INDICATOR)
            )
            continue
        out[indicator.code] = _score(indicator, function(ctx))
    return out


def measure_all(
    pole, *, on: dt.date, months: int = 12, referential: Referential
) -> dict[str, Measure]:
    """Every M indicator of `referential` for `pole` at `on`, in the référentiel's order.

    `months` is the window of the indicators whose référentiel entry fixes none (see the
    module documentation). An indicator this module has no function for is returned with
    the missing text « indicateur inconnu de cette version du calcul ». Runs inside the
    pole's scope, in a fixed number of queries.
    """
    ctx = Context(pole, on=on, months=months, referential=referential)
    return _measured((ind for ind in referential.indicators if ind.measured), ctx)


def measure_one(
    pole, code: str, *, on: dt.date, months: int = 12, referential: Referential
) -> Measure:
    """One M indicator, as :func:`measure_all` computes it (KeyError for an unknown code)."""
    indicator = referential.indicator(code)
    if not indicator.measured:
        raise ValueError(f"indicator {code} is declared (D): it is not measured")
    ctx = Context(pole, on=on, months=months, referential=referential)
    return _measured([indicator], ctx)[code]

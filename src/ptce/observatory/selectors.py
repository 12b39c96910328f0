"""Reads of the observatory: the paper's pôles témoins, and the poles that share their data.

Two sources, kept apart:

* the paper's typology (`paper_typology`) reads the packaged `poles_temoins.yaml` through the
  demo's loader, so that it shows the same counts on any database;
* everything else reads the database, and only the poles that agreed to share with the
  observatory (`Pole.shares_with_observatory`). Each pole's rows are read inside its own scope
  (`django_scopes.scope(pole=...)`), in a number of queries that does not grow with the size of
  the pole: aggregates only, never a person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import QuerySet
from django.utils import timezone
from django_scopes import scope

from ptce.core.text import fold
from ptce.demo.services import OBSERVED_POLE, load_poles_data
from ptce.economics import selectors as economics_selectors
from ptce.meetings import selectors as meetings_selectors
from ptce.poles.models import ActivityFamily, CallAward, CallKind, Origin, Pole, TerritoryType
from ptce.poles.selectors import TerritoryFigures, territory_figures
from ptce.pooling.models import Pooling, PoolingKind, active_on
from ptce.registry.models import ActorFamily
from ptce.registry.selectors import member_organisations
from ptce.territory.models import Commune, Departement
from ptce_analytics import economics as eco
from ptce_analytics.mobilisation import MobilisationSummary, mobilisation_summary
from ptce_analytics.registry import MembershipFigures, membership_figures

__all__ = [
    "SIZE_CLASSES",
    "CategoryCount",
    "PaperTypology",
    "PoleFacts",
    "PROFILE_VARIABLES",
    "PoleComparison",
    "consenting_poles",
    "last_complete_year",
    "paper_typology",
    "pole_comparison",
    "pole_facts",
    "profile_frame",
    "size_class",
    "witness_slugs",
]


# --- the paper's typology, from the packaged data ---------------------------------------------


@dataclass(frozen=True)
class CategoryCount:
    """One line of a typology table: a category, how many poles, and which ones."""

    code: str
    count: int
    poles: tuple[str, ...]


@dataclass(frozen=True)
class PaperTypology:
    poles: tuple[dict[str, Any], ...]  # the twelve records, in the file's order
    territory: tuple[CategoryCount, ...]
    activity: tuple[CategoryCount, ...]
    laureates_2013: CategoryCount
    others_2013: CategoryCount
    employer_group: CategoryCount
    employer_group_unknown: CategoryCount
    origin: tuple[CategoryCount, ...]  # what the per-pole data says ("" = not documented)
    showcase_place: tuple[CategoryCount, ...]  # "yes", "no", "" (not documented)
    published: dict[str, Any]


def _count(records: Sequence[dict[str, Any]], code: str, keep: Any) -> CategoryCount:
    names = tuple(record["name"] for record in records if keep(record))
    return CategoryCount(code=code, count=len(names), poles=names)


def _by(
    records: Sequence[dict[str, Any]], key: str, codes: Iterable[str]
) -> tuple[CategoryCount, ...]:
    return tuple(
        _count(records, code, lambda r, c=code: (r.get(key) or "") == c) for code in codes
    )


def paper_typology() -> PaperTypology:
    """The paper's counts over the twelve pôles témoins (Le Périscope is not one of them).

    Territory types and activity families are stated per pole in the paper; so are the
    laureates of the 2013 call and the employer groups (footnotes 14 and 18). A null in the
    data is "not documented", never "no": it gets its own line.
    """
    data = load_poles_data()
    records = tuple(r for r in data["poles"] if r["slug"] != OBSERVED_POLE)
    return PaperTypology(
        poles=records,
        territory=_by(records, "territory_type", TerritoryType.values),
        activity=_by(records, "activity_family", ActivityFamily.values),
        laureates_2013=_count(records, "laureate", lambda r: r.get("laureate_2013") is True),
        others_2013=_count(records, "other", lambda r: r.get("laureate_2013") is False),
        employer_group=_count(records, "yes", lambda r: r.get("employer_group") is True),
        employer_group_unknown=_count(
            records, "", lambda r: r.get("employer_group") is None
        ),
        origin=(
            *_by(records, "origin", Origin.values),
            _count(records, "", lambda r: not r.get("origin")),
        ),
        showcase_place=(
            _count(records, "yes", lambda r: r.get("showcase_place") is True),
            _count(records, "no", lambda r: r.get("showcase_place") is False),
            _count(records, "", lambda r: r.get("showcase_place") is None),
        ),
        published=dict(data.get("published_aggregates") or {}),
    )


# --- the poles that share with the observatory ------------------------------------------------


def consenting_poles() -> QuerySet[Pole]:
    """The poles that agreed to share their aggregate figures with the observatory."""
    return Pole.objects.filter(shares_with_observatory=True).order_by("name", "pk")


# Size classes by member structures, for the typology (the paper's poles gather "about twenty").
SIZE_CLASSES = ((0, 9, "lt10"), (10, 19, "10-19"), (20, 39, "20-39"), (40, None, "40+"))


def size_class(members: int | None) -> str | None:
    """"lt10", "10-19", "20-39" or "40+"; None when the pole has no member recorded."""
    if not members:
        return None
    for low, high, code in SIZE_CLASSES:
        if members >= low and (high is None or members <= high):
            return code
    return None  # pragma: no cover - the last class is open


@dataclass(frozen=True)
class PoleFacts:
    """What the observatory may know of a consenting pole: its profile and aggregates."""

    pole: Pole
    departement: str | None  # INSEE code of the département most of its communes are in
    departement_name: str | None
    region: str | None
    region_name: str | None
    calls: tuple[tuple[str, int], ...]  # (call kind, year) it won
    members: MembershipFigures
    members_by_departement: dict[str | None, int]  # None: structures without a commune
    territory: TerritoryFigures
    employer_group: bool  # an employer group (shared employment) running today
    synthetic: bool  # some of its member structures are synthetic (demonstration data)

    @property
    def laureate_2013(self) -> bool:
        return any(call == CallKind.STATE_2013 for call, _year in self.calls)

    @property
    def size_class(self) -> str | None:
        return size_class(self.members.members)

    def families(self) -> dict[str, int]:
        """Member structures per actor family, every family present (0 when none)."""
        return {family: self.members.by_family.get(family, 0) for family in ActorFamily.values}


def _main_departements(poles: Sequence[Pole]) -> dict[int, str]:
    """pole id → its département: the one of its seat's town when that town is one of its
    communes, otherwise the one most of its communes are in (ties: the smaller code).

    A pole's territory may be an intercommunality that spans several départements (Béganne, in
    Morbihan, belongs to Redon Agglomération, mostly in Ille-et-Vilaine): the seat decides.
    """
    towns = {p.pk: fold(p.town) for p in poles if p.town}
    rows = Commune.objects.filter(poles__in=[p.pk for p in poles]).values_list(
        "poles", "departement_id", "name"
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    seats: dict[int, str] = {}
    for pole_id, code, name in rows:
        counts[pole_id][code] += 1
        if pole_id in towns and fold(name) == towns[pole_id]:
            seats[pole_id] = code
    return {
        pole_id: seats.get(pole_id)
        or min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        for pole_id, counter in counts.items()
    }


def _members(today: dt.date) -> tuple[MembershipFigures, dict[str | None, int], bool]:
    """The pole in scope's member structures on `today`, in one query."""
    rows = list(
        member_organisations(on=today).values_list(
            "actor_family", "is_ess", "commune__departement_id", "is_synthetic"
        )
    )
    figures = membership_figures((family, is_ess) for family, is_ess, _d, _s in rows)
    by_departement = Counter(code for _f, _e, code, _s in rows)
    return figures, dict(by_departement), any(synthetic for *_rest, synthetic in rows)


def pole_facts(poles: Iterable[Pole], *, today: dt.date | None = None) -> list[PoleFacts]:
    """The shared profile and aggregates of each pole, in the order given.

    Three queries for all the poles (their main départements, those départements' names, the
    calls they won) and five per pole, inside its scope: member structures, territory (two),
    employer group. Never a person.
    """
    day = today or timezone.localdate()
    poles = list(poles)
    if not poles:
        return []
    main = _main_departements(poles)
    names = {
        d.code: d
        for d in Departement.objects.filter(code__in=set(main.values())).select_related("region")
    }
    calls: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for pole_id, call, year in CallAward.objects.filter(pole__in=poles).order_by(
        "year", "call"
    ).values_list("pole_id", "call", "year"):
        calls[pole_id].append((call, year))
    out = []
    for pole in poles:
        with scope(pole=pole):
            members, by_departement, synthetic = _members(day)
            territory = territory_figures(pole)
            employer_group = Pooling.objects.filter(
                active_on(day), kind=PoolingKind.EMPLOYER_GROUP
            ).exists()
        code = main.get(pole.pk)
        departement = names.get(code) if code else None
        out.append(
            PoleFacts(
                pole=pole,
                departement=code,
                departement_name=departement.name if departement else None,
                region=departement.region_id if departement else None,
                region_name=departement.region.name if departement else None,
                calls=tuple(calls.get(pole.pk, ())),
                members=members,
                members_by_departement=by_departement,
                territory=territory,
                employer_group=employer_group,
                synthetic=synthetic,
            )
        )
    return out


# --- side by side -------------------------------------------------------------------------------


def last_complete_year(mix: Sequence[eco.YearMix], *, today: dt.date) -> eco.YearMix | None:
    """The last year before the current one with an operating budget (a running year is not
    complete), or None."""
    complete = [m for m in mix if m.year < today.year and m.budget is not None]
    return complete[-1] if complete else None


@dataclass(frozen=True)
class PoleComparison:
    facts: PoleFacts
    mobilisation: MobilisationSummary
    economics: eco.YearMix | None  # the last complete year, None when there is none
    economics_error: str = ""  # the analytics refused the data (kept, not hidden)


def pole_comparison(
    facts: Sequence[PoleFacts], *, today: dt.date | None = None
) -> list[PoleComparison]:
    """Mobilisation and economics of each pole, read in its scope (seven queries per pole)."""
    day = today or timezone.localdate()
    out = []
    for item in facts:
        with scope(pole=item.pole):
            start, end = meetings_selectors.mobilisation_window(None, None, today=day)
            meetings = meetings_selectors.meetings_frame(start=start, end=end)
            attendance = meetings_selectors.attendance_frame(start=start, end=end)
            members = meetings_selectors.members_frame()
            data = economics_selectors.economic_data()
        summary = mobilisation_summary(meetings, attendance, members, end=end)
        year: eco.YearMix | None = None
        error = ""
        if data.years:
            try:
                mix = eco.resource_mix(
                    data.funding, volunteering=data.volunteering, in_kind=data.in_kind
                )
            except ValueError as exc:
                error = str(exc)
            else:
                year = last_complete_year(mix, today=day)
        out.append(
            PoleComparison(facts=item, mobilisation=summary, economics=year, economics_error=error)
        )
    return out


# --- profiles for the typology ------------------------------------------------------------------

# The variables of a pole's profile, as the paper describes its pôles témoins, in order.
PROFILE_VARIABLES = (
    "territory_type",
    "activity_family",
    "origin",
    "legal_form",
    "laureate_2013",
    "showcase_place",
    "employer_group",
    "size_class",
)


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def profile_frame(facts: Sequence[PoleFacts]) -> pd.DataFrame:
    """One row per pole (indexed by slug), one column per profile variable, codes as strings;
    None where the answer is not known (the MCA makes it the category "<variable>.NA")."""
    rows = {
        f.pole.slug: {
            "territory_type": f.pole.territory_type or None,
            "activity_family": f.pole.activity_family or None,
            "origin": f.pole.origin or None,
            "legal_form": f.pole.legal_form or None,
            "laureate_2013": _yes_no(f.laureate_2013),
            "showcase_place": _yes_no(f.pole.showcase_place),
            "employer_group": _yes_no(f.employer_group),
            "size_class": f.size_class,
        }
        for f in facts
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(PROFILE_VARIABLES))
    return frame.astype(object).where(frame.notna(), None)


def witness_slugs() -> frozenset[str]:
    """The slugs of the paper's twelve pôles témoins (the packaged data)."""
    return frozenset(record["slug"] for record in paper_typology().poles)

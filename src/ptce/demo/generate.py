"""National-scale synthetic data, for load tests and benchmarks: `ptce generate`.

Pole number i ("Pôle généré 0001", slug `gen-0001`) is drawn from a random generator seeded
with (seed, i) alone, so growing from 10 to 1,000 poles adds 990 poles and leaves the first 10
as they were, and the same seed gives the same rows on every machine. Rows are written with
`bulk_create` in batches of poles; `Organisation.save()` is not called, so its derived columns
are set beforehand with the model's own `classify()` (see `synthetic.prepare_for_bulk`).

With `meetings=True` (the default) each new pole also gets its cooperative life: people,
working groups, 200-220 meetings, attendance, decisions and actions (see `generate_life`), and
its economy: poolings, employer group, bookings, projects, budgets (see `generate_economy`).
A pole is generated whole or not at all: a pole already there is skipped as it is, so poles
first generated without meetings get none until they are rebuilt with `replace=True`.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from ptce.core.exceptions import PtceError
from ptce.demo.economy import EconomyCounts
from ptce.demo.generate_economy import create_economy
from ptce.demo.generate_life import LifeCounts, PoleSeed, create_cooperative_life
from ptce.demo.synthetic import PoleContext, build_members, organisation_from_spec
from ptce.poles.models import ActivityFamily, Origin, Pole, PoleLegalForm, TerritoryType
from ptce.registry.models import ActorFamily as Family
from ptce.registry.models import College, Membership, Organisation
from ptce.territory.models import Commune, Epci

SLUG_PREFIX = "gen-"
MEMBERS_PER_POLE = (50, 60)
# Generated membership dates stop here, whatever the day the data is generated.
GENERATED_LAST_YEAR = 2024
# Poles per transaction: large enough for bulk inserts to pay off, small enough to keep
# memory flat at 1,000 poles.
POLES_PER_BATCH = 100
ROWS_PER_INSERT = 2000


def generated_slug(index: int) -> str:
    return f"{SLUG_PREFIX}{index:04d}"


def generated_name(index: int) -> str:
    return f"Pôle généré {index:04d}"


def seed_marker(seed: int) -> str:
    """Kept in the pole's sources: where its data came from, and how to make it again."""
    return f"ptce generate --seed {seed}"


class GenerateError(PtceError):
    pass


@dataclass(frozen=True)
class GenerateReport:
    seed: int
    poles: int  # generated poles requested (gen-0001 … gen-N)
    poles_created: int
    poles_skipped: int  # already there from an earlier run with the same seed
    poles_replaced: int
    organisations_created: int
    memberships_created: int
    colleges_created: int
    communes_loaded: bool
    seconds: float
    with_meetings: bool = True
    people_created: int = 0
    working_groups_created: int = 0
    meetings_created: int = 0
    attendances_created: int = 0
    decisions_created: int = 0
    actions_created: int = 0
    economy: EconomyCounts = field(default_factory=EconomyCounts)


@dataclass(frozen=True)
class _Geography:
    """The Commune table in code order, read once: draws by index are then deterministic."""

    codes: list[str]
    names: dict[str, str]
    departement: dict[str, str]
    epci_of: dict[str, str | None]
    epci_members: dict[str, list[str]]
    epci_names: dict[str, str]
    epci_kinds: dict[str, str]

    @classmethod
    def load(cls) -> _Geography:
        rows = list(Commune.objects.order_by("code").values_list(
            "code", "name", "departement_id", "epci_id"
        ))
        members: dict[str, list[str]] = defaultdict(list)
        for code, _name, _dep, epci in rows:
            if epci:
                members[epci].append(code)
        epcis = {
            code: (name, kind)
            for code, name, kind in Epci.objects.values_list("code", "name", "kind")
        }
        return cls(
            codes=[row[0] for row in rows],
            names={row[0]: row[1] for row in rows},
            departement={row[0]: row[2] for row in rows},
            epci_of={row[0]: row[3] for row in rows},
            epci_members=dict(members),
            epci_names={code: value[0] for code, value in epcis.items()},
            epci_kinds={code: value[1] for code, value in epcis.items()},
        )


def generate(
    *,
    poles: int,
    seed: int,
    replace: bool = False,
    meetings: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> GenerateReport:
    """Make sure generated poles 1…`poles` exist for `seed`, creating the missing ones.

    Poles already generated with the same seed are kept (so a second run creates nothing);
    poles generated with another seed make it stop, unless `replace` deletes and rebuilds them.
    `meetings` adds each new pole's cooperative life (the bulk of the rows: turn it off for
    registry-only data). `progress(done, total)` is called after each batch.
    """
    if poles < 0:
        raise GenerateError(_("Le nombre de pôles doit être positif."))
    started = time.perf_counter()
    slugs = [generated_slug(i) for i in range(1, poles + 1)]
    with scopes_disabled():
        existing = dict(Pole.objects.filter(slug__in=slugs).values_list("slug", "sources"))
        other_seed = sorted(
            slug for slug, sources in existing.items() if seed_marker(seed) not in (sources or [])
        )
        replaced = 0
        if replace and existing:
            replaced = len(existing)
            with transaction.atomic():
                Pole.objects.filter(slug__in=list(existing)).delete()
            existing = {}
        elif other_seed:
            raise GenerateError(
                _("%(n)s pôles générés (dont %(first)s) l'ont été avec une autre graine que "
                  "%(seed)s. Relancez avec --replace pour les remplacer, ou gardez leur graine.")
                % {"n": len(other_seed), "first": other_seed[0], "seed": seed}
            )
        todo = [i for i in range(1, poles + 1) if generated_slug(i) not in existing]
        geography = _Geography.load()
        totals = [0, 0, 0]
        life = LifeCounts()
        economy = EconomyCounts()
        for done, batch in enumerate(_batched(todo, POLES_PER_BATCH), start=1):
            with transaction.atomic():
                counts, seeds = _create_batch(batch, seed=seed, geography=geography)
                if meetings:
                    _add(life, create_cooperative_life(seeds, seed=seed))
                    economy.add(create_economy(seeds, seed=seed))
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            if progress:
                progress(min(done * POLES_PER_BATCH, len(todo)), len(todo))
    return GenerateReport(
        seed=seed, poles=poles, poles_created=len(todo), poles_skipped=len(existing),
        poles_replaced=replaced, organisations_created=totals[0], memberships_created=totals[1],
        colleges_created=totals[2], communes_loaded=bool(geography.codes),
        seconds=time.perf_counter() - started, with_meetings=meetings,
        people_created=life.people, working_groups_created=life.working_groups,
        meetings_created=life.meetings, attendances_created=life.attendances,
        decisions_created=life.decisions, actions_created=life.actions, economy=economy,
    )


def _add(total: LifeCounts, more: LifeCounts) -> None:
    for name in vars(total):
        setattr(total, name, getattr(total, name) + getattr(more, name))


def _batched(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _create_batch(
    indexes: Sequence[int], *, seed: int, geography: _Geography
) -> tuple[tuple[int, int, int], list[PoleSeed]]:
    rngs = {i: random.Random(f"ptce-generate:{seed}:{i}") for i in indexes}
    homes = {i: rngs[i].choice(geography.codes) if geography.codes else None for i in indexes}
    new_poles = [_pole(i, rngs[i], homes[i], seed, geography) for i in indexes]
    Pole.objects.bulk_create(new_poles, batch_size=ROWS_PER_INSERT)

    through = Pole.communes.through
    territory_rows = []
    organisations: list[Organisation] = []
    pending_memberships = []
    colleges: dict[tuple[int, str], College] = {}
    for i, pole in zip(indexes, new_poles, strict=True):
        rng, home = rngs[i], homes[i]
        epci = geography.epci_of.get(home) if home else None
        territory = geography.epci_members.get(epci, [home]) if epci else ([home] if home else [])
        territory_rows += [through(pole_id=pole.pk, commune_id=code) for code in territory]
        ctx = PoleContext(
            slug=pole.slug, activity_family=pole.activity_family,
            employer_group=rng.random() < 0.4, grouping_since=pole.grouping_since,
            town=pole.town or None, departement=geography.departement.get(home) if home else None,
            home_commune=home, territory=territory,
            epci_name=geography.epci_names.get(epci) if epci else None,
            epci_kind=geography.epci_kinds.get(epci) if epci else None,
            last_year=GENERATED_LAST_YEAR,
        )
        for spec in build_members(rng, ctx, rng.randint(*MEMBERS_PER_POLE)):
            organisation = organisation_from_spec(spec, pole_id=pole.pk)
            organisations.append(organisation)
            if spec.college and (pole.pk, spec.college) not in colleges:
                colleges[pole.pk, spec.college] = College(
                    pole_id=pole.pk, name=spec.college, is_synthetic=True
                )
            pending_memberships.append((organisation, spec))
    through.objects.bulk_create(territory_rows, batch_size=ROWS_PER_INSERT)
    College.objects.bulk_create(colleges.values(), batch_size=ROWS_PER_INSERT)
    Organisation.objects.bulk_create(organisations, batch_size=ROWS_PER_INSERT)
    memberships = [
        Membership(
            pole_id=organisation.pole_id, is_synthetic=True, organisation=organisation,
            role=spec.role, college=colleges.get((organisation.pole_id, spec.college)),
            start_date=spec.start_date, end_date=spec.end_date, dues_eur=spec.dues_eur,
            charter_signed_on=spec.charter_signed_on,
        )
        for organisation, spec in pending_memberships
    ]
    Membership.objects.bulk_create(memberships, batch_size=ROWS_PER_INSERT)
    by_pole: dict[int, list[Organisation]] = defaultdict(list)
    for organisation in organisations:
        by_pole[organisation.pole_id].append(organisation)
    seeds = [
        PoleSeed(
            index=i, pole_id=pole.pk,
            organisation_ids=[o.pk for o in by_pole[pole.pk]],
            public_ids=[o.pk for o in by_pole[pole.pk] if o.actor_family == Family.PUBLIC_BODY],
        )
        for i, pole in zip(indexes, new_poles, strict=True)
    ]
    return (len(organisations), len(memberships), len(colleges)), seeds


def _pole(
    index: int, rng: random.Random, home: str | None, seed: int, geography: _Geography
) -> Pole:
    return Pole(
        name=generated_name(index),
        slug=generated_slug(index),
        town=geography.names.get(home, "") if home else "",
        territory_type=rng.choice(TerritoryType.values),
        grouping_since=rng.randint(1990, 2020),
        origin=rng.choice(Origin.values),
        legal_form=rng.choice(
            [PoleLegalForm.ASSOCIATION] * 6 + [PoleLegalForm.SCIC] * 2 + [PoleLegalForm.GIE]
        ),
        activity_family=rng.choice(ActivityFamily.values),
        showcase_place=rng.choice((True, False, None)),
        sources=[seed_marker(seed)],
    )

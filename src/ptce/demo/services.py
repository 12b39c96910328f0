"""`ptce demo`: the 13 documented poles, synthetic members, and one account per role.

The poles' facts come from `data/poles_temoins.yaml` (Podlewski 2014 and public sources);
their members, people and figures are synthetic (`is_synthetic=True`), drawn from a random
generator seeded with the pole's slug, so every machine gets the same demo. Le Périscope, the
pole the paper observed, also gets its cooperative life of 2012-2014 (see `cooperative_life`).
Running it again reuses what exists: poles are updated in place, members are created only for
a pole that has none, meetings only if Le Périscope has none, accounts get the demo password
back.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from ptce.demo.cooperative_life import LifeReport, build_cooperative_life
from ptce.demo.economy import DemoEconomyReport, build_demo_economy
from ptce.demo.synthetic import (
    DEMO_LAST_YEAR,
    EPCI_LEGAL_CATEGORY,
    PoleContext,
    build_members,
    build_people,
    build_years,
    organisation_from_spec,
)
from ptce.poles.models import CallAward, CallKind, Pole, PoleLegalForm, Role, RoleAssignment
from ptce.registry.models import (
    BodyKind,
    College,
    Gender,
    GovernanceBody,
    Mandate,
    Membership,
    Organisation,
    OrganisationYear,
    Person,
)
from ptce.territory.models import Commune

DEMO_PASSWORD = "demo-ptce"
DEMO_URL = "http://127.0.0.1:8000/"
# The pole observed in the paper; the other twelve are its "pôles témoins".
OBSERVED_POLE = "le-periscope"
# Members when the published count is unknown: the paper's "une vingtaine de structures".
DEFAULT_MEMBER_COUNT = 20
# The Métropole du Grand Paris spans 130 communes, far beyond a Paris pole's district: the
# territory of a pole in one of these communes is the commune alone.
COMMUNE_ONLY = frozenset({"75056"})

LEGAL_FORMS = {
    "association": PoleLegalForm.ASSOCIATION,
    "scic": PoleLegalForm.SCIC,
    "gie": PoleLegalForm.GIE,
    "other": PoleLegalForm.OTHER,
}


@cache
def load_poles_data() -> dict[str, Any]:
    """The packaged YAML: `published_aggregates` and the 13 `poles`."""
    text = files("ptce.demo").joinpath("data/poles_temoins.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def pole_records() -> list[dict[str, Any]]:
    return load_poles_data()["poles"]


def pole_fields(record: dict[str, Any]) -> dict[str, Any]:
    """Pole columns from a YAML record; a null stays None, or blank for text choices."""
    legal_form = record.get("legal_form")
    return {
        "name": record["name"],
        "town": record.get("town") or "",
        "territory_type": record.get("territory_type") or "",
        "grouping_since": record.get("grouping_since"),
        "origin": record.get("origin") or "",
        "legal_form": LEGAL_FORMS[legal_form] if legal_form else "",
        "activity_family": record.get("activity_family") or "",
        "showcase_place": record.get("showcase_place"),
        "ceased_in": record.get("ceased"),
        "reported_member_structures": record.get("member_structures"),
        "reported_jobs": record.get("jobs"),
        "reported_turnover_eur": record.get("turnover_eur"),
        "sources": list(record.get("sources") or []),
        "shares_with_observatory": True,  # documented poles: the observatory pages show them
    }


@dataclass(frozen=True)
class DemoAccount:
    username: str
    description: str


@dataclass
class DemoReport:
    poles_created: list[str] = field(default_factory=list)
    poles_reused: list[str] = field(default_factory=list)
    organisations_created: int = 0
    people_created: int = 0
    accounts: list[DemoAccount] = field(default_factory=list)
    life: LifeReport = field(default_factory=LifeReport)
    economy: DemoEconomyReport = field(default_factory=DemoEconomyReport)
    warnings: list[str] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    url: str = DEMO_URL


def run_demo(*, today: dt.date | None = None) -> DemoReport:
    """Create or refresh the demo poles, members and accounts. Safe to run any number of times.

    `today` dates the cooperative life's recent and upcoming meetings (default: the local date).
    """
    report = DemoReport()
    communes_loaded = Commune.objects.exists()
    if not communes_loaded:
        report.warnings.append(_(
            "La table des communes est vide : territoires et communes des structures non "
            "renseignés. Lancez « ptce migrate » pour charger la géographie officielle, puis "
            "relancez « ptce demo »."
        ))
    poles = []
    for record in pole_records():
        pole = _upsert_pole(record, report)
        home = _set_territory(pole, record, report) if communes_loaded else None
        _create_members(pole, record, home, report)
        poles.append(pole)
    _create_accounts(poles, report)
    # After the accounts: the cooperative life links `membre` and `coordination` to people.
    observed = next(record for record in pole_records() if record["slug"] == OBSERVED_POLE)
    periscope = next(pole for pole in poles if pole.slug == OBSERVED_POLE)
    report.life = build_cooperative_life(periscope, observed, today=today)
    # After the life: projects point at its working groups, bookings at the accounts' people.
    report.economy = build_demo_economy(poles, pole_records(), today=today)
    return report


def _upsert_pole(record: dict[str, Any], report: DemoReport) -> Pole:
    with transaction.atomic():
        pole, created = Pole.objects.update_or_create(
            slug=record["slug"], defaults=pole_fields(record)
        )
        if record.get("laureate_2013") is True:
            CallAward.objects.get_or_create(pole=pole, call=CallKind.STATE_2013, year=2013)
    (report.poles_created if created else report.poles_reused).append(pole.name)
    return pole


def _set_territory(pole: Pole, record: dict[str, Any], report: DemoReport) -> Commune | None:
    """The pole's territory is its town's EPCI (its intercommunality), or the town alone."""
    code = record.get("commune_code")
    if not code:
        return None  # town unknown: so is the territory
    home = Commune.objects.select_related("epci").filter(code=code).first()
    if home is None:
        report.warnings.append(
            _("Commune %(code)s introuvable : territoire de « %(pole)s » non renseigné.")
            % {"code": code, "pole": pole.name}
        )
        return None
    if home.epci_id and code not in COMMUNE_ONLY:
        pole.communes.set(Commune.objects.filter(epci_id=home.epci_id))
    else:
        pole.communes.set([home])
    return home


def _create_members(
    pole: Pole, record: dict[str, Any], home: Commune | None, report: DemoReport
) -> None:
    with transaction.atomic(), scope(pole=pole):
        if Organisation.objects.filter(is_synthetic=True).exists():
            return  # made by an earlier run: reuse, never duplicate
        rng = random.Random(f"ptce-demo:{pole.slug}")
        territory = (
            sorted(pole.communes.values_list("code", flat=True)) if home is not None else []
        )
        ctx = PoleContext(
            slug=pole.slug,
            activity_family=record.get("activity_family"),
            employer_group=record.get("employer_group"),
            grouping_since=record.get("grouping_since"),
            ceased_in=record.get("ceased"),
            town=record.get("town"),
            departement=record.get("departement"),
            home_commune=home.code if home else None,
            territory=territory,
            epci_name=home.epci.name if home and home.epci else None,
            epci_kind=home.epci.kind if home and home.epci else None,
        )
        count = record.get("member_structures") or DEFAULT_MEMBER_COUNT
        specs = build_members(rng, ctx, count)
        organisations = [organisation_from_spec(spec, pole_id=pole.pk) for spec in specs]
        Organisation.objects.bulk_create(organisations)

        colleges = {}
        for name in sorted({spec.college for spec in specs if spec.college}):
            colleges[name], _created = College.objects.get_or_create(
                name=name, defaults={"pole": pole, "is_synthetic": True}
            )
        Membership.objects.bulk_create([
            Membership(
                pole=pole, is_synthetic=True, organisation=organisation, role=spec.role,
                college=colleges.get(spec.college), start_date=spec.start_date,
                end_date=spec.end_date, dues_eur=spec.dues_eur,
                charter_signed_on=spec.charter_signed_on,
            )
            for spec, organisation in zip(specs, organisations, strict=True)
        ])
        OrganisationYear.objects.bulk_create([
            OrganisationYear(pole=pole, is_synthetic=True, organisation=organisation, **row)
            for spec, organisation in zip(specs, organisations, strict=True)
            for row in build_years(rng, category=spec.legal_category, last_year=DEMO_LAST_YEAR)
        ])
        report.organisations_created += len(organisations)
        report.people_created += _create_board(pole, rng, ctx, specs, organisations)


def _create_board(pole: Pole, rng: random.Random, ctx: PoleContext, specs, organisations) -> int:
    public = [
        i for i, spec in enumerate(specs)
        if spec.legal_category == "7210" or spec.legal_category in EPCI_LEGAL_CATEGORY.values()
    ]
    # The paper: all twelve pôles témoins are chaired by men. Le Périscope's chair is not
    # documented, so it is drawn like anyone else.
    chair_gender = None if pole.slug == OBSERVED_POLE else Gender.MAN
    people_specs = build_people(
        rng, members=len(organisations), chair_gender=chair_gender, public_indexes=public
    )
    people = []
    for spec in people_specs:
        consented = spec.consent_directory or spec.consent_contact or spec.consent_research
        people.append(Person(
            pole=pole, is_synthetic=True, first_name=spec.first_name, last_name=spec.last_name,
            kind=spec.kind, gender=spec.gender, email=spec.email, phone=spec.phone,
            organisation=(
                organisations[spec.organisation_index]
                if spec.organisation_index is not None else None
            ),
            consent_directory=spec.consent_directory, consent_contact=spec.consent_contact,
            consent_research=spec.consent_research,
            consent_recorded_on=(
                dt.date(DEMO_LAST_YEAR, rng.randint(1, 12), rng.randint(1, 28))
                if consented else None
            ),
        ))
    Person.objects.bulk_create(people)

    board, _created = GovernanceBody.objects.get_or_create(
        name="Conseil d'administration", kind=BodyKind.BOARD,
        defaults={"pole": pole, "is_synthetic": True},
    )
    first_year = max(ctx.grouping_since or 0, DEMO_LAST_YEAR - rng.randint(0, 2))
    start = dt.date(first_year, 6, rng.randint(1, 28))
    end = dt.date(ctx.ceased_in, 12, 31) if ctx.ceased_in else None
    Mandate.objects.bulk_create([
        Mandate(
            pole=pole, is_synthetic=True, body=board, person=person,
            organisation=person.organisation, office=spec.office, start_date=start, end_date=end,
        )
        for spec, person in zip(people_specs, people, strict=True)
        if spec.office is not None
    ])
    return len(people)


def _create_accounts(poles: list[Pole], report: DemoReport) -> None:
    periscope = next(pole for pole in poles if pole.slug == OBSERVED_POLE)
    accounts = [
        ("admin", None, [], _("administration de la plateforme (tous droits, /admin/)")),
        ("coordination", Role.COORDINATOR, [periscope], _("coordination du Périscope")),
        ("membre", Role.MEMBER, [periscope], _("membre du Périscope")),
        ("financeur", Role.FUNDER, [periscope], _("financeur ou élu·e du Périscope")),
        ("observatoire", Role.OBSERVER, poles,
         _("observatoire des %(n)s pôles") % {"n": len(poles)}),
    ]
    user_model = get_user_model()
    with transaction.atomic(), scopes_disabled():
        for username, role, role_poles, description in accounts:
            user, _created = user_model.objects.get_or_create(username=username)
            user.is_active = True
            user.is_staff = user.is_superuser = role is None
            if not user.email:
                user.email = f"{username}@example.org"
            user.set_password(DEMO_PASSWORD)
            user.save()
            for pole in role_poles:
                RoleAssignment.objects.update_or_create(
                    user=user, pole=pole, defaults={"role": role}
                )
            report.accounts.append(DemoAccount(username=username, description=description))

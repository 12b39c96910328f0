"""Member import: read each row into a checked plan, then write the plan in one transaction.

A blank cell never erases what the registry already knows: only filled cells are written. The
plan is computed the same way for a dry run, the wizard's preview and the real import, so the
preview's counts are the counts the import produces.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_scopes import scope

from ptce.core.audit import audit_log
from ptce.core.exceptions import PtceError
from ptce.core.text import fold
from ptce.imports import values
from ptce.imports.mapping import FIELDS_BY_KEY, column_name, ignored_columns
from ptce.imports.reading import cell_text
from ptce.poles.models import Pole
from ptce.registry.identifiers import normalise_rna, normalise_siren, normalise_siret
from ptce.registry.models import College, Membership, Organisation, OrganisationYear
from ptce.territory.models import Commune

AUDIT_ACTION = "ptce.import.members"
FIRST_DATA_ROW = 2  # the header is row 1, as the user sees it in the spreadsheet


@dataclass(frozen=True)
class RowError:
    row: int
    field: str  # the French label of the field
    column: str  # the header of the column, as written in the file
    value: str  # the cell, as written in the file
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    colleges_created: list[str] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def valid(self) -> int:
        return self.created + self.updated + self.unchanged

    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "invalid": self.invalid}

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.counts(), "dry_run": self.dry_run, "written": self.written,
            "errors": [e.as_dict() for e in self.errors],
            "ignored_columns": self.ignored_columns, "colleges_created": self.colleges_created,
        }


@dataclass(frozen=True)
class Cell:
    column: str
    text: str


@dataclass
class ParsedRow:
    """One spreadsheet row, read and checked on its own (no look at the registry yet)."""

    row: int
    cells: dict[str, Cell]
    columns: Mapping[str, str] = field(default_factory=dict)  # field key → column, blank or not
    organisation: dict[str, Any] = field(default_factory=dict)
    commune: Commune | None = None
    membership: dict[str, Any] = field(default_factory=dict)
    college: str = ""
    year: int | None = None
    figures: dict[str, Decimal] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def error(self, key: str, message: str, *, value: str | None = None) -> None:
        cell = self.cells.get(key)
        self.errors.append(RowError(
            row=self.row, field=str(FIELDS_BY_KEY[key].label),
            column=cell.column if cell else self.columns.get(key, ""),
            value=value if value is not None else (cell.text if cell else ""), message=message,
        ))


@dataclass
class RowPlan:
    """What one valid row does to the registry; the `*_changes` dicts hold only differences."""

    parsed: ParsedRow
    organisation: Organisation | None = None
    organisation_changes: dict[str, Any] = field(default_factory=dict)
    membership: Membership | None = None
    membership_changes: dict[str, Any] = field(default_factory=dict)
    year: OrganisationYear | None = None
    year_changes: dict[str, Any] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        if self.organisation is None:
            return "created"
        changed = (
            self.organisation_changes or self.membership is None or self.membership_changes
            or (self.parsed.figures and (self.year is None or self.year_changes))
        )
        return "updated" if changed else "unchanged"


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    errors: list[RowError]
    total: int
    ignored_columns: list[str]
    new_colleges: list[str]

    def report(self, *, dry_run: bool) -> ImportReport:
        outcomes = [plan.outcome for plan in self.rows]
        return ImportReport(
            rows=self.total, created=outcomes.count("created"), updated=outcomes.count("updated"),
            unchanged=outcomes.count("unchanged"), invalid=len({e.row for e in self.errors}),
            errors=self.errors, ignored_columns=self.ignored_columns,
            colleges_created=self.new_colleges, dry_run=dry_run,
        )


# --- Reading rows -------------------------------------------------------------------------


class _RowReader:
    def __init__(
        self, *, resolver: values.CommuneResolver, default_year: int | None,
        columns: Mapping[str, str],
    ) -> None:
        self.resolver = resolver
        self.columns = columns
        self.default_year = default_year
        self.url = URLValidator(schemes=["http", "https"])
        self.email = EmailValidator()

    def read(self, row: int, cells: dict[str, Cell]) -> ParsedRow:
        parsed = ParsedRow(row=row, cells=cells, columns=self.columns)
        self._organisation(parsed)
        self._commune(parsed)
        self._membership(parsed)
        self._figures(parsed)
        return parsed

    @staticmethod
    def _parse(parsed: ParsedRow, key: str, parse, target: dict[str, Any], name: str) -> None:
        cell = parsed.cells.get(key)
        if cell is None:
            return
        try:
            target[name] = parse(cell.text)
        except values.CellError as exc:
            parsed.error(exc.field or key, exc.message)
        except ValidationError as exc:
            parsed.error(key, exc.messages[0])

    def _organisation(self, p: ParsedRow) -> None:
        org = p.organisation
        name = p.cells["name"].text if "name" in p.cells else ""
        if not name:
            p.error("name", _("Le nom de la structure est obligatoire."))
        elif len(name) > 200:
            p.error("name", _("Le nom de la structure dépasse 200 caractères."))
        else:
            org["name"] = name
        self._parse(p, "siret", normalise_siret, org, "siret")
        self._parse(p, "siren", normalise_siren, org, "siren")
        self._parse(p, "rna", normalise_rna, org, "rna")
        if org.get("siret") and org.get("siren") and org["siret"][:9] != org["siren"]:
            p.error("siren", _("Le SIREN doit être le début du SIRET."))
        elif org.get("siret"):
            org["siren"] = org["siret"][:9]
        self._parse(p, "legal_category", values.parse_legal_category, org, "legal_category")
        self._parse(p, "naf_code", values.parse_naf, org, "naf_code")
        self._parse(p, "website", self._website, org, "website")
        self._parse(p, "email", self._email, org, "email")
        if "description" in p.cells:
            org["description"] = p.cells["description"].text

    def _website(self, text: str) -> str:
        url = text if "://" in text else f"https://{text}"
        try:
            self.url(url)
        except ValidationError:
            raise values.CellError(
                _("« %(value)s » n'est pas une adresse de site web valide.") % {"value": text}
            ) from None
        if len(url) > 200:
            raise values.CellError(_("L'adresse du site web dépasse 200 caractères."))
        return url

    def _email(self, text: str) -> str:
        try:
            self.email(text)
            if len(text) > 254:  # the column's length; EmailValidator allows longer
                raise ValidationError("too long")
        except ValidationError:
            raise values.CellError(
                _("« %(value)s » n'est pas une adresse de courriel valide.") % {"value": text}
            ) from None
        return text

    def _commune(self, p: ParsedRow) -> None:
        keys = ("commune_code", "commune", "postcode")
        given = {k: p.cells[k].text for k in keys if k in p.cells}
        if not given:
            return
        try:
            p.commune = self.resolver.resolve(
                code=given.get("commune_code", ""), name=given.get("commune", ""),
                postcode=given.get("postcode", ""),
            )
        except values.CellError as exc:
            p.error(exc.field if exc.field in given else next(iter(given)), exc.message)

    def _membership(self, p: ParsedRow) -> None:
        m = p.membership
        self._parse(p, "role", values.parse_role, m, "role")
        self._parse(p, "start_date", values.parse_date, m, "start_date")
        self._parse(p, "end_date", values.parse_date, m, "end_date")
        self._parse(p, "charter_signed_on", values.parse_date, m, "charter_signed_on")
        self._parse(p, "dues", lambda t: values.parse_decimal(t, max_digits=10), m, "dues_eur")
        if m.get("dues_eur") is not None and m["dues_eur"] < 0:
            p.error("dues", _("La cotisation ne peut pas être négative."))
        if m.get("start_date") and m.get("end_date") and m["end_date"] < m["start_date"]:
            p.error("end_date", _("La date de sortie précède la date d'adhésion."))
        if "college" in p.cells:
            if len(p.cells["college"].text) > 100:
                p.error("college", _("Le nom du collège dépasse 100 caractères."))
            else:
                p.college = p.cells["college"].text

    def _figures(self, p: ParsedRow) -> None:
        holder: dict[str, Any] = {}
        self._parse(p, "year", values.parse_year, holder, "year")
        self._parse(p, "fte", lambda t: values.parse_decimal(t, max_digits=9), p.figures, "fte")
        self._parse(p, "turnover", values.parse_decimal, p.figures, "turnover_eur")
        for key, name in (("fte", "fte"), ("turnover", "turnover_eur")):
            if p.figures.get(name, 0) < 0:
                p.error(key, _("Ce chiffre ne peut pas être négatif."))
        p.year = holder.get("year", self.default_year)
        if p.figures and p.year is None and "year" not in p.cells:
            key = "fte" if "fte" in p.figures else "turnover"
            p.error(key, _(
                "Indiquez l'année de ce chiffre : colonne « Année » ou année par défaut."
            ))


def _cells(row: Iterable[Any], headers: list[str], mapping: Mapping[int, str]) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    for index, value in enumerate(row):
        key = mapping.get(index)
        text = cell_text(value)
        if key and text:
            cells[key] = Cell(column=column_name(headers, index), text=text)
    return cells


# --- Matching against the registry -------------------------------------------------------


class _Registry:
    """The pole's structures, memberships, yearly figures and colleges, loaded once."""

    def __init__(self, years: set[int]) -> None:
        self.organisations = list(Organisation.objects.all())
        self.by_siret = {o.siret: o for o in self.organisations if o.siret}
        self.by_siren_alone = {o.siren: o for o in self.organisations if o.siren and not o.siret}
        self.by_siren: dict[str, list[Organisation]] = defaultdict(list)
        self.by_rna = {o.rna: o for o in self.organisations if o.rna}
        self.by_name: dict[tuple[str, str], list[Organisation]] = defaultdict(list)
        for o in self.organisations:
            if o.siren:
                self.by_siren[o.siren].append(o)
            self.by_name[(o.name_key, o.commune_id or "")].append(o)
        self.memberships: dict[int, list[Membership]] = defaultdict(list)
        for m in Membership.objects.select_related("college").order_by("pk"):
            self.memberships[m.organisation_id].append(m)
        self.years = {
            (y.organisation_id, y.year): y for y in OrganisationYear.objects.filter(year__in=years)
        }
        self.colleges = {fold(c.name): c for c in College.objects.all()}

    def match(self, p: ParsedRow) -> Organisation | None:
        """SIRET, else SIREN (rows without SIRET), else RNA, else folded name and commune."""
        org = p.organisation
        if org.get("siret") and (found := self.by_siret.get(org["siret"])):
            return found
        if org.get("siren") and not org.get("siret"):
            found = self.by_siren_alone.get(org["siren"])
            if found or len(self.by_siren[org["siren"]]) == 1:
                return found or self.by_siren[org["siren"]][0]
        if org.get("rna") and (found := self.by_rna.get(org["rna"])) and _compatible(found, org):
            return found
        key = (fold(org.get("name", "")), p.commune.pk if p.commune else "")
        candidates = [o for o in self.by_name.get(key, []) if _compatible(o, org)]
        return candidates[0] if len(candidates) == 1 else None


def _compatible(existing: Organisation, row: dict[str, Any]) -> bool:
    """A weaker key (RNA, name) must not match a structure whose identifiers say otherwise."""
    return all(
        not (getattr(existing, key) and row.get(key)) or getattr(existing, key) == row[key]
        for key in ("siret", "siren", "rna")
    )


# Marked for translation here, translated when used (the language is the request's).
_DUPLICATE_MESSAGES = {
    "siret": gettext_noop("Doublon : même SIRET que la ligne %(row)s."),
    "siren": gettext_noop("Doublon : même SIREN que la ligne %(row)s."),
    "rna": gettext_noop("Doublon : même numéro RNA que la ligne %(row)s."),
    "name": gettext_noop("Doublon : même nom et même commune que la ligne %(row)s."),
}


def _flag_duplicates(parsed_rows: list[ParsedRow]) -> None:
    """A later row that repeats an earlier one (identifier, or name and commune) is an error."""
    seen: dict[tuple[str, ...], ParsedRow] = {}
    for p in parsed_rows:
        org = p.organisation
        keys: list[tuple[str, tuple[str, ...]]] = []
        if org.get("siret"):
            keys.append(("siret", ("siret", org["siret"])))
        elif org.get("siren"):
            keys.append(("siren", ("siren", org["siren"])))
        if org.get("rna"):
            keys.append(("rna", ("rna", org["rna"])))
        if org.get("name"):
            keys.append(("name", ("name", fold(org["name"]), p.commune.pk if p.commune else "")))
        for field_key, key in keys:
            first = seen.get(key)
            # Two establishments may share a name in a commune when their SIRETs differ.
            if first and (field_key != "name" or _same_identifiers(first, p)):
                p.error(field_key, _(_DUPLICATE_MESSAGES[field_key]) % {"row": first.row})
                break
        for _field_key, key in keys:
            seen.setdefault(key, p)


def _same_identifiers(a: ParsedRow, b: ParsedRow) -> bool:
    return all(
        not (a.organisation.get(k) and b.organisation.get(k))
        or a.organisation[k] == b.organisation[k]
        for k in ("siret", "rna")
    )


def _plan_row(p: ParsedRow, registry: _Registry) -> RowPlan:
    plan = RowPlan(parsed=p, organisation=registry.match(p))
    target = plan.organisation
    wanted = dict(p.organisation)
    if p.commune is not None:
        wanted["commune_id"] = p.commune.pk
    plan.organisation_changes = (
        wanted if target is None
        else {k: v for k, v in wanted.items() if getattr(target, k) != v}
    )
    _check_identifier_conflicts(p, target, registry)

    existing = registry.memberships.get(target.pk, []) if target else []
    plan.membership = _match_membership(existing, p.membership.get("start_date"))
    m = plan.membership
    plan.membership_changes = (
        dict(p.membership) if m is None
        else {k: v for k, v in p.membership.items() if getattr(m, k) != v}
    )
    if p.college and (m is None or m.college is None or fold(m.college.name) != fold(p.college)):
        plan.membership_changes["college"] = p.college
    start = plan.membership_changes.get("start_date", m.start_date if m else None)
    end = plan.membership_changes.get("end_date", m.end_date if m else None)
    if start and end and end < start:
        p.error("end_date" if "end_date" in p.cells else "start_date",
                _("La date de sortie précède la date d'adhésion."))

    if p.figures and p.year is not None:
        plan.year = registry.years.get((target.pk, p.year)) if target else None
        plan.year_changes = (
            dict(p.figures) if plan.year is None
            else {k: v for k, v in p.figures.items() if getattr(plan.year, k) != v}
        )
    return plan


def _match_membership(existing: list[Membership], start: Any) -> Membership | None:
    """The membership with the same start date, else the single open one, else none."""
    same_start = [m for m in existing if m.start_date == start]
    if same_start:
        return same_start[0]
    open_ones = [m for m in existing if m.end_date is None]
    return open_ones[0] if len(open_ones) == 1 else None


def _check_identifier_conflicts(
    p: ParsedRow, target: Organisation | None, registry: _Registry
) -> None:
    """An RNA or SIREN of the row that already belongs to another structure of the pole."""
    org = p.organisation
    other = registry.by_rna.get(org.get("rna", ""))
    if other is not None and other != target:
        p.error("rna", _("Ce numéro RNA est déjà celui de « %(name)s » dans le pôle.")
                % {"name": other.name})
    final_siret = org.get("siret") or (target.siret if target else "")
    other = registry.by_siren_alone.get(org.get("siren", ""))
    if not final_siret and other is not None and other != target:
        p.error("siren", _("Ce SIREN est déjà celui de « %(name)s » dans le pôle.")
                % {"name": other.name})


def plan_members(
    *, dataset: tablib.Dataset, mapping: Mapping[int, str], default_year: int | None = None,
    territory: set[str] | None = None,
) -> ImportPlan:
    """Read and check every row; the caller is inside the pole's scope."""
    unknown = set(mapping.values()) - set(FIELDS_BY_KEY)
    if unknown or len(set(mapping.values())) != len(mapping):
        raise ValueError(f"invalid column mapping: {dict(mapping)}")
    headers = [str(h or "") for h in (dataset.headers or [])]
    rows = [list(row) for row in dataset]
    ignored = ignored_columns(headers, rows, mapping)
    numbered = [
        (FIRST_DATA_ROW + i, cells) for i, row in enumerate(rows)
        if (cells := _cells(row, headers, mapping))
    ]
    if "name" not in mapping.values():
        error = RowError(
            row=1, field=str(FIELDS_BY_KEY["name"].label), column="", value="",
            message=_("Aucune colonne ne contient le nom de la structure : ajoutez une colonne "
                      "« Nom » (ou « Raison sociale »)."),
        )
        return ImportPlan(rows=[], errors=[error], total=len(numbered), ignored_columns=ignored,
                          new_colleges=[])

    resolver = values.CommuneResolver(territory)
    resolver.prime(cells["commune"].text for _row, cells in numbered if "commune" in cells)
    reader = _RowReader(
        resolver=resolver, default_year=default_year,
        columns={key: column_name(headers, index) for index, key in mapping.items()},
    )
    parsed_rows = [reader.read(row, cells) for row, cells in numbered]
    _flag_duplicates(parsed_rows)
    registry = _Registry({p.year for p in parsed_rows if p.year is not None})
    plans: list[RowPlan] = []
    targets: dict[int, ParsedRow] = {}
    for p in parsed_rows:
        if p.errors:
            continue
        plan = _plan_row(p, registry)
        target = plan.organisation
        if target is not None and target.pk in targets:
            p.error("name", _("Doublon : cette ligne désigne la même structure (« %(name)s ») "
                              "que la ligne %(row)s.")
                    % {"name": target.name, "row": targets[target.pk].row})
        elif target is not None:
            targets[target.pk] = p
        if not p.errors:
            plans.append(plan)

    new_colleges: dict[str, str] = {}
    for plan in plans:
        name = plan.membership_changes.get("college")
        if name and fold(name) not in registry.colleges:
            new_colleges.setdefault(fold(name), name)
    errors = [e for p in parsed_rows for e in p.errors]
    return ImportPlan(rows=plans, errors=errors, total=len(parsed_rows),
                      ignored_columns=ignored, new_colleges=list(new_colleges.values()))


# --- Writing ------------------------------------------------------------------------------


def _apply(plan: RowPlan, *, pole: Pole, colleges: dict[str, College]) -> None:
    organisation = plan.organisation or Organisation(pole=pole)
    for name, value in plan.organisation_changes.items():
        setattr(organisation, name, value)
    if organisation.pk is None or plan.organisation_changes:
        organisation.save()  # derives name_key, SIREN, actor family and ESS flag

    membership = plan.membership or Membership(pole=pole, organisation=organisation)
    for name, value in plan.membership_changes.items():
        if name == "college":
            value = colleges.get(fold(value)) or College.objects.create(pole=pole, name=value)
            colleges[fold(value.name)] = value
        setattr(membership, name, value)
    if membership.pk is None or plan.membership_changes:
        membership.save()

    if plan.parsed.figures and plan.parsed.year is not None:
        year = plan.year or OrganisationYear(
            pole=pole, organisation=organisation, year=plan.parsed.year
        )
        for name, value in plan.year_changes.items():
            setattr(year, name, value)
        if year.pk is None or plan.year_changes:
            year.save()


def members_import(
    *, actor: Any, pole: Pole, dataset: tablib.Dataset, mapping: Mapping[int, str],
    skip_invalid: bool = False, dry_run: bool = False, default_year: int | None = None,
    source: str = "",
) -> ImportReport:
    """Import member structures into the pole.

    Nothing is written when a row is invalid, unless `skip_invalid`: then the valid rows are
    written and the invalid ones only reported. One audit entry records each import that wrote.
    """
    with scope(pole=pole):
        territory = set(pole.communes.values_list("code", flat=True))
        plan = plan_members(
            dataset=dataset, mapping=mapping, default_year=default_year, territory=territory
        )
        report = plan.report(dry_run=dry_run)
        if dry_run or not plan.rows or (plan.errors and not skip_invalid):
            return report
        try:
            with transaction.atomic():
                colleges = {fold(c.name): c for c in College.objects.all()}
                for row_plan in plan.rows:
                    _apply(row_plan, pole=pole, colleges=colleges)
                audit_log(
                    action=AUDIT_ACTION, actor=actor, pole=pole, obj=source or None,
                    data={**report.counts(), "source": source, "skip_invalid": skip_invalid,
                          "colleges_created": report.colleges_created},
                )
        except IntegrityError as exc:
            # Only a concurrent write can get here: the plan already checked every constraint.
            raise PtceError(_(
                "L'import a été interrompu par une modification simultanée du registre ; "
                "aucune donnée n'a été enregistrée. Relancez-le."
            )) from exc
    report.written = True
    return report

"""Open data: the shared, non-personal fields of the poles that agreed to share, as CSV, JSON and
GeoJSON. `docs/opendata-schema.md` documents every field; `FIELDS` is the same list in code
(a test keeps the two in step).

Only poles with `shares_with_observatory` are exported, and only facts about the pole and counts
of its member structures: never a person, never a structure's name. A pole's position is the
label point of its département on the observatory's map (communes carry no coordinates in the
official data ptce ships): `location_precision` says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from ptce.observatory import maps, selectors
from ptce.registry.models import ActorFamily

__all__ = [
    "DIALECTS",
    "FIELDS",
    "FORMATS",
    "SCHEMA_VERSION",
    "export_poles",
    "pole_rows",
    "to_csv",
    "to_geojson",
    "to_json",
]

SCHEMA_VERSION = 1
FORMATS = ("csv", "json", "geojson")
DIALECTS = ("default", "fr")
FAMILY_FIELDS = tuple(f"families_{family}" for family in ActorFamily.values)
# (name, type) in column order; types as documented: string, integer, number, boolean, list.
FIELDS: tuple[tuple[str, str], ...] = (
    ("slug", "string"),
    ("name", "string"),
    ("town", "string"),
    ("departement", "string"),
    ("departement_name", "string"),
    ("region", "string"),
    ("region_name", "string"),
    ("territory_type", "string"),
    ("activity_family", "string"),
    ("origin", "string"),
    ("legal_form", "string"),
    ("grouping_since", "integer"),
    ("ceased_in", "integer"),
    ("showcase_place", "boolean"),
    ("laureate_2013", "boolean"),
    ("calls_won", "list"),
    ("employer_group", "boolean"),
    ("member_count", "integer"),
    ("ess_share", "number"),
    *((name, "integer") for name in FAMILY_FIELDS),
    ("families_unclassified", "integer"),
    ("territory_communes", "integer"),
    ("territory_population", "integer"),
    ("longitude", "number"),
    ("latitude", "number"),
    ("location_precision", "string"),
    ("synthetic_data", "boolean"),
)
FIELD_NAMES = tuple(name for name, _type in FIELDS)


def _row(facts: selectors.PoleFacts) -> dict[str, Any]:
    pole = facts.pole
    departement = maps.france_map().departements.get(facts.departement or "")
    lon, lat = departement.lonlat if departement else (None, None)
    share = facts.members.ess_share
    row: dict[str, Any] = {
        "slug": pole.slug,
        "name": pole.name,
        "town": pole.town or None,
        "departement": facts.departement,
        "departement_name": facts.departement_name,
        "region": facts.region,
        "region_name": facts.region_name,
        "territory_type": pole.territory_type or None,
        "activity_family": pole.activity_family or None,
        "origin": pole.origin or None,
        "legal_form": pole.legal_form or None,
        "grouping_since": pole.grouping_since,
        "ceased_in": pole.ceased_in,
        "showcase_place": pole.showcase_place,
        "laureate_2013": facts.laureate_2013,
        "calls_won": [{"call": call, "year": year} for call, year in facts.calls],
        "employer_group": facts.employer_group,
        "member_count": facts.members.members,
        "ess_share": None if share is None else round(share, 4),
    }
    families = facts.families()
    for family, name in zip(ActorFamily.values, FAMILY_FIELDS, strict=True):
        row[name] = families[family]
    row.update(
        families_unclassified=facts.members.unclassified,
        territory_communes=facts.territory.communes,
        territory_population=facts.territory.population,
        longitude=lon,
        latitude=lat,
        location_precision="departement" if departement else None,
        synthetic_data=facts.synthetic,
    )
    return row


def pole_rows(*, today: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per consenting pole, by name; the members are those of `today`."""
    return [_row(f) for f in selectors.pole_facts(selectors.consenting_poles(), today=today)]


def _csv_value(value: Any, *, dialect: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(f"{item['call']}:{item['year']}" for item in value)
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if dialect == "fr" else text
    return str(value)


def to_csv(rows: Iterable[dict[str, Any]], *, dialect: str = "default") -> str:
    """RFC 4180 CSV in UTF-8, a header row first. The French dialect separates with ";",
    writes decimals with a comma and starts with a byte-order mark, as Excel expects."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dialect == "fr" else ",")
    writer.writerow(FIELD_NAMES)
    for row in rows:
        writer.writerow([_csv_value(row[name], dialect=dialect) for name in FIELD_NAMES])
    text = buffer.getvalue()
    return "\ufeff" + text if dialect == "fr" else text


def to_json(rows: Sequence[dict[str, Any]], *, generated_on: dt.date) -> str:
    document = {
        "schema": "ptce-poles",
        "schema_version": SCHEMA_VERSION,
        "generated_on": generated_on.isoformat(),
        "poles": list(rows),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_geojson(rows: Sequence[dict[str, Any]], *, generated_on: dt.date) -> str:
    """A FeatureCollection: one Point per pole (null geometry when its place is unknown)."""
    features = []
    for row in rows:
        lon, lat = row["longitude"], row["latitude"]
        geometry = None if lon is None else {"type": "Point", "coordinates": [lon, lat]}
        properties = {k: v for k, v in row.items() if k not in ("longitude", "latitude")}
        features.append(
            {"type": "Feature", "id": row["slug"], "geometry": geometry, "properties": properties}
        )
    document = {
        "type": "FeatureCollection",
        "schema": "ptce-poles",
        "schema_version": SCHEMA_VERSION,
        "generated_on": generated_on.isoformat(),
        "features": features,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_poles(
    fmt: str, *, dialect: str = "default", today: dt.date | None = None
) -> str:
    """The export as text in the format asked ("csv", "json" or "geojson")."""
    day = today or timezone.localdate()
    rows = pole_rows(today=day)
    if fmt == "csv":
        return to_csv(rows, dialect=dialect)
    if fmt == "json":
        return to_json(rows, generated_on=day)
    if fmt == "geojson":
        return to_geojson(rows, generated_on=day)
    raise ValueError(f"unknown format {fmt!r}")

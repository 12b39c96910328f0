"""Read the packaged official geography and write it to the database.

Both entry points take an app registry so that the data migration can pass its historic
models (`apps.get_model`) and the `territory_sync` command the current ones.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import ProtectedError, RestrictedError

from ptce.core.text import search_key

DATA_FILE = Path(__file__).resolve().parent / "data" / "territory.json.gz"
SUPPORTED_FORMAT = 1
BATCH_SIZE = 2000


@dataclass(frozen=True)
class TerritoryData:
    source: dict[str, Any]
    regions: list[list[Any]]
    departements: list[list[Any]]
    epcis: list[list[Any]]
    communes: list[list[Any]]


def read_data(path: Path = DATA_FILE) -> TerritoryData:
    raw = json.loads(gzip.decompress(path.read_bytes()))
    if raw.get("format") != SUPPORTED_FORMAT:
        raise ValueError(f"{path.name}: unsupported format {raw.get('format')!r}")
    return TerritoryData(
        source=raw["source"], regions=raw["regions"], departements=raw["departements"],
        epcis=raw["epcis"], communes=raw["communes"],
    )


# Field names (not columns) per model, in write order: parents before children.
# Migration 0002 runs this against its historic models: if one of these fields is later
# renamed or removed, copy the old loading code into 0002 rather than editing it here.
_FIELDS: dict[str, list[str]] = {
    "Region": ["code", "name"],
    "Departement": ["code", "name", "region"],
    "Epci": ["code", "name", "kind", "search_name"],
    "Commune": ["code", "name", "departement", "epci", "population", "postcodes", "search_name"],
}


def _values(data: TerritoryData) -> dict[str, list[tuple[Any, ...]]]:
    """One tuple per row, in the order of `_FIELDS`."""
    return {
        "Region": [(code, name) for code, name in data.regions],
        "Departement": [(code, name, region) for code, name, region in data.departements],
        "Epci": [(code, name, kind, search_key(name)) for code, name, kind in data.epcis],
        "Commune": [
            (code, name, departement, epci, population, " ".join(postcodes), search_key(name))
            for code, name, departement, _region, population, postcodes, epci in data.communes
        ],
    }


def load(apps: Apps, data: TerritoryData | None = None, *, using: str = DEFAULT_DB_ALIAS
         ) -> dict[str, int]:
    """Insert everything into empty tables (the data migration). Returns rows per model.

    Plain `executemany` rather than `bulk_create`: every test database runs this, and building
    35,000 model instances in batches of 142 (SQLite's 999-parameter limit) costs seconds.
    Table and column names still come from the (historic) models.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    counts: dict[str, int] = {}
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for model_name, rows in _values(data or read_data()).items():
            opts = apps.get_model("territory", model_name)._meta
            columns = [opts.get_field(name).column for name in _FIELDS[model_name]]
            sql = "INSERT INTO {} ({}) VALUES ({})".format(
                quote(opts.db_table), ", ".join(quote(c) for c in columns),
                ", ".join(["%s"] * len(columns)),
            )
            for start in range(0, len(rows), BATCH_SIZE):
                cursor.executemany(sql, rows[start:start + BATCH_SIZE])
            counts[model_name] = len(rows)
    return counts


def unload(apps: Apps, *, using: str = DEFAULT_DB_ALIAS) -> None:
    # Children first: the foreign keys between these tables are PROTECT.
    for model_name in ("Commune", "Epci", "Departement", "Region"):
        apps.get_model("territory", model_name).objects.using(using).all().delete()


@dataclass
class SyncReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # In the database but no longer in the data file (merged communes, dissolved EPCI).
    obsolete_communes: list[str] = field(default_factory=list)
    obsolete_epcis: list[str] = field(default_factory=list)
    pruned_communes: list[str] = field(default_factory=list)
    pruned_epcis: list[str] = field(default_factory=list)


def sync(apps: Apps, data: TerritoryData | None = None, *, prune: bool = False,
         using: str = DEFAULT_DB_ALIAS) -> SyncReport:
    """Upsert the data file into an existing database; only new or changed rows are written.

    Rows that left the file are reported, and only deleted with `prune`. Even then a commune
    still used by a pole's territory or by a structure is kept: dropping it would silently
    shrink a territory or fail on the structure's protected foreign key.
    """
    data = data or read_data()
    report = SyncReport()
    Commune = apps.get_model("territory", "Commune")
    Epci = apps.get_model("territory", "Epci")
    with transaction.atomic(using=using):
        for model_name, rows in _values(data).items():
            model = apps.get_model("territory", model_name)
            fields = _FIELDS[model_name]
            current = {
                row[0]: row for row in model.objects.using(using).values_list(*fields)
            }
            changed = [row for row in rows if current.get(row[0]) != row]
            attnames = [model._meta.get_field(name).attname for name in fields]  # region_id
            model.objects.using(using).bulk_create(
                [model(**dict(zip(attnames, row, strict=True))) for row in changed],
                batch_size=BATCH_SIZE, update_conflicts=True,
                unique_fields=["code"], update_fields=fields[1:],
            )
            report.created[model_name] = sum(1 for row in changed if row[0] not in current)
            report.updated[model_name] = len(changed) - report.created[model_name]

        communes = Commune.objects.using(using)
        epcis = Epci.objects.using(using)
        report.obsolete_communes = sorted(
            set(communes.values_list("code", flat=True)) - {row[0] for row in data.communes}
        )
        report.obsolete_epcis = sorted(
            set(epcis.values_list("code", flat=True)) - {row[0] for row in data.epcis}
        )
        if prune:
            unused = communes.filter(code__in=report.obsolete_communes)
            for relation in Commune._meta.related_objects:
                unused = unused.filter(**{f"{relation.name}__isnull": True})
            for code in sorted(unused.values_list("code", flat=True)):
                # A protected reference the filter above cannot name keeps the commune too.
                try:
                    with transaction.atomic(using=using):
                        communes.filter(code=code).delete()
                except (ProtectedError, RestrictedError):
                    continue
                report.pruned_communes.append(code)
            # Deleting a dissolved EPCI only unlinks its former communes (SET_NULL).
            report.pruned_epcis = report.obsolete_epcis
            epcis.filter(code__in=report.pruned_epcis).delete()
    return report

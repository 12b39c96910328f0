"""Which référentiel a campaign is read with: the packaged v2026, or a version loaded from a file.

The référentiel itself is data, validated by `ptce_analytics.referential`. This module only
finds a version by its name and stores a new one (`ReferentialVersion`, platform-level: every
pole can be assessed against it). A stored version keeps its validated YAML verbatim, so a
campaign's results can always be re-read with the version they were computed with.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from ptce.core.audit import audit_log
from ptce.core.exceptions import PtceError
from ptce.evaluation.models import ReferentialVersion
from ptce_analytics.referential import (
    PACKAGED_VERSIONS,
    Referential,
    load_referential,
    packaged_referential,
)

__all__ = [
    "DEFAULT_VERSION",
    "UnknownReferential",
    "available_versions",
    "read_referential_file",
    "referential_for",
    "store_referential",
]

DEFAULT_VERSION = "v2026"


class UnknownReferential(LookupError):
    """No packaged nor stored référentiel has this version."""


@lru_cache(maxsize=16)
def _parse(source: str) -> Referential:
    # Keyed by the YAML text itself: a row's source never changes, and parsing costs a few ms.
    return load_referential(io.StringIO(source))


def referential_for(version: str) -> Referential:
    """The référentiel `version`: packaged (v2026) or stored as a `ReferentialVersion` row.

    Raises `UnknownReferential` when neither exists. A stored version is read from its YAML,
    which was validated when it was loaded.
    """
    if version in PACKAGED_VERSIONS:
        return packaged_referential(version)
    source = (
        ReferentialVersion.objects.filter(version=version).values_list("source", flat=True).first()
    )
    if source is None:
        raise UnknownReferential(version)
    return _parse(source)


def available_versions() -> list[tuple[str, str]]:
    """(version, French title) of every référentiel a campaign can use, packaged ones first."""
    versions = [(v, packaged_referential(v).title.fr) for v in PACKAGED_VERSIONS]
    stored = ReferentialVersion.objects.exclude(version__in=PACKAGED_VERSIONS).order_by("version")
    versions += [(row.version, row.title) for row in stored]
    return versions


def read_referential_file(path: str | Path) -> tuple[Referential, str]:
    """Validate a YAML or XLSX file: the référentiel and the YAML text to store.

    Raises `ReferentialError` (every problem, each naming the indicator and the field), or
    ValueError for a file that is neither YAML nor XLSX, or OSError when it cannot be read.
    """
    path = Path(path)
    referential = load_referential(path)
    if path.suffix.lower() == ".xlsx":
        source = yaml.safe_dump(
            referential.as_dict(), allow_unicode=True, sort_keys=False, width=100
        )
    else:
        source = path.read_text(encoding="utf-8")
    return referential, source


def store_referential(referential: Referential, source: str, *, actor=None) -> ReferentialVersion:
    """Store a validated référentiel; a version that already exists is refused (PtceError)."""
    version = referential.version
    with transaction.atomic():
        if (
            version in PACKAGED_VERSIONS
            or ReferentialVersion.objects.filter(version=version).exists()
        ):
            raise PtceError(
                _(
                    "La version « %(version)s » du référentiel existe déjà : donnez un autre "
                    "numéro de version à ce fichier."
                )
                % {"version": version},
                field="version",
            )
        row = ReferentialVersion.objects.create(
            version=version, title=referential.title.fr[:200], source=source
        )
        audit_log(
            action="ptce.referential.loaded",
            actor=actor,
            obj=row,
            data={"version": version, "indicators": len(referential.indicators)},
        )
    return row

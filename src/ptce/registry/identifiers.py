"""SIREN, SIRET and RNA: accept what people type (spaces, dots), store digits, explain errors."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)
from stdnum.fr import siren, siret

_RNA = re.compile(r"^W\d{9}$")


def _digits(value: str) -> str:
    return re.sub(r"[\s.\-\u00a0\u202f]", "", value or "")


def _explain(kind: str, value: str, length: int, exc: StdnumError) -> ValidationError:
    if isinstance(exc, InvalidLength):
        message = _("Le %(kind)s « %(value)s » doit compter %(length)s chiffres.")
    elif isinstance(exc, InvalidFormat):
        message = _("Le %(kind)s « %(value)s » ne doit contenir que des chiffres.")
    elif isinstance(exc, InvalidChecksum):
        message = _(
            "Le %(kind)s « %(value)s » est invalide : la clé de contrôle ne correspond pas "
            "(vérifiez qu'aucun chiffre n'a été mal recopié)."
        )
    else:
        message = _("Le %(kind)s « %(value)s » est invalide.")
    return ValidationError(
        message, code="invalid", params={"kind": kind, "value": value, "length": length}
    )


def normalise_siren(value: str) -> str:
    """'732 829 320' → '732829320'; raises a French ValidationError if invalid."""
    if not (value or "").strip():
        return ""
    try:
        return siren.validate(_digits(value))
    except StdnumError as exc:
        raise _explain("SIREN", value.strip(), 9, exc) from exc


def normalise_siret(value: str) -> str:
    """'732 829 320 00074' → '73282932000074'; raises a French ValidationError if invalid."""
    if not (value or "").strip():
        return ""
    try:
        return siret.validate(_digits(value))
    except StdnumError as exc:
        raise _explain("SIRET", value.strip(), 14, exc) from exc


def normalise_rna(value: str) -> str:
    """RNA numbers are W followed by nine digits; they carry no check digit."""
    if not (value or "").strip():
        return ""
    compact = _digits(value).upper()
    if not _RNA.match(compact):
        raise ValidationError(
            _("Le numéro RNA « %(value)s » doit être un W suivi de 9 chiffres (ex. W313012345)."),
            code="invalid",
            params={"value": value.strip()},
        )
    return compact


def format_siret(value: str) -> str:
    """Display form used by French administrations: 732 829 320 00074."""
    if len(value) == 14:
        return f"{value[:3]} {value[3:6]} {value[6:9]} {value[9:]}"
    if len(value) == 9:
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    return value

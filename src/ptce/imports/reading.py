"""Turn an uploaded file (XLSX or CSV) into a tablib Dataset whose cells are all text.

Every data row of the Dataset is one spreadsheet row: row `i` of the Dataset is row `i + 2` of
the sheet as the user sees it (the header is row 1), blank rows included, so error messages can
point at the right line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import PurePath
from typing import Any

import tablib
from django.utils.translation import gettext as _

from ptce.core.exceptions import PtceError
from ptce.core.text import fold

# Web uploads are kept in the session between wizard steps, so they are bounded.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
# French spreadsheets export ";" (the comma is the decimal separator); others export ",".
_DELIMITERS = (";", ",", "\t")


class ReadError(PtceError):
    """The file cannot be read at all; the message says why, in French."""


def cell_text(value: Any) -> str:
    """One cell as text, the way a user would type it; Excel dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        # Excel stores every number as a float: 73282932000074.0 is a SIRET, not a decimal.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int | Decimal):
        return str(value)
    return str(value).strip()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table(
    data: bytes, *, filename: str = "", sheet: str | None = None, max_rows: int | None = None
) -> tablib.Dataset:
    """Read XLSX or CSV bytes; raise `ReadError` with a French message if that is impossible."""
    if not data.strip():
        raise ReadError(_("Le fichier est vide."))
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(_OLE_MAGIC) or suffix == ".xls":
        raise ReadError(_(
            "L'ancien format Excel (.xls) n'est pas pris en charge : enregistrez le fichier "
            "au format .xlsx ou CSV."
        ))
    if data.startswith(_XLSX_MAGIC):
        rows = _xlsx_rows(data, sheet)
    elif suffix in {".xlsx", ".xlsm", ".ods"}:
        raise ReadError(_("Ce fichier n'est pas un classeur Excel (.xlsx) lisible."))
    else:
        rows = _csv_rows(_decode(data))
    return _dataset(rows, max_rows=max_rows)


def _xlsx_rows(data: bytes, sheet: str | None) -> list[list[Any]]:
    try:
        book = tablib.Databook().load(data, format="xlsx")
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise ReadError(_("Le classeur Excel n'a pas pu être lu ; est-il endommagé ?")) from exc
    sheets = book.sheets()
    if not sheets:
        raise ReadError(_("Le classeur Excel ne contient aucune feuille."))
    chosen = sheets[0]
    if sheet:
        matches = [s for s in sheets if s.title == sheet] or [
            s for s in sheets if fold(s.title or "") == fold(sheet)
        ]
        if not matches:
            raise ReadError(
                _("La feuille « %(sheet)s » n'existe pas ; feuilles du classeur : %(names)s.")
                % {"sheet": sheet, "names": ", ".join(f"« {s.title} »" for s in sheets)}
            )
        chosen = matches[0]
    return [list(chosen.headers or [])] + [list(row) for row in chosen]


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode text" export of Excel
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(_("Le fichier n'a pas pu être décodé (UTF-16).")) from exc
    if b"\x00" in data[:4096]:
        raise ReadError(_("Ce fichier n'est ni un classeur Excel (.xlsx) ni un fichier CSV."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # What Excel for Windows writes when saving "CSV (séparateur : point-virgule)".
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReadError(_(
            "L'encodage du fichier n'est pas reconnu : enregistrez-le en CSV UTF-8."
        )) from exc


def _csv_rows(text: str) -> list[list[Any]]:
    first_line = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    delimiter = max(
        _DELIMITERS, key=lambda d: len(next(csv.reader([first_line], delimiter=d), []))
    )
    # The csv module rather than tablib's CSV loader: that one drops blank lines, which would
    # shift every row number after them, and refuses rows longer than the header.
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ReadError(
            _("Le fichier CSV est mal formé : %(error)s") % {"error": exc}
        ) from exc


def _dataset(rows: list[list[Any]], *, max_rows: int | None) -> tablib.Dataset:
    table = [[cell_text(value) for value in row] for row in rows]
    while table and not any(table[-1]):
        table.pop()  # trailing blank rows: formatting left in the sheet, not data
    if not table:
        raise ReadError(_("Le fichier est vide."))
    width = max(len(row) for row in table)
    # Drop trailing columns with neither a header nor a value (Excel often reports extra ones).
    while width and not any(len(row) >= width and row[width - 1] for row in table):
        width -= 1
    if not width:
        raise ReadError(_("Le fichier est vide."))
    table = [(row + [""] * width)[:width] for row in table]
    if len(table) < 2:
        raise ReadError(
            _("Le fichier ne contient que la ligne d'en-tête, aucune ligne de données.")
        )
    if max_rows is not None and len(table) - 1 > max_rows:
        raise ReadError(
            _("Le fichier compte %(count)s lignes ; la limite est de %(max)s lignes par import. "
              "Découpez-le en plusieurs fichiers.")
            % {"count": len(table) - 1, "max": max_rows}
        )
    return tablib.Dataset(*table[1:], headers=table[0])


def dataset_to_json(dataset: tablib.Dataset) -> dict[str, list]:
    """A JSON-serialisable copy, kept in the session between the wizard steps."""
    return {"headers": list(dataset.headers or []), "rows": [list(row) for row in dataset]}


def dataset_from_json(data: dict[str, list]) -> tablib.Dataset:
    return tablib.Dataset(*[tuple(row) for row in data["rows"]], headers=data["headers"])

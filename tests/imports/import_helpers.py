"""Test data and file builders for the member import tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

# (INSEE code, name, departement, postcodes). 31990/81990 do not exist in the official
# geography, so the two homonyms stay homonyms once the real communes are loaded.
COMMUNES = [
    ("31446", "Ramonville-Saint-Agne", "31", "31520"),
    ("31555", "Toulouse", "31", "31000 31100 31200 31300 31400 31500"),
    ("31113", "Castanet-Tolosan", "31", "31320"),
    ("31990", "Villefictive-sur-Test", "31", "31999"),
    ("81990", "Villefictive-sur-Test", "81", "81999"),
]

HEADER = [
    "Nom", "SIRET", "N° RNA", "Catégorie juridique", "Code APE", "Ville", "Code postal",
    "Qualité", "Collège", "Date d'adhésion", "Cotisation", "ETP", "Chiffre d'affaires", "Année",
    "Téléphone",
]
GOOD_ROWS = [
    ["Les Jardins de Ramonville", "732 829 320 00074", "", "9220", "88.99B",
     "Ramonville-Saint-Agne", "31520", "Fondateur", "Collège ESS", "15/03/2016", "1 234,50",
     "2,5", "85 000", "2023", "05 61 00 00 00"],
    ["Atelier Vélo Solidaire", "", "W313000123", "9220", "", "Toulouse", "31400", "membre",
     "Collège ESS", "01/09/2018", "50", "", "", "", ""],
    ["Mairie de Castanet", "", "", "7210", "84.11Z", "Castanet-Tolosan", "31320", "Partner",
     "Collège des collectivités", "2020-01-10", "0", "", "", "", ""],
]


def xlsx_bytes(rows: Sequence[Sequence[object]], *, title: str = "Membres",
               extra_sheets: dict[str, Sequence[Sequence[object]]] | None = None,
               active: int = 0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for name, other_rows in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in other_rows:
            other.append(list(row))
    workbook.active = active
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], *, delimiter: str = ";",
              encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)

"""Reading files: formats, encodings, delimiters, row numbers, limits."""

from __future__ import annotations

import datetime as dt

import pytest
from import_helpers import HEADER, csv_bytes, xlsx_bytes

from ptce.imports.reading import (
    ReadError,
    cell_text,
    column_letter,
    dataset_from_json,
    dataset_to_json,
    read_table,
)

ROWS = [["Nom", "Qualité", "Collège"], ["Café Éphémère", "fondatrice", "Collège des ESS"]]


@pytest.mark.parametrize(("delimiter", "encoding"), [
    (";", "utf-8-sig"), (",", "utf-8-sig"), (";", "cp1252"), (",", "cp1252"), (";", "utf-8"),
])
def test_csv_encodings_and_delimiters(delimiter, encoding):
    dataset = read_table(csv_bytes(ROWS, delimiter=delimiter, encoding=encoding),
                         filename="membres.csv")
    assert dataset.headers == ROWS[0]
    assert list(dataset) == [tuple(ROWS[1])]


def test_csv_with_a_comma_inside_a_semicolon_file():
    rows = [["Nom", "Cotisation"], ["Dupont, Durand et Cie", "1 234,50"]]
    dataset = read_table(csv_bytes(rows, delimiter=";"), filename="x.csv")
    assert list(dataset) == [("Dupont, Durand et Cie", "1 234,50")]


def test_blank_lines_keep_row_numbers_and_ragged_rows_are_padded():
    text = "Nom;SIRET\r\nA;1\r\n\r\nB\r\nC;3;extra\r\n\r\n"
    dataset = read_table(text.encode(), filename="x.csv")
    # Row 3 of the sheet is blank and stays, so "B" is still the 3rd data row (sheet row 4).
    assert list(dataset) == [("A", "1", ""), ("", "", ""), ("B", "", ""), ("C", "3", "extra")]
    assert dataset.headers == ["Nom", "SIRET", ""]


def test_xlsx_reads_the_first_sheet_whatever_the_active_one():
    data = xlsx_bytes(ROWS, extra_sheets={"Autre": [["x"], ["y"]]}, active=1)
    assert read_table(data, filename="membres.xlsx").headers == ROWS[0]
    assert read_table(data, filename="m.xlsx", sheet="autre").headers == ["x"]


def test_xlsx_unknown_sheet_lists_the_sheets():
    with pytest.raises(ReadError, match="« Membres »"):
        read_table(xlsx_bytes(ROWS), filename="m.xlsx", sheet="Feuil9")


def test_xlsx_cells_become_text():
    data = xlsx_bytes([HEADER[:3] + ["Date d'adhésion", "ETP"],
                       ["A", 73282932000074, None, dt.datetime(2020, 1, 31), 2.5]])
    assert list(read_table(data, filename="m.xlsx")) == [
        ("A", "73282932000074", "", "2020-01-31", "2.5")
    ]


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"", "x.csv", "vide"),
    (b"Nom;SIRET\r\n", "x.csv", "aucune ligne de données"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "x.xls", ".xls"),
    (b"not a zip", "x.xlsx", "pas un classeur"),
    (b"PK\x03\x04broken", "x.xlsx", "endommagé"),
    (b"Nom\x00\x01\x02", "x.bin", "ni un classeur"),
])
def test_unreadable_files(data, filename, message):
    with pytest.raises(ReadError, match=message):
        read_table(data, filename=filename)


def test_row_limit():
    rows = [["Nom"]] + [[f"S{i}"] for i in range(6)]
    assert len(read_table(csv_bytes(rows), max_rows=6)) == 6
    with pytest.raises(ReadError, match="6 lignes ; la limite est de 5"):
        read_table(csv_bytes(rows), max_rows=5)


def test_json_round_trip():
    dataset = read_table(csv_bytes(ROWS))
    again = dataset_from_json(dataset_to_json(dataset))
    assert again.headers == dataset.headers
    assert list(again) == list(dataset)


def test_cell_text_and_column_letters():
    assert cell_text(12.0) == "12"
    assert cell_text(dt.date(2020, 2, 1)) == "2020-02-01"
    assert cell_text("  x ") == "x"
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]

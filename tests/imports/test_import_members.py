"""The member import service: validation, upsert, atomicity, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import tablib
from import_helpers import GOOD_ROWS, HEADER

from ptce.core.models import AuditEntry
from ptce.imports.mapping import suggest_mapping
from ptce.imports.members import AUDIT_ACTION, members_import
from ptce.registry.models import College, Membership, Organisation, OrganisationYear


def dataset(rows, header=HEADER):
    return tablib.Dataset(*[tuple(r) for r in rows], headers=list(header))


def run(pole, rows, header=HEADER, **options):
    data = dataset(rows, header)
    options.setdefault("mapping", suggest_mapping(data.headers))
    return members_import(actor=None, pole=pole, dataset=data, **options)


def counts():
    return (Organisation.objects.count(), Membership.objects.count(),
            OrganisationYear.objects.count(), College.objects.count(), AuditEntry.objects.count())


def with_cell(row, column, value):
    row = list(row)
    row[HEADER.index(column)] = value
    return row


def test_good_file_imports_everything(pole, communes):
    report = run(pole, GOOD_ROWS, source="membres.xlsx")

    assert (report.created, report.updated, report.unchanged, report.invalid) == (3, 0, 0, 0)
    assert report.written and not report.errors
    assert report.ignored_columns == ["Téléphone"]
    assert sorted(report.colleges_created) == ["Collège ESS", "Collège des collectivités"]

    jardins = Organisation.objects.get(siret="73282932000074")
    assert jardins.pole == pole
    assert jardins.siren == "732829320"
    assert jardins.name == "Les Jardins de Ramonville"
    assert jardins.naf_code == "8899B"
    assert jardins.commune == communes["31446"]
    assert jardins.is_ess is True and jardins.actor_family == "ess_enterprise"
    membership = jardins.memberships.get()
    assert membership.role == "founder"
    assert membership.college.name == "Collège ESS"
    assert membership.start_date == dt.date(2016, 3, 15)
    assert membership.dues_eur == Decimal("1234.50")
    year = jardins.years.get()
    assert (year.year, year.fte, year.turnover_eur) == (2023, Decimal("2.50"), Decimal("85000"))

    velo = Organisation.objects.get(rna="W313000123")
    assert velo.commune == communes["31555"]
    assert velo.memberships.get().college == membership.college  # one college, not two
    mairie = Organisation.objects.get(name="Mairie de Castanet")
    assert mairie.commune == communes["31113"]
    assert mairie.actor_family == "public_body" and mairie.is_ess is False
    assert mairie.memberships.get().role == "partner"
    assert mairie.memberships.get().start_date == dt.date(2020, 1, 10)

    entry = AuditEntry.objects.get()
    assert entry.action == AUDIT_ACTION and entry.pole == pole
    assert entry.data["created"] == 3 and entry.data["source"] == "membres.xlsx"


def test_reimport_creates_no_duplicates(pole):
    run(pole, GOOD_ROWS)
    before = counts()

    report = run(pole, GOOD_ROWS)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert counts()[:4] == before[:4]
    assert AuditEntry.objects.count() == 2  # one per run


def test_reimport_with_a_change_updates(pole):
    run(pole, GOOD_ROWS)
    changed = [with_cell(GOOD_ROWS[0], "Cotisation", "60")] + GOOD_ROWS[1:]

    report = run(pole, changed)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Membership.objects.get(organisation__siret="73282932000074").dues_eur == 60
    assert Membership.objects.count() == 3


def test_blank_cells_do_not_erase(pole):
    run(pole, GOOD_ROWS)
    blanked = [with_cell(GOOD_ROWS[0], "Code APE", "")]

    assert run(pole, blanked).unchanged == 1
    assert Organisation.objects.get(siret="73282932000074").naf_code == "8899B"


def test_matches_an_existing_structure_by_name_and_commune(pole, communes):
    existing = Organisation.objects.create(
        pole=pole, name="Les jardins de Ramonville", commune=communes["31446"]
    )
    report = run(pole, GOOD_ROWS[:1])

    assert (report.created, report.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.siret == "73282932000074"
    assert existing.name == "Les Jardins de Ramonville"


def test_matches_by_siren_then_rna(pole):
    by_siren = Organisation.objects.create(pole=pole, name="Ancien nom", siren="732829320")
    by_rna = Organisation.objects.create(pole=pole, name="Vélo", rna="W313000123")
    header = ["Raison sociale", "SIREN", "RNA"]

    report = run(pole, [["Nouveau nom", "732 829 320", ""], ["Atelier Vélo", "", "W313000123"]],
                 header=header)

    assert (report.created, report.updated) == (0, 2)
    by_siren.refresh_from_db()
    by_rna.refresh_from_db()
    assert (by_siren.name, by_rna.name) == ("Nouveau nom", "Atelier Vélo")


def test_membership_with_same_start_date_is_updated(pole):
    run(pole, GOOD_ROWS[:1])
    org = Organisation.objects.get()
    Membership.objects.filter(organisation=org).update(end_date=dt.date(2017, 1, 1))
    # A closed membership with another start date is history: a new membership is added.
    report = run(pole, [with_cell(GOOD_ROWS[0], "Date d'adhésion", "01/01/2019")])
    assert report.updated == 1
    assert org.memberships.count() == 2
    # Same start date as the new one: that one is updated, no third membership.
    report = run(pole, [with_cell(with_cell(GOOD_ROWS[0], "Date d'adhésion", "01/01/2019"),
                                  "Qualité", "membre")])
    assert report.updated == 1
    assert org.memberships.count() == 2
    assert org.memberships.get(start_date=dt.date(2019, 1, 1)).role == "member"


def test_other_poles_are_not_touched(pole, make_pole):
    other = make_pole("pole-b")
    Organisation.objects.create(pole=other, name="Les Jardins de Ramonville",
                                siret="73282932000074")

    report = run(pole, GOOD_ROWS[:1])

    assert report.created == 1
    assert Organisation.objects.filter(siret="73282932000074").count() == 2


def assert_single_error(report, *, row, field, column, value, message):
    assert [(e.row, e.field, e.column, e.value) for e in report.errors] == [
        (row, field, column, value)
    ]
    assert message in report.errors[0].message
    assert report.invalid == 1


@pytest.mark.parametrize(("column", "value", "field", "message"), [
    ("SIRET", "732 829 321 00074", "SIRET",
     "Le SIRET « 732 829 321 00074 » est invalide : la clé de contrôle ne correspond pas"),
    ("Ville", "Ramonvile", "Commune", "Commune « Ramonvile » introuvable"),
    ("Nom", "", "Nom de la structure", "Le nom de la structure est obligatoire."),
    ("Date d'adhésion", "31/02/2020", "Date d'adhésion",
     "« 31/02/2020 » n'est pas une date valide (jj/mm/aaaa attendu)."),
    ("Cotisation", "-5", "Cotisation annuelle (€)", "La cotisation ne peut pas être négative."),
    ("Catégorie juridique", "1234", "Catégorie juridique", "inconnue de la nomenclature INSEE"),
    ("N° RNA", "W12", "Numéro RNA", "doit être un W suivi de 9 chiffres"),
    ("Qualité", "ami", "Qualité de membre", "Qualité « ami » inconnue"),
    ("ETP", "beaucoup", "ETP", "n'est pas un nombre valide"),
])
def test_a_bad_cell_writes_nothing(pole, column, value, field, message):
    rows = [GOOD_ROWS[0], with_cell(GOOD_ROWS[1], column, value), GOOD_ROWS[2]]

    report = run(pole, rows)

    assert_single_error(report, row=3, field=field, column=column, value=value, message=message)
    assert not report.written
    assert counts() == (0, 0, 0, 0, 0)


def test_all_errors_of_a_row_are_reported(pole):
    row = with_cell(with_cell(GOOD_ROWS[0], "SIRET", "123"), "Date d'adhésion", "hier")
    report = run(pole, [row])
    assert [e.field for e in report.errors] == ["SIRET", "Date d'adhésion"]
    assert report.invalid == 1


def test_duplicate_rows(pole):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], with_cell(GOOD_ROWS[0], "Nom", "Autre nom"),
            with_cell(GOOD_ROWS[2], "Nom", "MAIRIE DE CASTANET"), GOOD_ROWS[2]]

    report = run(pole, rows)

    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (4, "SIRET", "Doublon : même SIRET que la ligne 2."),
        (6, "Nom de la structure", "Doublon : même nom et même commune que la ligne 5."),
    ]
    assert counts() == (0, 0, 0, 0, 0)


def test_same_name_elsewhere_is_not_a_duplicate(pole):
    rows = [GOOD_ROWS[2], with_cell(with_cell(GOOD_ROWS[2], "Ville", "Toulouse"),
                                    "Code postal", "31000")]
    assert run(pole, rows).created == 2


def test_two_rows_matching_one_existing_structure(pole):
    Organisation.objects.create(pole=pole, name="Vélo", rna="W313000123",
                                siret="73282932000074")
    rows = [GOOD_ROWS[0], with_cell(GOOD_ROWS[1], "SIRET", "")]
    report = run(pole, rows)
    assert [(e.row, e.message) for e in report.errors] == [
        (3, "Doublon : cette ligne désigne la même structure (« Vélo ») que la ligne 2.")
    ]


def test_rna_of_another_structure(pole):
    Organisation.objects.create(pole=pole, name="Jardins", siret="73282932000074")
    Organisation.objects.create(pole=pole, name="Déjà là", rna="W313000123")
    report = run(pole, [with_cell(GOOD_ROWS[0], "N° RNA", "W313000123")])
    assert report.errors[0].field == "Numéro RNA"
    assert report.errors[0].message == "Ce numéro RNA est déjà celui de « Déjà là » dans le pôle."


def test_skip_invalid_writes_the_good_rows_only(pole):
    rows = [GOOD_ROWS[0], with_cell(GOOD_ROWS[1], "SIRET", "732 829 321 00074"), GOOD_ROWS[2]]

    report = run(pole, rows, skip_invalid=True)

    assert report.written
    assert (report.created, report.invalid) == (2, 1)
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Les Jardins de Ramonville", "Mairie de Castanet",
    ]
    assert AuditEntry.objects.get().data["invalid"] == 1


def test_dry_run_writes_nothing(pole):
    report = run(pole, GOOD_ROWS, dry_run=True)
    assert report.created == 3 and not report.written
    assert counts() == (0, 0, 0, 0, 0)


def test_figures_need_a_year(pole):
    row = with_cell(GOOD_ROWS[0], "Année", "")
    report = run(pole, [row])
    assert report.errors[0].field == "ETP"
    assert "Indiquez l'année" in report.errors[0].message

    report = run(pole, [row], default_year=2022)
    assert report.created == 1
    assert OrganisationYear.objects.get().year == 2022


def test_years_are_upserted(pole):
    run(pole, GOOD_ROWS[:1])
    run(pole, [with_cell(with_cell(GOOD_ROWS[0], "Année", "2024"), "ETP", "3")])
    run(pole, [with_cell(with_cell(GOOD_ROWS[0], "Année", "2024"), "ETP", "4")])
    assert dict(OrganisationYear.objects.values_list("year", "fte")) == {
        2023: Decimal("2.5"), 2024: Decimal("4"),
    }


@pytest.mark.parametrize(("commune", "postcode", "expected"), [
    ("Ramonville-Saint-Agne", "", "31446"), ("ramonville st agne", "", "31446"),
    ("RAMONVILLE SAINT-AGNE", "31520", "31446"), ("", "31520", "31446"),
    ("31446", "", "31446"), ("Villefictive-sur-Test", "81999", "81990"),
    ("Villefictive-sur-Test (31)", "", "31990"),
    ("31999", "", "31990"),  # not an INSEE code: read as a postcode
])
def test_commune_resolution(pole, commune, postcode, expected):
    row = with_cell(with_cell(GOOD_ROWS[0], "Ville", commune), "Code postal", postcode)
    run(pole, [row])
    assert Organisation.objects.get().commune_id == expected


def test_commune_from_insee_code_column(pole):
    report = run(pole, [["Structure X", "00000"], ["Structure Y", "31446"], ["Z", "314"]],
                 header=["Nom", "Code INSEE"])
    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (2, "Code INSEE de la commune", "Aucune commune ne porte le code INSEE « 00000 »."),
        (4, "Code INSEE de la commune",
         "Le code INSEE « 314 » doit compter 5 caractères (par exemple 31446)."),
    ]


@pytest.mark.parametrize(("commune", "postcode", "message"), [
    ("Villefictive-sur-Test", "", "Plusieurs communes s'appellent « Villefictive-sur-Test »"),
    ("Toulouse", "31520", "Aucune commune « Toulouse » n'a le code postal « 31520 »."),
    ("", "00000", "Aucune commune n'a le code postal « 00000 »."),
    ("", "315", "Le code postal « 315 » doit compter 5 chiffres."),
])
def test_commune_errors(pole, commune, postcode, message):
    row = with_cell(with_cell(GOOD_ROWS[0], "Ville", commune), "Code postal", postcode)
    report = run(pole, [row])
    assert report.errors[0].message.startswith(message)


def test_ambiguous_commune_inside_the_territory_is_resolved(pole, communes):
    pole.communes.add(communes["81990"])
    run(pole, [with_cell(with_cell(GOOD_ROWS[0], "Ville", "Villefictive-sur-Test"),
                         "Code postal", "")])
    assert Organisation.objects.get().commune_id == "81990"


def test_without_a_name_column(pole):
    report = run(pole, [["732 829 320 00074"]], header=["SIRET"])
    assert [(e.row, e.field) for e in report.errors] == [(1, "Nom de la structure")]
    assert not report.written


def test_blank_rows_are_skipped_and_row_numbers_kept(pole):
    rows = [GOOD_ROWS[0], [""] * len(HEADER), with_cell(GOOD_ROWS[1], "SIRET", "123")]
    report = run(pole, rows)
    assert report.rows == 2
    assert report.errors[0].row == 4


def test_sample_file_imports_cleanly(pole):
    from importlib.resources import files

    from ptce.imports.reading import read_table

    data = files("ptce.imports").joinpath("samples", "modele_import_membres.csv").read_bytes()
    sample = read_table(data, filename="modele_import_membres.csv")
    report = members_import(actor=None, pole=pole, dataset=sample,
                            mapping=suggest_mapping(sample.headers))
    assert report.errors == []
    assert report.ignored_columns == []
    assert report.created == 3


def test_excel_cells_import(pole):
    from import_helpers import xlsx_bytes

    from ptce.imports.reading import read_table

    data = xlsx_bytes([["Nom", "SIRET", "Date d'adhésion", "Cotisation", "Code commune"],
                       ["Les Jardins", 73282932000074, dt.datetime(2016, 3, 15), 1234.5, 31446]])
    sheet = read_table(data, filename="m.xlsx")
    report = members_import(actor=None, pole=pole, dataset=sheet,
                            mapping=suggest_mapping(sheet.headers))
    assert report.errors == []
    membership = Membership.objects.get()
    assert membership.start_date == dt.date(2016, 3, 15)
    assert membership.dues_eur == Decimal("1234.50")
    assert membership.organisation.commune_id == "31446"


def test_query_count_does_not_grow_with_rows(pole):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(rows):
        with CaptureQueriesContext(connection) as captured:
            run(pole, rows, dry_run=True)
        return len(captured.captured_queries)

    few = queries(GOOD_ROWS[:1])
    many = [with_cell(with_cell(GOOD_ROWS[1], "Nom", f"Structure {i}"), "N° RNA", "")
            for i in range(30)]
    # One more lookup per distinct commune at most, never per row.
    assert queries(GOOD_ROWS[:1] + many) <= few + 2

"""The official data loaded by migration 0002, the packaged file, and `territory_sync`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from ptce.territory import loader
from ptce.territory.models import Commune, Departement, Epci, Region

pytestmark = pytest.mark.django_db


def test_migration_loaded_the_whole_country():
    assert Commune.objects.count() > 34_000
    assert Epci.objects.count() > 1_200
    assert Departement.objects.count() >= 101
    assert Region.objects.count() >= 18


def test_ramonville_is_in_the_sicoval_with_its_postcode():
    ramonville = Commune.objects.select_related("epci", "departement").get(code="31446")
    assert ramonville.name == "Ramonville-Saint-Agne"
    assert ramonville.epci.name == "CA du Sicoval"
    assert ramonville.epci.code == "243100633"
    assert "31520" in ramonville.postcodes.split()
    assert ramonville.departement.region_id == "76"
    assert ramonville.search_name == "ramonville saint agne"
    assert ramonville.population and ramonville.population > 10_000


def test_corsica_and_multi_postcode_communes():
    assert Commune.objects.get(code="2A004").name == "Ajaccio"
    assert len(Commune.objects.get(code="75056").postcodes.split()) >= 20


def test_data_file_is_reproducible_and_sourced():
    raw = loader.DATA_FILE.read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip mtime: builds are byte-for-byte reproducible
    assert len(raw) < 5 * 1024 * 1024
    data = loader.read_data()
    assert data.source["package"] == "@etalab/decoupage-administratif"
    assert data.source["version"] == "6.0.0"
    assert data.source["licence"] == "MIT"
    assert [row[0] for row in data.communes] == sorted(row[0] for row in data.communes)


def test_sync_on_an_up_to_date_database_writes_nothing():
    report = loader.sync(apps)
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0
    assert report.obsolete_communes == [] and report.obsolete_epcis == []


def test_sync_restores_changed_rows_and_prunes_only_unused_obsolete_communes(make_pole):
    Commune.objects.filter(code="31446").update(name="Ramonville", search_name="ramonville")
    departement = Departement.objects.get(code="31")
    used = Commune.objects.create(code="31999", name="Ancienne A", departement=departement,
                                  search_name="ancienne a")
    Commune.objects.create(code="31998", name="Ancienne B", departement=departement,
                           search_name="ancienne b")
    make_pole("pole-a").communes.add(used)

    report = loader.sync(apps, prune=True)

    assert report.updated["Commune"] == 1
    assert Commune.objects.get(code="31446").name == "Ramonville-Saint-Agne"
    assert report.obsolete_communes == ["31998", "31999"]
    assert report.pruned_communes == ["31998"]
    assert Commune.objects.filter(code="31999").exists()
    assert not Commune.objects.filter(code="31998").exists()


def test_territory_sync_command_reports():
    out = StringIO()
    call_command("territory_sync", stdout=out)
    assert "6.0.0" in out.getvalue()
    assert "Commune : 0 ajouté(s), 0 mis à jour" in out.getvalue()

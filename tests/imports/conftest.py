"""Fixtures for the member import: a few communes and a pole."""

from __future__ import annotations

import pytest
from import_helpers import COMMUNES

from ptce.core.text import search_key


@pytest.fixture
def communes(db):
    from ptce.territory.models import Commune, Departement, Region

    occitanie, _ = Region.objects.get_or_create(code="76", defaults={"name": "Occitanie"})
    departements = {
        code: Departement.objects.get_or_create(
            code=code, defaults={"name": name, "region": occitanie}
        )[0]
        for code, name in (("31", "Haute-Garonne"), ("81", "Tarn"))
    }
    return {
        code: Commune.objects.get_or_create(code=code, defaults={
            "name": name, "departement": departements[dep], "postcodes": postcodes,
            "search_name": search_key(name),
        })[0]
        for code, name, dep, postcodes in COMMUNES
    }


@pytest.fixture
def pole(make_pole, communes):
    return make_pole("pole-a", name="Pôle A")

from __future__ import annotations

import pytest

from ptce.core.models import AuditEntry
from ptce.territory.models import Commune, Departement, Epci
from ptce.territory.services import pole_territory_add, pole_territory_remove

pytestmark = pytest.mark.django_db

SICOVAL = "243100633"


@pytest.fixture
def coordinator_and_poles(make_pole, make_user):
    pole = make_pole("pole-a")
    other = make_pole("pole-b")
    user = make_user("coord", pole=pole, role="coordinator")
    return user, pole, other


def test_adding_an_epci_adds_all_its_communes(coordinator_and_poles):
    user, pole, other = coordinator_and_poles
    other.communes.add("31555")
    sicoval = Epci.objects.get(code=SICOVAL)

    added = pole_territory_add(actor=user, pole=pole, epci=sicoval)

    expected = set(Commune.objects.filter(epci=sicoval).values_list("code", flat=True))
    assert len(expected) == 36
    assert added == 36
    assert set(pole.communes.values_list("code", flat=True)) == expected
    assert "31446" in expected
    # Another pole's territory is not touched.
    assert list(other.communes.values_list("code", flat=True)) == ["31555"]
    entry = AuditEntry.objects.get(action="ptce.territory.changed")
    assert entry.pole == pole and entry.actor == user
    assert entry.data == {"operation": "add", "count": 36, "communes": [], "epci": SICOVAL,
                          "departement": None}


def test_adding_is_idempotent_and_mixes_pickers(coordinator_and_poles):
    user, pole, _ = coordinator_and_poles
    ramonville = Commune.objects.get(code="31446")
    assert pole_territory_add(actor=user, pole=pole, communes=[ramonville, "31555"]) == 2
    assert pole_territory_add(
        actor=user, pole=pole, communes=["31446"], epci=Epci.objects.get(code=SICOVAL)
    ) == 35
    assert pole_territory_add(actor=user, pole=pole, communes=[ramonville]) == 0
    assert pole.communes.count() == 37


def test_adding_a_departement(coordinator_and_poles):
    user, pole, _ = coordinator_and_poles
    ariege = Departement.objects.get(code="09")
    added = pole_territory_add(actor=user, pole=pole, departement=ariege)
    assert added == Commune.objects.filter(departement=ariege).count() > 300
    assert pole.communes.exclude(departement=ariege).count() == 0


def test_removing_leaves_other_poles_alone(coordinator_and_poles):
    user, pole, other = coordinator_and_poles
    sicoval = Epci.objects.get(code=SICOVAL)
    pole_territory_add(actor=user, pole=pole, epci=sicoval)
    pole_territory_add(actor=None, pole=other, epci=sicoval)

    assert pole_territory_remove(actor=user, pole=pole, communes=["31446"]) == 1
    assert not pole.communes.filter(code="31446").exists()
    assert pole_territory_remove(actor=user, pole=pole, epci=sicoval) == 35
    assert pole.communes.count() == 0
    assert other.communes.count() == 36
    assert AuditEntry.objects.filter(action="ptce.territory.changed", pole=pole).count() == 3

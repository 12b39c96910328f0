"""`ptce network` and `ptce governance`: JSON of plain values, French usage errors."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ptce_analytics import governance, network


def _run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_network_json_on_the_star(etoile):
    document = json.loads(
        _run("network", "--pole", "pole-etoile", "--date", "31/12/2024", "--sources", "project",
             "--json")
    )  # fmt: skip
    assert document["pole"] == "pole-etoile"
    assert document["window"] == {"start": "2024-01-01", "end": "2024-12-31", "months": 12}
    assert document["previous_window"] == {"start": "2023-01-01", "end": "2023-12-31"}
    assert document["sources"] == ["project"]
    assert document["graph"]["nodes"] == 6 and document["graph"]["edges"] == 4
    leader = document["leader_dependence"]
    assert leader["leader"] == {"id": f"o{etoile.orgs['H'].pk}", "label": "Maison Pivot"}
    assert leader["leader_tie_share"] == 1.0
    assert leader["remaining_components"] == 5
    assert leader["min_split_cut"] == [leader["leader"]]
    assert document["metrics"]["degree_centralisation"] == pytest.approx(0.8)
    assert document["change"]["density_before"] == 0.0
    assert {a["label"] for a in document["change"]["joined"]} == {
        "Maison Pivot", "Atelier Abeille", "Boulangerie Blé SAS", "Commune de Cèdres",
        "Laboratoire Delta",
    }  # fmt: skip
    assert set(network.DEFINITIONS) == set(document["definitions"])


def test_network_json_null_when_not_measurable(make_pole):
    make_pole("pole-vide")
    document = json.loads(_run("network", "--pole", "pole-vide", "--json", "--months", "36"))
    assert document["metrics"]["density"] is None
    assert document["leader_dependence"]["leader"] is None
    assert document["ei_index"]["index"] is None
    assert document["communities"]["modularity"] is None


def test_network_text_lists_definitions(etoile):
    text = _run("network", "--pole", "pole-etoile", "--date", "2024-12-31")
    assert "Maison Pivot" in text
    assert network.DEFINITIONS["density"] in text
    assert "du 2024-01-01 au 2024-12-31" in text


def test_governance_json(etoile):
    document = json.loads(
        _run("governance", "--pole", "pole-etoile", "--date", "31/12/2024", "--json")
    )
    assert document["on"] == "2024-12-31"
    assert document["parity"]["women"] == 2
    assert document["parity"]["chair_index"] == 0.0
    assert document["natural_person_share"]["share"] == 0.25
    assert document["representation_ratio"]["ratio"] == 1.0
    assert document["tenure_rotation"]["changes"] == 1
    assert document["definitions"] == governance.DEFINITIONS


def test_governance_json_null_when_not_measurable(make_pole):
    make_pole("pole-vide")
    document = json.loads(_run("governance", "--pole", "pole-vide", "--json"))
    assert document["parity"]["index"] is None
    assert document["parity"]["missing"] == "no current seat"
    assert document["tenure_rotation"]["rotation"] is None


def test_governance_text(etoile):
    text = _run("governance", "--pole", "pole-etoile", "--date", "31/12/2024")
    assert "parity_index: 0.6667" in text
    assert governance.DEFINITIONS["rotation"] in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["network", "--pole", "inconnu"], "Pôle « inconnu » introuvable."),
        (["governance", "--pole", "inconnu"], "Pôle « inconnu » introuvable."),
        (["network", "--pole", "pole-etoile", "--date", "32/01/2024"], "illisible"),
        (["governance", "--pole", "pole-etoile", "--date", "demain"], "illisible"),
        (["network", "--pole", "pole-etoile", "--months", "0"], "au moins 1"),
        (["network", "--pole", "pole-etoile", "--sources", "project,lunch"], "lunch"),
        (["network", "--pole", "pole-etoile", "--months", "douze"], "Erreur"),
    ],
)
def test_usage_errors(etoile, args, message):
    with pytest.raises(CommandError, match=message) as error:
        _run(*args)
    assert error.value.returncode == 2

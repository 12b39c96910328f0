"""On the demo, one pole is star-shaped: it hangs on its leading structure.

Runs the real `ptce demo` command, then reads the pole through the `network` command.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from ptce.demo.network_demo import NAME_PREFIX, STAR_POLE
from ptce.projects.models import Project, ProjectPartner

pytestmark = pytest.mark.django_db


def _demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def _network(*args: str) -> dict:
    out = StringIO()
    call_command("network", "--pole", STAR_POLE, "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_star_pole_hangs_on_its_leader():
    output = _demo()
    assert "Pôle en étoile (Fontaine O Livres)" in output
    document = _network()
    leader = document["leader_dependence"]
    metrics = document["metrics"]
    assert leader["leader"]["label"] in output  # the structure the demo says it built around
    # Most ties go through the leader, and its departure alone splits the pole: without it
    # the largest group still tied holds a small part of the others, in many pieces.
    assert leader["leader_tie_share"] >= 0.6
    assert leader["min_split_size"] == 1
    assert leader["min_split_cut"] == [leader["leader"]]
    assert leader["remaining_largest_share"] <= 0.25
    assert leader["remaining_components"] >= 10 * metrics["components"]
    assert metrics["degree_centralisation"] >= 0.9
    # Every other member is tied to it.
    assert leader["leader_degree"] == document["graph"]["nodes"] - 1

    projects = Project.objects.filter(name__startswith=NAME_PREFIX)
    assert projects.count() == leader["leader_degree"]
    assert not projects.filter(is_synthetic=False).exists()
    assert not ProjectPartner.objects.filter(project__in=projects, is_synthetic=False).exists()

    # Running the demo again adds nothing.
    assert "déjà présent, rien de créé" in _demo()
    assert Project.objects.filter(name__startswith=NAME_PREFIX).count() == projects.count()

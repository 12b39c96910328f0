"""On the demo, `ptce conformity --pole le-periscope` prints both checklists with evidence."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_conformity_of_the_observed_demo_pole():
    call_command("demo", stdout=StringIO(), stderr=StringIO())

    out = StringIO()
    call_command("conformity", "--pole", "le-periscope", stdout=out)
    text = out.getvalue()
    assert text.startswith("Le Périscope (le-periscope)")
    assert "Article 9 de la loi n° 2014-856 du 31 juillet 2014" in text
    assert "Décret n° 2015-431 du 15 avril 2015" in text
    assert text.count("Preuves : ") == 10  # five criteria each, every one with its evidence
    assert "entreprises de l'ESS" in text

    out = StringIO()
    call_command("conformity", "--pole", "le-periscope", "--json", stdout=out)
    document = json.loads(out.getvalue())
    criteria = [c for checklist in document["checklists"] for c in checklist["criteria"]]
    assert len(criteria) == 10
    assert all(c["status"] in ("met", "not_met", "unknown") and c["evidence"] for c in criteria)
    # Unknown criteria say what is missing; decided ones do not.
    assert all((c["missing"] is not None) == (c["status"] == "unknown") for c in criteria)

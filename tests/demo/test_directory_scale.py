"""The member directory costs the same number of queries with 10 or 1,000 poles in the base.

Also checks the national scale the generator promises: 1,000 poles give 50,000+ structures.
Both are in one test so the 1,000 poles are generated once (about half a minute). Registry
only: the meetings would multiply the time by four and the directory does not read them.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptce.demo.generate import generate
from ptce.meetings.models import Meeting
from ptce.registry.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def _directory_queries(client, slug: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("directory", args=[slug]))
    assert response.status_code == 200
    assert "fictive" in response.content.decode()
    return len(queries)


def test_directory_queries_do_not_grow_with_the_number_of_poles(client, make_user):
    from ptce.poles.models import Pole

    generate(poles=10, seed=2014, meetings=False)
    pole = Pole.objects.get(slug="gen-0001")
    client.force_login(make_user("observatoire", pole=pole, role="observer"))
    _directory_queries(client, pole.slug)  # warm caches (session, content types)
    with_10 = _directory_queries(client, pole.slug)

    report = generate(poles=1000, seed=2014, meetings=False)
    assert report.poles_created == 990
    assert Organisation.objects.count() >= 50_000
    assert Membership.objects.count() == Organisation.objects.count()
    assert report.meetings_created == 0 and not Meeting.objects.exists()
    with_1000 = _directory_queries(client, pole.slug)

    assert with_1000 == with_10

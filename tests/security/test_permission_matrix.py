"""Every URL × every role × {own pole, foreign pole}, from one table.

Adding a URL without a row here fails `test_every_url_has_a_row`. Expected outcomes are written
out per role rather than derived from `ROLE_CAPABILITIES`, so a change to the capability module
that opens a page to a new role has to be made twice, on purpose.
"""

from __future__ import annotations

import matrix_bookings
import matrix_dashboards
import matrix_economics
import matrix_employer_group
import matrix_evaluation
import matrix_meetings
import matrix_network
import matrix_observatory
import matrix_poolings
import matrix_projects
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from matrix_core import OK, ROLES, Row
from matrix_core import ROWS as CORE_ROWS

from ptce.registry.models import Membership, Organisation, Person

# Each area module has ROWS and build_objects(pole, objects); areas later in the list may use
# the objects of earlier ones.
AREAS = (
    matrix_meetings,
    matrix_dashboards,
    matrix_poolings,
    matrix_employer_group,
    matrix_bookings,
    matrix_projects,
    matrix_economics,
    matrix_network,
    matrix_evaluation,
    matrix_observatory,
)
MATRIX: dict[str, Row] = {**CORE_ROWS}
for _area in AREAS:
    MATRIX.update(_area.ROWS)
# Not pole pages: authentication, language switch, and the staff-only Django admin.
# calendar-feed is reached by its secret token, without a login (tested in tests/meetings).
PUBLIC = {
    "login",
    "logout",
    "set_language",
    "calendar-feed",
    "bookings-feed",
    "assessment-answer-token",
}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            names |= _url_names(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_has_a_row():
    missing = _url_names(get_resolver()) - set(MATRIX) - PUBLIC
    assert not missing, f"add these URL names to the permission matrix: {sorted(missing)}"


def test_the_matrix_names_no_url_that_does_not_exist():
    assert set(MATRIX) <= _url_names(get_resolver())


@pytest.fixture
def two_poles(make_pole):
    poles = {}
    for slug in ("own", "foreign"):
        pole = make_pole(slug)
        organisation = Organisation.objects.create(pole=pole, name=f"Structure {slug}")
        membership = Membership.objects.create(pole=pole, organisation=organisation)
        person = Person.objects.create(
            pole=pole,
            first_name="Camille",
            last_name=slug,
            organisation=organisation,
            consent_directory=True,
        )
        objects = {
            "pole": pole,
            "organisation": organisation,
            "person": person,
            "membership": membership,
        }
        for area in AREAS:
            objects.update(area.build_objects(pole, objects))
        poles[slug] = objects
    return poles


def _url(name: str, row: Row, pole_slug: str, objects: dict) -> str:
    kwargs: dict[str, object] = {"pole_slug": pole_slug} if row.pole_scoped else {}
    for spec in row.objects:
        kwarg, key = spec.split(":")
        kwargs[kwarg] = objects[key].pk
    return reverse(name, kwargs=kwargs)


def _outcome(response) -> object:
    if response.status_code in (403, 404):
        return response.status_code
    assert response.status_code < 500, response.status_code
    return OK


POLE_ROWS = [(name, row) for name, row in MATRIX.items() if row.pole_scoped]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "row"), POLE_ROWS, ids=[n for n, _ in POLE_ROWS])
def test_role_on_own_pole(client, make_user, two_poles, name, row, role):
    own = two_poles["own"]
    client.force_login(make_user("u", pole=own["pole"], role=role))
    response = getattr(client, row.method)(_url(name, row, "own", own))
    assert _outcome(response) == row.expected[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "row"), POLE_ROWS, ids=[n for n, _ in POLE_ROWS])
def test_role_on_foreign_pole_gets_404(client, make_user, two_poles, name, row, role):
    client.force_login(make_user("u", pole=two_poles["own"]["pole"], role=role))
    foreign = two_poles["foreign"]
    response = getattr(client, row.method)(_url(name, row, "foreign", foreign))
    assert response.status_code == 404


OBJECT_ROWS = [(name, row) for name, row in POLE_ROWS if row.objects]


@pytest.mark.parametrize(("name", "row"), OBJECT_ROWS, ids=[n for n, _ in OBJECT_ROWS])
def test_foreign_object_through_own_pole_url_gets_404(client, make_user, two_poles, name, row):
    """A coordinator of pole A who pastes pole B's object id into a pole A URL sees nothing."""
    client.force_login(make_user("u", pole=two_poles["own"]["pole"], role="coordinator"))
    response = getattr(client, row.method)(_url(name, row, "own", two_poles["foreign"]))
    assert response.status_code == 404


# Pages outside any pole whose row gives per-role expectations: the user holds that role in
# their own pole.
OUTSIDE_ROWS = [(name, row) for name, row in MATRIX.items() if not row.pole_scoped and row.expected]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "row"), OUTSIDE_ROWS, ids=[n for n, _ in OUTSIDE_ROWS])
def test_role_on_page_outside_poles(client, make_user, two_poles, name, row, role):
    client.force_login(make_user("u", pole=two_poles["own"]["pole"], role=role))
    response = getattr(client, row.method)(_url(name, row, "own", two_poles["own"]))
    assert _outcome(response) == row.expected[role]


@pytest.mark.parametrize(("name", "row"), list(MATRIX.items()), ids=list(MATRIX))
def test_anonymous_is_sent_to_login(client, two_poles, name, row):
    response = getattr(client, row.method)(_url(name, row, "own", two_poles["own"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_pole_and_foreign_pole_answer_alike(client, make_user, two_poles):
    client.force_login(make_user("u", pole=two_poles["own"]["pole"], role="coordinator"))
    unknown = client.get(reverse("pole-home", args=["does-not-exist"]))
    foreign = client.get(reverse("pole-home", args=["foreign"]))
    assert unknown.status_code == foreign.status_code == 404

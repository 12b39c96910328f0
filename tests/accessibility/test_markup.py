"""Structural accessibility checks on every page a pole user sees (RGAA / WCAG 2.1 AA basics).

Colour contrast and keyboard use are checked in the browser tests; here the HTML itself is
checked: one h1, the landmarks, a language, and a label for every form control.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from ptce.registry.models import Membership, Organisation, Person


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.landmarks: set[str] = set()
        self.lang = ""
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.open_labels = 0
        self.images_without_alt = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "h1":
            self.h1 += 1
        elif tag in ("main", "nav", "header", "footer"):
            self.landmarks.add(tag)
        elif tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if a.get("type") in ("hidden", "submit", "button"):
                return
            self.controls.append({**a, "_wrapped": "1" if self.open_labels else None})
        elif tag == "img" and "alt" not in a:
            self.images_without_alt += 1

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1


def audit(html: str) -> _Audit:
    parser = _Audit()
    parser.feed(html)
    return parser


@pytest.fixture
def pole_pages(client, make_pole, make_user):
    pole = make_pole("a11y", "Pôle accessible")
    organisation = Organisation.objects.create(pole=pole, name="Régie", legal_category="9220")
    membership = Membership.objects.create(pole=pole, organisation=organisation)
    person = Person.objects.create(pole=pole, first_name="Lou", last_name="Martin")
    client.force_login(make_user("coord", pole=pole, role="coordinator"))
    s = pole.slug
    return [
        reverse("my-poles"),
        reverse("pole-home", args=[s]),
        reverse("directory", args=[s]),
        reverse("organisation-detail", args=[s, organisation.pk]),
        reverse("organisation-create", args=[s]),
        reverse("organisation-edit", args=[s, organisation.pk]),
        reverse("membership-edit", args=[s, membership.pk]),
        reverse("organisation-year", args=[s, organisation.pk]),
        reverse("person-create", args=[s]),
        reverse("person-detail", args=[s, person.pk]),
        reverse("territory", args=[s]),
        reverse("import-upload", args=[s]),
    ]


def test_every_page_has_one_h1_landmarks_a_language_and_labelled_controls(client, pole_pages):
    for url in pole_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = audit(response.content.decode())
        assert page.h1 == 1, url
        assert {"main", "nav", "header", "footer"} <= page.landmarks, url
        assert page.lang in ("fr", "en"), url
        assert page.images_without_alt == 0, url
        for control in page.controls:
            labelled = (
                control["_wrapped"]
                or control.get("id") in page.label_for
                or control.get("aria-label")
                or control.get("aria-labelledby")
            )
            assert labelled, f"{url}: unlabelled control {control}"


def test_the_login_page_is_labelled_too(client):
    page = audit(client.get(reverse("login")).content.decode())
    assert page.h1 == 1 and page.controls
    assert all(c.get("id") in page.label_for for c in page.controls)

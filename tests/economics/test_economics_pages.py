"""Markup of the economics pages: one h1, a label for every control, tables with captions."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.labels: set[str] = set()
        self.controls: list[str] = []
        self.tables = 0
        self.captions = 0
        self.headers_without_scope = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if a.get("type") not in ("hidden", "submit", "button"):
                self.controls.append(a.get("id") or "")
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and "scope" not in a:
            self.headers_without_scope += 1


def _pages(pole) -> list[str]:
    s = pole.pole.slug
    line, time = pole.lines.region.pk, pole.camille.volunteer_times.first().pk
    return [
        reverse("economics-dashboard", args=[s]),
        reverse("economics-dashboard", args=[s]) + "?scenario=public&baisse=10",
        reverse("funding-list", args=[s]),
        reverse("funding-create", args=[s]),
        reverse("funding-edit", args=[s, line]),
        reverse("funding-delete", args=[s, line]),
        reverse("volunteering-list", args=[s]),
        reverse("volunteering-edit", args=[s, time]),
        reverse("volunteer-rates", args=[s]),
        reverse("in-kind-list", args=[s]),
        reverse("in-kind-create", args=[s]),
        reverse("in-kind-annex", args=[s]),
    ]


@pytest.mark.parametrize("index", range(12))
def test_page_markup(eco_pole, login, index):
    client = login(eco_pole.pole)
    url = _pages(eco_pole)[index]
    response = client.get(url)
    assert response.status_code == 200
    audit = _Audit()
    audit.feed(response.content.decode())
    assert audit.h1 == 1, url
    unlabelled = [control for control in audit.controls if control not in audit.labels]
    # The language selector of base.html is labelled too: every control has its label.
    assert not unlabelled, (url, unlabelled)
    assert audit.captions == audit.tables, url
    assert audit.headers_without_scope == 0, url


def test_error_summary_names_each_field_and_links_to_it(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.post(
        reverse("funding-create", args=["eco"]),
        {"year": "2024", "source_kind": "grant_state", "section": "operating", "amount": "x"},
    )
    page = response.content.decode()
    summary = page[page.index('id="erreurs"') :]
    summary = summary[: summary.index("</div>")]
    assert 'href="#id_amount"' in summary and "« Montant (€) »" in summary
    assert 'href="#id_label"' in summary and "« Libellé »" in summary
    assert "Indiquez le financeur" in summary


def test_managers_see_entry_links_others_do_not(eco_pole, login):
    page = login(eco_pole.pole).get(reverse("economics-dashboard", args=["eco"])).content.decode()
    assert reverse("volunteer-rates", args=["eco"]) in page
    member = login(eco_pole.pole, "member", "membre")
    page = member.get(reverse("in-kind-list", args=["eco"])).content.decode()
    assert reverse("in-kind-create", args=["eco"]) not in page
    assert reverse("volunteer-rates", args=["eco"]) not in page

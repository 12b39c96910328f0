"""Structural accessibility of the network and governance pages (as tests/accessibility does
for the registry): one h1, landmarks, labelled controls, captioned tables, a text
alternative for the graph."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.landmarks: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.open_labels = 0
        self.tables = 0
        self.captions = 0
        self.column_headers_without_scope = 0
        self.graph: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        elif tag in ("main", "nav", "header", "footer"):
            self.landmarks.add(tag)
        elif tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if a.get("type") not in ("hidden", "submit", "button"):
                self.controls.append({**a, "_wrapped": "1" if self.open_labels else None})
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and not a.get("scope"):
            self.column_headers_without_scope += 1
        elif a.get("id") == "network-graph":
            self.graph = a

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1


@pytest.mark.parametrize("name", ["network-graph", "governance"])
@pytest.mark.parametrize("role", ["coordinator", "funder"])
def test_pages_are_structured_and_labelled(login, etoile, name, role):
    response = login(role).get(reverse(name, args=[etoile.pole.slug]), {"au": "31/12/2024"})
    page = _Audit()
    page.feed(response.content.decode())
    assert page.h1 == 1
    assert {"main", "nav", "header", "footer"} <= page.landmarks
    for control in page.controls:
        assert control["_wrapped"] or control.get("id") in page.label_for, control
    assert page.tables and page.tables == page.captions
    assert page.column_headers_without_scope == 0
    if name == "network-graph":
        assert page.graph["role"] == "img"
        assert "Les tableaux ci-dessous donnent les mêmes informations" in page.graph["aria-label"]

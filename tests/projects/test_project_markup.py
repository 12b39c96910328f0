"""The projects pages' structure: one h1, and a label for every form control (RGAA basics)."""

from __future__ import annotations

from html.parser import HTMLParser

from django.urls import reverse


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.labels: set[str] = set()
        self.controls: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a)


def test_every_project_page_is_labelled(coordinator_client, pole, structures, make_project):
    project = make_project(lead=structures[0], partners=(structures[3],))
    s = pole.slug
    urls = [
        reverse("project-list", args=[s]),
        reverse("project-create", args=[s]),
        reverse("project-detail", args=[s, project.pk]),
        reverse("project-edit", args=[s, project.pk]),
    ]
    for url in urls:
        response = coordinator_client.get(url)
        assert response.status_code == 200, url
        page = _Audit()
        page.feed(response.content.decode())
        assert page.h1 == 1, url
        for control in page.controls:
            assert control.get("id") in page.labels or control.get("aria-label"), (url, control)

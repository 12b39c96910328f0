"""The campaign pages' HTML: one h1, every control labelled, no id given twice."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from ptce.evaluation.models import Campaign, CampaignStatus, Respondent
from ptce.registry.models import Membership, Organisation, Person


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.ids: Counter[str] = Counter()
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.open_labels = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"]] += 1
        if tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in (
            "hidden", "submit", "button",
        ):
            self.controls.append({**a, "_wrapped": bool(self.open_labels)})

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1


@pytest.fixture
def pages(client, make_pole, make_user):
    pole = make_pole("balisage")
    user = make_user("coord", pole=pole, role="coordinator")
    structure = Organisation.objects.create(pole=pole, name="Régie de quartier")
    Membership.objects.create(pole=pole, organisation=structure)
    Person.objects.create(pole=pole, first_name="Lou", last_name="Martin", organisation=structure)
    campaign = Campaign.objects.create(
        pole=pole, title="Campagne", referential_version="v2026",
        reference_date=dt.date(2026, 1, 31), status=CampaignStatus.OPEN,
    )
    closed = Campaign.objects.create(
        pole=pole, title="Close", referential_version="v2026",
        reference_date=dt.date(2025, 1, 31), status=CampaignStatus.CLOSED,
    )
    mine = Respondent.objects.create(pole=pole, campaign=campaign, kind="member", name="C",
                                     user=user)
    Respondent.objects.create(pole=pole, campaign=closed, kind="member", name="C", user=user)
    client.force_login(user)
    s = pole.slug
    return [
        reverse("campaign-list", args=[s]),
        reverse("campaign-create", args=[s]),
        reverse("campaign-detail", args=[s, campaign.pk]),
        reverse("campaign-edit", args=[s, campaign.pk]),
        reverse("campaign-answer", args=[s, campaign.pk]),
        reverse("campaign-answer", args=[s, closed.pk]),
        reverse("assessment-answer-token", args=[mine.token]),
    ]


def test_campaign_pages_have_one_h1_labelled_controls_and_unique_ids(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = _Markup()
        page.feed(response.content.decode())
        assert page.h1 == 1, url
        assert not [i for i, n in page.ids.items() if n > 1], url
        for control in page.controls:
            assert (
                control["_wrapped"]
                or control.get("id") in page.label_for
                or control.get("aria-label")
            ), f"{url}: unlabelled control {control}"

"""The poolings pages' structure: one h1, and a label for every form control (RGAA basics)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse

from ptce.pooling.models import CostSharing, PoolingCost, PoolingKind, ResourceKind, SharedResource


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


def test_every_pooling_page_is_labelled(
    coordinator_client, pole, structures, make_pooling, add_participant
):
    pooling = make_pooling(kind=PoolingKind.PREMISES, cost_sharing=CostSharing.FIXED_KEYS)
    participant = add_participant(pooling, structures[0], share_key=Decimal(1))
    SharedResource.objects.create(pole=pole, pooling=pooling, name="Salle", kind=ResourceKind.ROOM)
    cost = PoolingCost.objects.create(
        pole=pole,
        pooling=pooling,
        label="Loyer",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 1, 31),
        amount=Decimal(100),
    )
    s = pole.slug
    urls = [
        reverse("pooling-list", args=[s]),
        reverse("pooling-create", args=[s]),
        reverse("pooling-detail", args=[s, pooling.pk]),
        reverse("pooling-edit", args=[s, pooling.pk]),
        reverse("participant-add", args=[s, pooling.pk]),
        reverse("participant-edit", args=[s, participant.pk]),
        reverse("cost-create", args=[s, pooling.pk]),
        reverse("cost-edit", args=[s, cost.pk]),
    ]
    for url in urls:
        response = coordinator_client.get(url)
        assert response.status_code == 200, url
        page = _Audit()
        page.feed(response.content.decode())
        assert page.h1 == 1, url
        for control in page.controls:
            assert control.get("id") in page.labels or control.get("aria-label"), (url, control)

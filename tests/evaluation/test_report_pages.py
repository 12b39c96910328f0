"""The campaign report: the radar and its table, gaps and dispersion, conformity, leads; the PDF."""

from __future__ import annotations

import re
import subprocess
from html import unescape

import pytest
from django.urls import reverse
from report_fixtures import ANSWERS, MEASURES, make_campaign

from ptce.core import charts
from ptce.evaluation.models import CampaignStatus
from ptce.registry.models import Membership, Organisation
from ptce_analytics.referential import packaged_referential

pytestmark = pytest.mark.django_db

MAIN_LABELS = [main.label.fr for main in packaged_referential().main_objectives]


@pytest.fixture
def pole(make_pole):
    pole = make_pole("pole-des-vallees", name="Pôle des Vallées", legal_form="association")
    for name, category in (("Recyclerie", "9220"), ("Menuiserie SAS", "5710")):
        organisation = Organisation.objects.create(pole=pole, name=name, legal_category=category)
        Membership.objects.create(pole=pole, organisation=organisation)
    return pole


@pytest.fixture
def campaign(pole):
    return make_campaign(pole, ANSWERS, MEASURES, status=CampaignStatus.PUBLISHED)


@pytest.fixture
def member_client(client, make_user, pole):
    client.force_login(make_user("membre", pole=pole, role="member"))
    return client


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_report_page_has_the_radar_its_table_the_gaps_and_the_checklists(
    member_client, pole, campaign
):
    response = member_client.get(reverse("campaign-report", args=[pole.slug, campaign.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # The radar is an accessible inline SVG, with the same figures as a table beside it.
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title>" in svg
    for code in ("A1", "B2", "C3"):
        assert f"tableau-radar-{code}" in html
    radar_b1 = html[html.index('id="tableau-radar-B1"') :]
    radar_b1 = radar_b1[: radar_b1.index("</tr>")]
    assert ">3<" in radar_b1 and ">1<" in radar_b1 and "+2" in radar_b1
    # Gaps and dispersion.
    assert 'id="tableau-indicateurs"' in html
    a14 = html[html.index('id="indicateur-A1.4"') :]
    assert "avis partagés" in a14[: a14.index("</tr>")]
    # Both checklists, read from the registry.
    assert 'id="grille-article_9"' in html and 'id="grille-decree_2015_431"' in html
    assert "forme juridique du pôle : Association" in html
    # A mirror, not a grade.
    assert "miroir" in html and "pas un bulletin de notes" in html


def test_weak_or_disputed_objectives_get_the_referentials_leads(member_client, pole, campaign):
    html = member_client.get(
        reverse("campaign-report", args=[pole.slug, campaign.pk])
    ).content.decode()
    referential = packaged_referential()
    leads = re.findall(r'id="piste-([A-C]\d)"', html)
    # A1 is disputed (A1.4), B1 is weak (measured 1); nothing else has answers or measures.
    assert leads == ["A1", "B1"]
    lead_b1 = html[html.index('id="piste-B1"') :]
    lead_b1 = lead_b1[: lead_b1.index("</article>")]
    assert "Objectif encore fragile" in lead_b1
    assert referential.main_objective("B1").discussion.fr[:60] in unescape(_flat(lead_b1))
    lead_a1 = html[html.index('id="piste-A1"') :]
    assert "Avis partagés sur : A1.4" in lead_a1[: lead_a1.index("</article>")]


def test_the_radar_draws_missing_means_as_holes_not_zeros():
    svg = charts.radar_chart(
        chart_id="radar-test",
        title="Radar",
        labels=["A1", "A2", "A3"],
        series={"Déclaré": [2, None, 3], "Mesuré": [None, None, None]},
    )
    again = charts.radar_chart(
        chart_id="radar-test",
        title="Radar",
        labels=["A1", "A2", "A3"],
        series={"Déclaré": [2, None, 3], "Mesuré": [None, None, None]},
    )
    assert svg == again  # deterministic
    assert 'aria-label="Radar"' in svg and "Déclaré" in svg and "Mesuré" in svg


def test_the_pdf_carries_the_pole_the_version_the_objectives_and_the_gaps(
    member_client, pole, campaign
):
    response = member_client.get(reverse("campaign-report-pdf", args=[pole.slug, campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "rapport-pole-des-vallees-2026-03-31.pdf" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    flat = _flat(text)
    assert "Pôle des Vallées" in flat
    assert "v2026" in flat
    for label in MAIN_LABELS:
        assert label in flat, label
    # The gaps: B1 declared 3, measured 1; A1 declared 2, measured 3 (over A1.1 alone).
    assert re.search(r"B1 Coopérer – mutualiser 3 1 \+2 \(sur 1", flat)
    assert re.search(r"A1 Ancrage territorial 2 3 −1 \(sur 1", flat)
    assert "1,5 – 2,5 (1)" in flat  # A1.1's quartiles and interquartile range
    # A4 pages, numbered.
    pages = text.split("\f")
    assert len([page for page in pages if page.strip()]) >= 2
    assert re.search(r"\b1 ?/ ?\d+\b", pages[0])


def test_a_draft_report_is_the_coordinations(client, make_user, pole):
    draft = make_campaign(pole, ANSWERS, MEASURES, status=CampaignStatus.CLOSED)
    client.force_login(make_user("membre", pole=pole, role="member"))
    url = reverse("campaign-report-pdf", args=[pole.slug, draft.pk])
    assert client.get(url).status_code == 403
    client.force_login(make_user("coord", pole=pole, role="coordinator"))
    response = client.get(reverse("campaign-report", args=[pole.slug, draft.pk]))
    assert response.status_code == 200
    assert "résultats provisoires" in response.content.decode()


def test_another_poles_campaign_answers_404(client, make_user, make_pole, campaign):
    other = make_pole("autre-pole")
    client.force_login(make_user("coord", pole=other, role="coordinator"))
    for name in ("campaign-results", "campaign-report", "campaign-report-pdf"):
        response = client.get(reverse(name, args=[other.slug, campaign.pk]))
        assert response.status_code == 404, name


def test_pages_have_one_h1_and_unique_ids(client, make_user, pole, campaign):
    client.force_login(make_user("coord", pole=pole, role="coordinator"))
    for url in (
        reverse("campaign-results", args=[pole.slug, campaign.pk]),
        reverse("campaign-report", args=[pole.slug, campaign.pk]),
        reverse("conformity", args=[pole.slug]),
    ):
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        ids = re.findall(r'\sid="([^"]+)"', html)
        duplicates = {i for i in ids if ids.count(i) > 1}
        assert not duplicates, (url, duplicates)
        # Every data table has a caption and header cells with a scope.
        assert html.count("<table") == html.count("<caption"), url
        assert "<th>" not in html, url

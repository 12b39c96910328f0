"""A campaign's results computed by hand: medians, spread, gaps at three levels, comparison."""

from __future__ import annotations

import datetime as dt
import sys
import types

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import get_scope
from report_fixtures import ANSWERS, MEASURES, answer, make_campaign, measure

from ptce.evaluation.models import CampaignStatus, MeasuredResult, Respondent, RespondentKind
from ptce.evaluation.results import campaign_results, freeze_measures, previous_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def pole(make_pole):
    return make_pole("pole-des-vallees", name="Pôle des Vallées")


@pytest.fixture
def campaign(pole):
    return make_campaign(pole, ANSWERS, MEASURES, status=CampaignStatus.CLOSED)


def test_only_sent_answers_count_and_the_statistics_are_the_hand_computed_ones(campaign):
    results = campaign_results(campaign)

    assert results.version == "v2026"
    assert (results.respondents, results.invited) == (2, 3)
    a11 = results.aggregates["A1.1"]  # 1 and 3 sent; the draft's 4 does not count
    assert (a11.n, a11.median, a11.q1, a11.q3, a11.iqr, a11.min, a11.max) == (
        2,
        2.0,
        1.5,
        2.5,
        1.0,
        1,
        3,
    )
    a12 = results.aggregates["A1.2"]  # 2 and « je ne sais pas »
    assert (a12.n, a12.dont_know, a12.median) == (1, 1, 2.0)
    a14 = results.aggregates["A1.4"]  # 4 and 0: the middle half spans two levels or more
    assert (a14.median, a14.iqr, a14.disputed) == (2.0, 2.0, True)
    assert results.aggregates["C3.4"].n == 0 and results.aggregates["C3.4"].median is None


def test_measures_are_read_back_with_their_band_or_what_was_missing(campaign):
    results = campaign_results(campaign)

    a11 = results.measured["A1.1"]
    assert (a11.value, a11.unit, a11.score, a11.band) == (80.0, "percent", 3, "[75, 90)")
    a12 = results.measured["A1.2"]
    assert a12.score is None and a12.missing == "ETP des membres non renseignés"
    assert results.measures_frozen


def test_gaps_at_the_three_levels(campaign):
    report = campaign_results(campaign).report

    assert report.indicator("A1.1").gap == -1.0  # declared 2, measured 3
    assert report.indicator("B1.1").gap == 2.0  # declared 3, measured 1
    assert report.indicator("A1.2").gap is None  # not measurable
    assert report.indicator("A1.3").gap is None  # nobody answered
    assert report.indicator("A1.4").gap is None  # declared only
    a1 = report.main_objective("A1")
    # Declared: A1.1 2, A1.2 2, A1.4 2; measured: A1.1 3, A1.3 3; gap over A1.1 alone.
    assert (a1.declared_mean, a1.measured_mean, a1.gap) == (2.0, 3.0, -1.0)
    assert a1.disputed and a1.disputed_indicators == ("A1.4",)
    b1 = report.main_objective("B1")
    assert (b1.declared_mean, b1.measured_mean, b1.gap, b1.weak) == (3.0, 1.0, 2.0, True)
    a = report.general_objective("A")
    assert (a.declared_mean, a.measured_mean, a.gap) == (2.0, 3.0, -1.0)
    b = report.general_objective("B")
    assert (b.declared_mean, b.measured_mean, b.gap) == (3.0, 1.0, 2.0)
    c = report.general_objective("C")
    assert (c.declared_mean, c.measured_mean, c.gap) == (None, None, None)


def test_the_previous_published_campaign_is_compared(pole, campaign):
    earlier = make_campaign(
        pole,
        {"A1.1": [0, 0]},
        {"B1.1": (0, 0), "A1.1": (30, 0)},
        status=CampaignStatus.PUBLISHED,
        reference_date=dt.date(2025, 3, 31),
        title="Auto-évaluation 2025",
    )
    # A later or unpublished campaign is not "previous".
    make_campaign(pole, {}, {}, status=CampaignStatus.CLOSED, reference_date=dt.date(2024, 1, 1))

    results = campaign_results(campaign)

    assert previous_published(campaign) == earlier
    assert results.previous.campaign == earlier
    b1 = next(change for change in results.comparison if change.code == "B1")
    assert (b1.measured_before, b1.measured_after, b1.measured_change) == (0.0, 1.0, 1.0)
    a1 = next(change for change in results.comparison if change.code == "A1")
    assert (a1.declared_before, a1.declared_after, a1.declared_change) == (0.0, 2.0, 2.0)


def test_campaigns_on_different_versions_are_not_compared_and_say_why(pole, campaign):
    import yaml

    from ptce.evaluation.models import ReferentialVersion
    from ptce_analytics.referential import packaged_referential

    data = packaged_referential().as_dict()
    data["version"] = "v2025"
    ReferentialVersion.objects.create(
        version="v2025", title="v2025", source=yaml.safe_dump(data, allow_unicode=True)
    )
    make_campaign(
        pole,
        {},
        {},
        status=CampaignStatus.PUBLISHED,
        reference_date=dt.date(2025, 1, 1),
        version="v2025",
    )
    results = campaign_results(campaign)
    assert results.comparison == []
    assert "v2025" in results.comparison_note and "v2026" in results.comparison_note


# --- freeze_measures ------------------------------------------------------------------------------


@pytest.fixture
def fake_measures(monkeypatch):
    """A measure_all that records its arguments and the scope it ran in."""
    calls = []

    def measure_all(pole, *, on, months=12, referential):
        from ptce.evaluation.results import MeasuredValue

        calls.append({"pole": pole, "on": on, "months": months, "scope": get_scope().get("pole")})
        out = {}
        for indicator in referential.indicators:
            if indicator.measured:
                out[indicator.code] = MeasuredValue(
                    code=indicator.code,
                    value=None,
                    unit=indicator.unit,
                    score=None,
                    band=None,
                    missing="donnée absente du registre",
                )
        out["A1.1"] = MeasuredValue("A1.1", 62.5, "percent", 2, "[60, 75)", "")
        return out

    module = types.ModuleType("ptce.evaluation.measures")
    module.measure_all = measure_all
    monkeypatch.setitem(sys.modules, "ptce.evaluation.measures", module)
    return calls


def test_freeze_replaces_the_rows_in_the_poles_scope_and_records_the_version(
    pole, campaign, fake_measures
):
    campaign.window_months = 36
    campaign.save()
    freeze_measures(campaign)

    assert fake_measures == [
        {"pole": pole, "on": campaign.reference_date, "months": 36, "scope": pole}
    ]
    rows = MeasuredResult.objects.filter(campaign=campaign)
    assert rows.count() == 30  # every M indicator of v2026, none of the 6 declared ones
    assert set(rows.values_list("referential_version", flat=True)) == {"v2026"}
    a11 = rows.get(indicator="A1.1")
    assert (a11.value, a11.score, a11.missing) == (62.5, 2, "")
    b11 = rows.get(indicator="B1.1")  # the older row (value 1, score 1) is gone
    assert (b11.value, b11.score, b11.missing) == (None, None, "donnée absente du registre")
    assert not rows.filter(indicator="A1.4").exists()


def test_a_failing_measure_keeps_the_older_rows(pole, campaign, monkeypatch):
    def measure_all(*args, **kwargs):
        raise RuntimeError("boom")

    module = types.ModuleType("ptce.evaluation.measures")
    module.measure_all = measure_all
    monkeypatch.setitem(sys.modules, "ptce.evaluation.measures", module)
    rows = MeasuredResult.objects.filter(campaign=campaign).values_list("indicator", "score")
    before = list(rows)
    with pytest.raises(RuntimeError):
        freeze_measures(campaign)
    assert list(rows.all()) == before


def test_freeze_with_the_real_measures_stores_every_measured_indicator(pole, campaign):
    pytest.importorskip("ptce.evaluation.measures")
    freeze_measures(campaign)
    rows = MeasuredResult.objects.filter(campaign=campaign)
    assert rows.count() == 30
    # An empty pole measures little: what is not measurable says which data is missing.
    for row in rows.filter(score__isnull=True):
        assert row.missing, row.indicator


# --- the results page -----------------------------------------------------------------------------


def test_results_page_shows_the_three_levels(client, make_user, pole, campaign):
    client.force_login(make_user("coord", pole=pole, role="coordinator"))
    response = client.get(reverse("campaign-results", args=[pole.slug, campaign.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "résultats provisoires" in html
    row = html[html.index('id="indicateur-A1.1"') :]
    row = row[: row.index("</tr>")]
    assert "80\u00a0% → score 3 (tranche [75, 90))" in row
    assert "1,5 – 2,5 (1)" in row  # quartiles and interquartile range
    assert "−1" in row
    b11 = html[html.index('id="indicateur-B1.1"') :]
    assert "+2" in b11[: b11.index("</tr>")]
    a12 = html[html.index('id="indicateur-A1.2"') :]
    assert "non mesurable : ETP des membres non renseignés" in a12[: a12.index("</tr>")]
    general = html[html.index('id="tableau-generaux-B"') :]
    assert "+2" in general[: general.index("</tr>")]
    main = html[html.index('id="tableau-principaux-A1"') :]
    assert "avis partagés" in main[: main.index("</tr>")]
    # Comments are for the members, unsigned; the draft's comment is not there.
    assert "Le diagnostic date de 2019" in html
    assert "brouillon" not in html


@pytest.mark.parametrize(
    ("role", "published", "status"),
    [
        ("coordinator", False, 200),
        ("member", False, 403),
        ("funder", False, 403),
        ("observer", False, 403),
        ("member", True, 200),
        ("funder", True, 200),
        ("observer", True, 200),
    ],
)
def test_results_are_the_coordinations_until_published(
    client, make_user, pole, campaign, role, published, status
):
    if published:
        campaign.status = CampaignStatus.PUBLISHED
        campaign.published_at = timezone.now()
        campaign.save()
    client.force_login(make_user("u", pole=pole, role=role))
    for name in ("campaign-results", "campaign-report"):
        response = client.get(reverse(name, args=[pole.slug, campaign.pk]))
        assert response.status_code == status, name


def test_funders_see_no_comment(client, make_user, pole, campaign):
    campaign.status = CampaignStatus.PUBLISHED
    campaign.save()
    client.force_login(make_user("financeur", pole=pole, role="funder"))
    html = client.get(reverse("campaign-results", args=[pole.slug, campaign.pk])).content.decode()
    assert "Le diagnostic date de 2019" not in html
    assert "Camille" not in html  # respondents' names never appear


def test_results_page_queries_stay_bounded(
    client, make_user, pole, campaign, django_assert_max_num_queries
):
    for index in range(20):
        respondent = Respondent.objects.create(
            pole=pole,
            campaign=campaign,
            kind=RespondentKind.MEMBER,
            name=f"R{index}",
            submitted_at=timezone.now(),
        )
        answer(respondent, "A2.1", index % 5)
    measure(campaign, "A2.1", 3, 2)
    client.force_login(make_user("coord", pole=pole, role="coordinator"))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("campaign-results", args=[pole.slug, campaign.pk]))
    assert response.status_code == 200

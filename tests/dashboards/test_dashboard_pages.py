"""The dashboards show the analytics' figures, say "non mesurable" when they must, and never
show a person's name to funders and observers."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from ptce.meetings.models import Meeting

D = dt.date
PAGES = ("dashboard-mobilisation", "dashboard-execution", "attention-list")


def _get(client, name, pole, query=""):
    response = client.get(reverse(name, args=[pole.slug]) + query)
    assert response.status_code == 200
    return response, response.content.decode()


def _last_names(coop) -> list[str]:
    return [person.last_name for person in coop.people.values()]


def test_mobilisation_shows_the_hand_computed_figures(client, make_user, coop):
    client.force_login(make_user("f", pole=coop.pole, role="funder"))
    response, body = _get(client, "dashboard-mobilisation", coop.pole)
    summary = response.context["summary"]
    assert summary.seminar_ratio_3_1 == 2.0
    # French formatting: a decimal comma, and a narrow no-break space before "%".
    assert "2,0" in body
    assert "38\u00a0%" in body  # plenary mean 0.375, rounded
    assert "0,27" in body  # Gini of presences per structure: A 8, B 5, C 2 → 12/45
    assert "Structure D" in body  # the member that never came, drifting away
    assert "Période observée : du 10/01/2024" in body
    assert len(response.context["seminar_rows"]) == 3
    assert [row["participants"] for row in response.context["meeting_rows"]] == [
        2, 2, 4, 2, 4, 1, 1,
    ]  # fmt: skip
    # Every chart is an accessible SVG, and its figures are also in a table.
    assert body.count('role="img"') == 4
    assert "<details>" in body and "<table>" in body


def test_english_uses_a_decimal_point(client, make_user, coop):
    client.force_login(make_user("f", pole=coop.pole, role="funder"))
    response = client.get(
        reverse("dashboard-mobilisation", args=[coop.pole.slug]),
        headers={"accept-language": "en"},
    )
    ratio = next(c for c in response.context["cards"] if c.key == "seminar_ratio_3_1")
    assert ratio.value.text == "2.0"
    assert translation.get_language() == "en"


def test_the_period_filter_narrows_every_figure(client, make_user, coop):
    client.force_login(make_user("c", pole=coop.pole, role="coordinator"))
    response, body = _get(
        client, "dashboard-mobilisation", coop.pole, "?debut=01/03/2024&fin=30/06/2024"
    )
    summary = response.context["summary"]
    assert summary.meetings == 3
    assert summary.period_start == D(2024, 3, 1) and summary.period_end == D(2024, 6, 30)
    # Two seminars in the window: the 3rd-over-1st ratio cannot be measured, and says why.
    assert summary.seminar_ratio_3_1 is None
    assert "non mesurable (2 séminaires sur la période, il en faut trois)" in body


def test_iso_dates_and_k_are_accepted(client, make_user, coop):
    client.force_login(make_user("c", pole=coop.pole, role="coordinator"))
    response, _ = _get(client, "dashboard-mobilisation", coop.pole, "?debut=2024-01-01&k=1")
    assert response.context["k"] == 1
    assert response.context["summary"].period_start == D(2024, 1, 1)
    # With k=1, every member absent from the last plenary (m6: only A came) drifts away.
    names = [row["name"] for row in response.context["at_risk_rows"]]
    assert names == ["Structure B", "Structure C", "Structure D"]


def test_an_invalid_filter_falls_back_to_the_defaults(client, make_user, coop):
    client.force_login(make_user("c", pole=coop.pole, role="coordinator"))
    response, body = _get(client, "dashboard-mobilisation", coop.pole, "?debut=31/02/2024&k=0")
    assert response.context["k"] == 3
    assert response.context["summary"].meetings == 7
    assert "Filtre non valide" in body


def test_meetings_to_come_are_not_counted_by_default(client, make_user, coop):
    Meeting.objects.create(pole=coop.pole, title="Future", kind="plenary", date=D(2999, 1, 1))
    client.force_login(make_user("c", pole=coop.pole, role="coordinator"))
    response, _ = _get(client, "dashboard-mobilisation", coop.pole)
    assert response.context["summary"].meetings == 7


def test_no_meeting_is_not_measurable_rather_than_zero(client, make_user, make_pole):
    pole = make_pole("vide")
    client.force_login(make_user("o", pole=pole, role="observer"))
    response, body = _get(client, "dashboard-mobilisation", pole)
    assert "non mesurable (aucun séminaire sur la période)" in body
    assert "non mesurable (aucune structure représentée sur la période)" in body
    assert "aucune réunion sur la période" in body
    assert 'role="img"' not in body  # no chart of nothing
    response, body = _get(client, "dashboard-execution", pole)
    assert "non mesurable (aucune décision enregistrée)" in body
    assert "non mesurable (aucune action attendue à cette date)" in body


def test_execution_shows_states_rates_and_owner_kinds(client, make_user, coop):
    client.force_login(make_user("f", pole=coop.pole, role="funder"))
    response, body = _get(client, "dashboard-execution", coop.pole, "?au=31/12/2024")
    summary = response.context["summary"]
    assert (summary.done_on_time, summary.done_late, summary.overdue) == (1, 1, 1)
    assert "4,0 jours de retard" in body  # median of -2 and +10 days
    assert "67\u00a0%" in body  # 2 of the 3 actions expected by then are done
    by_owner = {row["label"]: row["rate"].text for row in response.context["by_owner"]}
    assert by_owner == {
        "Élu·e": "0\u00a0%",
        "Salarié·e": "100\u00a0%",
        "Structure": "100\u00a0%",
        "Bénévole": None,  # nothing expected from the volunteer yet: not measurable
        "Porteur non renseigné": None,
    }
    groups = [row["label"] for row in response.context["by_group"]]
    assert groups == ["Mobilité solidaire", "Hors groupe de travail"]
    assert body.count('role="img"') == 3


def test_execution_reference_date_moves_the_deadlines(client, make_user, coop):
    client.force_login(make_user("f", pole=coop.pole, role="funder"))
    response, _ = _get(client, "dashboard-execution", coop.pole, "?au=2024-02-15")
    # On 15 February 2024 the "Relancer la mairie" action (due 1 March) was not late yet.
    assert response.context["summary"].overdue == 0
    assert response.context["on"] == D(2024, 2, 15)


@pytest.mark.parametrize("role", ["funder", "observer", "member", "coordinator"])
@pytest.mark.parametrize("page", ["dashboard-mobilisation", "dashboard-execution"])
def test_dashboards_never_name_a_person(client, make_user, coop, role, page):
    client.force_login(make_user("u", pole=coop.pole, role=role))
    _, body = _get(client, page, coop.pole, "?au=31/12/2024" if "execution" in page else "")
    for name in _last_names(coop):
        assert name not in body
    for title in ("Relancer la mairie", "Décision d1"):
        assert title not in body  # actions and decisions belong to the attention list


def test_attention_list_names_late_actions_for_the_coordinator(client, make_user, coop):
    client.force_login(make_user("c", pole=coop.pole, role="coordinator"))
    response, body = _get(client, "attention-list", coop.pole)
    rows = response.context["overdue"].rows
    assert [row["title"] for row in rows] == ["Relancer la mairie"]
    assert rows[0]["owner"] == "Sacha Charpentier"
    assert rows[0]["due_date"].text == "01/03/2024"
    today = response.context["today"]
    assert rows[0]["days_late"].text.replace("\u202f", "").replace("\xa0", "").replace(
        " ", ""
    ) == str((today - D(2024, 3, 1)).days)
    assert [row["name"] for row in response.context["at_risk_rows"]] == ["Structure D"]
    without = response.context["without_action"]
    assert without.total == 1 and without.rows[0]["text"] == "Décision d3"
    assert "Réunion m5" in body


def test_attention_list_links_to_the_meeting_when_its_page_exists(client, make_user, coop):
    from django.urls import NoReverseMatch

    client.force_login(make_user("c", pole=coop.pole, role="coordinator"))
    response, body = _get(client, "attention-list", coop.pole)
    try:
        url = reverse("meeting-detail", args=[coop.pole.slug, coop.meetings["m5"].pk])
    except NoReverseMatch:
        assert response.context["without_action"].rows[0]["meeting_url"] is None
    else:
        assert f'href="{url}"' in body


def test_members_see_only_names_of_people_in_the_directory(client, make_user, coop):
    client.force_login(make_user("m", pole=coop.pole, role="member"))
    response, body = _get(client, "attention-list", coop.pole)
    assert "Charpentier" not in body
    assert response.context["overdue"].rows[0]["owner"] == "une personne de Structure B"
    sacha = coop.people["p3"]
    sacha.consent_directory = True
    sacha.save()
    response, body = _get(client, "attention-list", coop.pole)
    assert "Sacha Charpentier" in body


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        elif tag in ("input", "select") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a.get("id") or "")


@pytest.mark.parametrize("page", PAGES)
def test_pages_have_one_h1_labelled_controls_and_unique_ids(client, make_user, coop, page):
    client.force_login(make_user("c", pole=coop.pole, role="coordinator"))
    _, body = _get(client, page, coop.pole)
    audit = _Audit()
    audit.feed(body)
    assert audit.h1 == 1
    unlabelled = [c for c in audit.controls if c not in audit.label_for and c != "lang-select"]
    assert not unlabelled
    duplicates = {i for i in audit.ids if audit.ids.count(i) > 1}
    assert not duplicates  # several charts on one page must not clash


def test_navigation_offers_the_dashboards_by_capability(client, make_user, coop):
    client.force_login(make_user("f", pole=coop.pole, role="funder"))
    body = client.get(reverse("pole-home", args=[coop.pole.slug])).content.decode()
    assert reverse("dashboard-mobilisation", args=[coop.pole.slug]) in body
    assert reverse("attention-list", args=[coop.pole.slug]) not in body
    client.force_login(make_user("m", pole=coop.pole, role="member"))
    body = client.get(reverse("pole-home", args=[coop.pole.slug])).content.decode()
    assert reverse("attention-list", args=[coop.pole.slug]) in body

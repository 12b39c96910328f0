"""The economics dashboard on a hand-computed budget (see the `eco_pole` fixture)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

NBSP = "\xa0"


def _cards(response) -> dict[str, object]:
    return {card.key: card.value for card in response.context["cards"]}


def _text(html: str) -> str:
    return unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_cards_of_the_hand_computed_year(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.get(reverse("economics-dashboard", args=["eco"]))
    assert response.status_code == 200
    # No year asked: the last year with a budget.
    assert response.context["year"] == 2024
    cards = _cards(response)
    assert cards["budget"].text == f"100{NBSP}000{NBSP}€"
    assert cards["public_share"].text == f"60{NBSP}%"
    assert cards["own_share"].text == f"40{NBSP}%"
    assert cards["diversification"].text == "0,73"  # 1 − 0.275 = 0.725, shown 0,73
    assert cards["multi_year_public_share"].text == f"67{NBSP}%"  # 40 000 / 60 000
    assert cards["volunteering_share"].text == f"3{NBSP}%"  # 3 000 / 103 000
    assert cards["in_kind_value"].text == f"9{NBSP}000{NBSP}€"
    assert response.context["investment"].text == f"15{NBSP}000{NBSP}€"
    assert response.context["loans"].text == f"30{NBSP}000{NBSP}€"
    page = response.content.decode()
    # Each card says what it means for the pole.
    assert "Sur 100 € de budget, 60 € viennent de subventions publiques" in page
    assert "150 h de bénévolat, valorisées à 3" in page
    assert "comme si le pôle avait 3,6 financeurs de même poids" in page  # 1 / 0.275


def test_a_year_without_data_is_not_measurable_never_zero(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.get(reverse("economics-dashboard", args=["eco"]) + "?annee=2030")
    assert response.context["year"] == 2030
    cards = _cards(response)
    for key in ("budget", "public_share", "own_share", "diversification", "in_kind_value"):
        assert cards[key].text is None, key
    assert cards["budget"].reason == "aucune ligne de financement saisie pour 2030"
    page = response.content.decode()
    assert "non mesurable (aucune ligne de financement saisie pour 2030)" in page
    chiffres = page[page.index('id="chiffres"') : page.index('id="hors-budget"')]
    assert f"0{NBSP}€" not in chiffres and f"0{NBSP}%" not in chiffres
    # No budget, no projection.
    assert response.context["stress"]["unavailable"]


def test_volunteering_without_a_rate_says_why(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.get(reverse("economics-dashboard", args=["eco"]) + "?annee=2023")
    share = _cards(response)["volunteering_share"]
    assert share.text is None
    assert share.reason == (
        "40 h de bénévolat en 2023, mais aucun taux horaire fixé pour les valoriser"
    )


def test_a_year_with_only_a_loan_has_no_budget(eco_pole, login):
    from ptce.economics.models import FundingLine

    FundingLine.objects.create(
        pole=eco_pole.pole, year=2025, source_kind="loan", label="Prêt", amount=1000
    )
    client = login(eco_pole.pole)
    response = client.get(reverse("economics-dashboard", args=["eco"]) + "?annee=2025")
    assert _cards(response)["budget"].reason.startswith(
        "aucune ressource de fonctionnement saisie pour 2025"
    )
    assert response.context["loans"].text == f"1{NBSP}000{NBSP}€"


def test_chart_and_its_table_give_the_same_numbers(eco_pole, login):
    client = login(eco_pole.pole)
    page = client.get(reverse("economics-dashboard", args=["eco"])).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "Ressources de fonctionnement par origine et par année" in page
    table = page[page.index('id="tableau-origines"') :]
    table = _text(table[: table.index("</table>")])
    assert f"Cotisations des membres 8{NBSP}000{NBSP}€ 15{NBSP}000{NBSP}€" in table
    assert f"Subvention de l'intercommunalité (EPCI) — 20{NBSP}000{NBSP}€" in table
    assert f"Budget de fonctionnement 40{NBSP}000{NBSP}€ 100{NBSP}000{NBSP}€" in table


def test_trend_from_first_to_last_year(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.get(reverse("economics-dashboard", args=["eco"]))
    # 40 000 → 100 000: +150 %; public 80 % → 60 %: −20 points; own 20 % → 40 %: +20 points.
    assert response.context["trend_sentence"] == (
        f"De 2023 à 2024, le budget est passé de 40{NBSP}000{NBSP}€ à 100{NBSP}000{NBSP}€ "
        f"(+150{NBSP}%) ; la part d'argent public a varié de −20,0 points ; "
        "celle des ressources propres de +20,0 points."
    )


def _projection(client, query: str) -> tuple[list[dict], dict]:
    response = client.get(reverse("economics-dashboard", args=["eco"]) + query)
    stress = response.context["stress"]
    return stress["rows"], stress


def _k(n: int) -> str:
    return f"{n}{NBSP}000{NBSP}€"


def test_baseline_projection_lets_agreements_end(eco_pole, login):
    client = login(eco_pole.pole)
    rows, stress = _projection(client, "")
    assert not stress["scenario"]
    # Needs 100 000. The EPCI's agreement ends 31/12/2024: gone from 2025 (−20 000); the
    # Region's ends 31/12/2025: gone from 2026 (−40 000 more).
    assert [(r["year"], r["baseline"], r["gap"]) for r in rows] == [
        (2025, _k(80), _k(20)),
        (2026, _k(40), _k(60)),
        (2027, _k(40), _k(60)),
    ]
    assert stress["total_gap"] == _k(140)


def test_public_money_cut_by_half(eco_pole, login):
    client = login(eco_pole.pole)
    rows, stress = _projection(client, "?annee=2024&scenario=public&baisse=50")
    # 2025: Region 40 000 halved to 20 000 + dues 15 000 + own 25 000 = 60 000; gap 40 000;
    # own revenue needed 40 000 + 40 000 = 80 000. 2026–2027: the Region is gone anyway.
    assert [(r["year"], r["needs"], r["scenario"], r["gap"], r["own_needed"]) for r in rows] == [
        (2025, _k(100), _k(60), _k(40), _k(80)),
        (2026, _k(100), _k(40), _k(60), _k(100)),
        (2027, _k(100), _k(40), _k(60), _k(100)),
    ]
    assert stress["total_gap"] == _k(160)
    sentence = client.get(
        reverse("economics-dashboard", args=["eco"]) + "?annee=2024&scenario=public&baisse=50"
    ).content.decode()
    assert (
        f"De 2025 à 2027, dans ce scénario, il manquerait {_k(160)} au total pour garder le "
        f"niveau d'activité de 2024 (contre {_k(140)} sans le scénario)"
    ) in unescape(sentence)


def test_a_grant_line_ends(eco_pole, login):
    client = login(eco_pole.pole)
    line = eco_pole.lines.region
    rows, stress = _projection(client, f"?annee=2024&scenario=grant-ends&ligne={line.pk}")
    assert stress["scenario"]
    # Without the Region from 2025 and the EPCI ending: 100 − 40 − 20 = 40 000 each year.
    assert [r["gap"] for r in rows] == [_k(60)] * 3
    assert stress["total_gap"] == _k(180)


def test_a_member_leaves(eco_pole, login):
    client = login(eco_pole.pole)
    rows, stress = _projection(
        client, f"?annee=2024&scenario=member-leaves&structure=org:{eco_pole.a.pk}"
    )
    # Atelier A's 10 000 of dues go: 2025 = 80 000 − 10 000 = 70 000 (gap 30 000);
    # 2026–2027 = 40 000 − 10 000 = 30 000 (gap 70 000).
    assert [r["gap"] for r in rows] == [_k(30), _k(70), _k(70)]
    assert [r["own_now"] for r in rows] == [_k(30)] * 3
    assert stress["total_gap"] == _k(170)


def test_scenario_choices_come_from_the_base_year(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.get(reverse("economics-dashboard", args=["eco"]))
    form = response.context["stress"]["form"]
    grants = [value for value, _ in form.fields["ligne"].choices if value]
    assert sorted(grants) == sorted([eco_pole.lines.region.pk, eco_pole.lines.epci.pk])
    leaving = dict(form.fields["structure"].choices)
    assert leaving[f"org:{eco_pole.a.pk}"] == "Atelier A"
    assert "banque cooperative" not in leaving  # a loan, and not a structure


def test_a_scenario_without_its_choice_says_what_is_missing(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.get(reverse("economics-dashboard", args=["eco"]) + "?scenario=grant-ends")
    form = response.context["stress"]["form"]
    assert form.errors["ligne"][0].startswith("« Subvention qui s'arrête »")
    assert not response.context["stress"]["scenario"]


@pytest.mark.parametrize("role", ["funder", "observer"])
def test_funders_and_observers_see_structures_never_people(eco_pole, login, role):
    client = login(eco_pole.pole, role)
    dashboard = client.get(reverse("economics-dashboard", args=["eco"])).content.decode()
    assert "Atelier A" in dashboard  # a funder structure, in the scenario choices
    assert "Région Occitanie" in dashboard
    volunteering = client.get(reverse("volunteering-list", args=["eco"])).content.decode()
    in_kind = client.get(reverse("in-kind-list", args=["eco"])).content.decode()
    for page in (dashboard, volunteering, in_kind):
        for name in ("Camille", "Dominique", "Jean Particulier"):
            assert name not in page, name
    assert "une personne de Atelier A" in volunteering
    assert "apporteur hors annuaire" in in_kind
    # Hours and their value remain visible.
    assert f"3{NBSP}000,00{NBSP}€" in volunteering


def test_members_see_the_names_of_people_who_agreed(eco_pole, login):
    client = login(eco_pole.pole, "member")
    page = client.get(reverse("volunteering-list", args=["eco"])).content.decode()
    assert "Camille Bénévole" in page  # consent_directory
    assert "Dominique" not in page.replace("Tenue du stand de Dominique", "")
    assert "une personne de Bureau B" in page


def test_coordinators_see_every_name(eco_pole, login):
    client = login(eco_pole.pole)
    page = client.get(reverse("volunteering-list", args=["eco"])).content.decode()
    assert "Camille Bénévole" in page and "Dominique Discrète" in page
    assert "Jean Particulier" in client.get(reverse("in-kind-list", args=["eco"])).content.decode()


def test_lists_show_totals_by_kind(eco_pole, login):
    client = login(eco_pole.pole, "observer")
    page = _text(client.get(reverse("funding-list", args=["eco"])).content.decode())
    assert f"Cotisations des membres Fonctionnement 15{NBSP}000,00{NBSP}€" in page
    assert f"Subvention de l'État Investissement 15{NBSP}000,00{NBSP}€" in page
    assert "Modifier" not in page  # no data entry for observers
    volunteering = _text(client.get(reverse("volunteering-list", args=["eco"])).content.decode())
    # 2024: 100 h of governance × 20 € = 2 000 €; 2023: no rate.
    assert f"Gouvernance (instances, bureau) 100 h 2{NBSP}000,00{NBSP}€" in volunteering
    assert "aucun taux horaire fixé pour 2023" in volunteering


def test_empty_pole_dashboard(make_pole, login):
    pole = make_pole("vide")
    client = login(pole)
    response = client.get(reverse("economics-dashboard", args=["vide"]))
    assert response.status_code == 200
    assert "Aucune donnée économique" in response.content.decode()
    assert _cards(response)["budget"].text is None


def test_many_kinds_are_grouped_in_the_chart_never_in_the_table(make_pole, login):
    from ptce.economics.models import FundingLine
    from ptce_analytics.economics import SOURCE_KINDS

    pole = make_pole("varie")
    kinds = [kind for kind in SOURCE_KINDS if kind != "loan"]  # 11 kinds, 7 colours
    for index, kind in enumerate(kinds):
        FundingLine.objects.create(
            pole=pole, year=2024, source_kind=kind, label=kind, amount=1000 * (index + 1),
            funder_name=f"F{index}",
        )  # fmt: skip
    response = login(pole).get(reverse("economics-dashboard", args=["varie"]))
    assert response.context["chart_grouped"]
    assert len(response.context["kind_rows"]) == len(kinds)
    page = unescape(response.content.decode())
    for family in ("Subventions publiques", "Cotisations et recettes propres"):
        assert family in page  # in the chart's legend
    assert "le tableau ci-dessous les détaille" in page


def test_an_early_investment_does_not_stretch_the_budget_years(eco_pole, login):
    # A building funded in 2015, budgets entered from 2023 on (as Le Périscope in the demo).
    from ptce.economics.models import FundingLine

    FundingLine.objects.create(
        pole=eco_pole.pole, year=2015, source_kind="grant_epci", section="investment",
        amount=1_200_000, label="Aménagement du bâtiment", funder=eco_pole.epci,
    )  # fmt: skip
    response = login(eco_pole.pole).get(reverse("economics-dashboard", args=["eco"]))
    assert response.context["mix_years"] == [2023, 2024]
    assert [row["year"] for row in response.context["year_rows"]] == [2015, 2023, 2024]

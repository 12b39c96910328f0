"""A self-assessment campaign in a real browser, from its creation to the published report.

The coordinator creates a campaign, invites a member's representative (who has an account) and
an inhabitant (who answers through a private link), and opens it. The member logs in and
answers all 36 indicators, after being told by name which one was forgotten; the inhabitant,
without any login, saves a draft, comes back, and sends. The coordinator closes and publishes,
then reads the report: the radar of the nine main objectives and the table of gaps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_helpers import PASSWORD, log_in
from playwright.sync_api import Browser, Page, expect

from ptce.evaluation.models import Answer, Campaign, CampaignStatus, Respondent
from ptce.poles.models import Pole
from ptce.registry.models import Membership, Organisation, Person
from ptce_analytics.referential import packaged_referential

pytestmark = pytest.mark.browser

COORDINATOR = "coordination-auto-eval"
MEMBER = "awa-recyclerie"
CODES = [indicator.code for indicator in packaged_referential("v2026").indicators]


@dataclass(frozen=True)
class Setting:
    pole: Pole
    member: Person


@pytest.fixture
def setting(transactional_db, make_pole, make_user) -> Setting:
    pole = make_pole("pole-lauragais", name="Pôle du Lauragais")
    make_user(COORDINATOR, pole=pole, role="coordinator", password=PASSWORD)
    structure = Organisation.objects.create(pole=pole, name="Recyclerie du Lauragais")
    Membership.objects.create(pole=pole, organisation=structure)
    member = Person.objects.create(
        pole=pole,
        first_name="Awa",
        last_name="Diallo",
        organisation=structure,
        user=make_user(MEMBER, pole=pole, role="member", password=PASSWORD),
    )
    return Setting(pole=pole, member=member)


@pytest.fixture
def other_tab(chromium: Browser) -> Iterator[Page]:
    """A second browser with its own cookies: another person at another computer."""
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _choose(page: Page, code: str, value: str) -> None:
    page.locator(f'input[name="score_{code.replace(".", "_")}"][value="{value}"]').check()


def _flash(page: Page) -> None:
    return page.locator(".messages")


def test_two_respondents_answer_and_the_coordinator_publishes_the_report(
    page: Page, other_tab: Page, live_server, setting: Setting, screenshot_dir: Path
) -> None:
    base = live_server.url
    pole = setting.pole

    # --- the coordinator creates the campaign and invites ----------------------------------
    log_in(page, base, COORDINATOR)
    page.goto(f"{base}/p/{pole.slug}/evaluation/campagnes/")
    page.get_by_role("link", name="Nouvelle campagne").click()
    page.get_by_label(re.compile(r"^Titre")).fill("Auto-évaluation 2026")
    page.get_by_label("36 derniers mois").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Auto-évaluation 2026")
    campaign = Campaign.objects.get(pole=pole)
    assert campaign.window_months == 36 and campaign.referential_version == "v2026"

    page.get_by_label("Représentant·e d'une structure membre").select_option(
        label="Awa Diallo — Recyclerie du Lauragais"
    )
    page.get_by_role("button", name="Inviter cette personne").click()
    expect(_flash(page)).to_contain_text("Awa Diallo est invité·e.")
    invite = page.locator("form", has=page.get_by_role("heading", name=re.compile("élu·e")))
    invite.get_by_label(re.compile(r"^Nom")).fill("Josiane Martin")
    invite.get_by_label(re.compile(r"^Qualité")).select_option(label="Habitant·e")
    invite.get_by_role("button", name="Inviter", exact=True).click()
    expect(_flash(page)).to_contain_text("Josiane Martin est invité·e.")

    inhabitant = Respondent.objects.get(campaign=campaign, name="Josiane Martin")
    link = page.get_by_label("Lien personnel de Josiane Martin").input_value()
    assert link.endswith(f"/evaluation/repondre/{inhabitant.token}/")
    page.get_by_role("button", name="Ouvrir la campagne").click()
    expect(_flash(page)).to_contain_text("La campagne est ouverte")
    expect(page.locator("#count-not-started")).to_have_text("2")
    page.screenshot(path=screenshot_dir / "assessment-campaign-detail.png", full_page=True)

    # --- respondent 1: the member logs in and answers everything -------------------------
    member = other_tab
    log_in(member, base, MEMBER)
    member.goto(f"{base}/p/{pole.slug}/evaluation/campagnes/")
    member.get_by_role("link", name="Répondre").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Auto-évaluation 2026")
    expect(member.locator("fieldset.indicator")).to_have_count(36)
    for index, code in enumerate(CODES):
        if code != "B2.3":
            _choose(member, code, str(index % 5))
    member.get_by_role("button", name="Envoyer mes réponses").click()
    summary = member.locator(".error-summary")
    expect(summary).to_contain_text(
        "B2.3 Parité femmes–hommes : choisissez une note ou « je ne sais pas »"
    )
    # The summary's link leads to the forgotten indicator; what was chosen is still there.
    summary.get_by_role("link").click()
    member.get_by_role("group", name="B2.3 Parité femmes–hommes").get_by_label(
        "je ne sais pas"
    ).check()
    member.get_by_role("button", name="Envoyer mes réponses").click()
    expect(_flash(member)).to_contain_text("Merci : vos réponses sont envoyées.")
    member.screenshot(path=screenshot_dir / "assessment-member-sent.png", full_page=False)

    # --- respondent 2: the inhabitant, no login, through the private link -----------------
    member.context.clear_cookies()
    member.goto(link)
    expect(member.get_by_text("réponses de Josiane Martin")).to_be_visible()
    expect(member.get_by_role("button", name=re.compile("Se déconnecter"))).to_have_count(0)
    for code in CODES[:10]:
        _choose(member, code, "2")
    member.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(_flash(member)).to_contain_text("Brouillon enregistré")
    member.goto(link)
    expect(member.get_by_text("10 indicateurs renseignés sur 36.")).to_be_visible()
    expect(member.locator('input[name="score_A1_1"][value="2"]')).to_be_checked()
    for code in CODES[10:]:
        _choose(member, code, "4" if code.startswith("C") else "dk")
    member.get_by_role("group", name=re.compile("^C3.4")).get_by_text(
        "Ajouter un commentaire"
    ).click()
    member.get_by_label("Commentaire sur C3.4 (facultatif)").fill("On en parle peu.")
    member.get_by_role("button", name="Envoyer mes réponses").click()
    expect(_flash(member)).to_contain_text("Merci : vos réponses sont envoyées.")
    assert Answer.objects.filter(respondent=inhabitant).count() == 36

    # --- the coordinator closes, publishes, and reads the report ---------------------------
    page.reload()
    expect(page.locator("#count-answered")).to_have_text("2")
    page.get_by_role("button", name="Fermer la campagne").click()
    expect(_flash(page)).to_contain_text("La campagne est close")
    page.get_by_role("button", name="Publier les résultats").click()
    expect(_flash(page)).to_contain_text("Les résultats sont publiés")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED
    assert campaign.measures.count() == 30

    # The private link now shows the answers, read-only.
    member.goto(link)
    expect(member.get_by_text("ses résultats sont publiés")).to_be_visible()
    expect(member.locator('input[type="radio"]')).to_have_count(0)
    expect(member.get_by_text("« On en parle peu. »")).to_be_visible()

    page.get_by_role("link", name="Voir le rapport").click()
    radar = page.locator("figure.radar svg")
    expect(radar).to_be_visible()
    gaps = page.locator("section.gaps table")
    expect(gaps).to_be_visible()
    expect(gaps.locator("tr#indicateur-B2\\.3, tr[id='indicateur-B2.3']")).to_have_count(1)
    page.screenshot(path=screenshot_dir / "assessment-report.png", full_page=True)

"""Answering a campaign: by private link or logged in, drafts, sending, validation, read-only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from ptce.core.exceptions import PtceError
from ptce.core.models import AuditEntry
from ptce.evaluation import services
from ptce.evaluation.forms import field_key
from ptce.evaluation.models import Answer, Campaign, CampaignStatus, Respondent
from ptce_analytics.referential import packaged_referential

REF = packaged_referential("v2026")
CODES = [indicator.code for indicator in REF.indicators]


@pytest.fixture
def pole(make_pole):
    return make_pole("pole-canal", name="Pôle du Canal")


@pytest.fixture
def campaign(pole):
    return Campaign.objects.create(
        pole=pole,
        title="Auto-évaluation 2026",
        referential_version="v2026",
        reference_date=dt.date(2026, 3, 31),
        status=CampaignStatus.OPEN,
    )


@pytest.fixture
def inhabitant(pole, campaign):
    return Respondent.objects.create(
        pole=pole, campaign=campaign, kind="inhabitant", name="Josiane Martin"
    )


def _link(respondent):
    return reverse("assessment-answer-token", args=[respondent.token])


def _data(choices, action="draft", comments=None):
    data = {"action": action}
    for code, value in choices.items():
        data[f"score_{field_key(code)}"] = value
    for code, text in (comments or {}).items():
        data[f"comment_{field_key(code)}"] = text
    return data


def _stored(respondent):
    return {
        a.indicator: (a.score, a.comment) for a in Answer.objects.filter(respondent=respondent)
    }


def _all(value="3"):
    return dict.fromkeys(CODES, value)


# --- the form ------------------------------------------------------------------------------------


def test_token_page_needs_no_login_and_lists_the_36_indicators_grouped(client, inhabitant):
    response = client.get(_link(inhabitant))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    for general in REF.general_objectives:
        assert escape(f"{general.code}. {general.label.fr}") in html
        for main in general.main_objectives:
            assert escape(f"{main.code} {main.label.fr}") in html
    for indicator in REF.indicators:
        assert escape(indicator.label.fr) in html
        assert escape(indicator.definition.fr) in html
        radios = re.findall(rf'name="score_{field_key(indicator.code)}"', html)
        assert len(radios) == 6, indicator.code
    for label in ("0 · absent", "1 · émergent", "2 · en construction", "3 · établi",
                  "4 · exemplaire", "je ne sais pas"):
        assert html.count(f">{label}</label>") == 36
    assert "Enregistrer le brouillon" in html and "Envoyer mes réponses" in html


def test_the_form_speaks_english_when_the_interface_does(client, inhabitant):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(_link(inhabitant)).content.decode()
    b23 = REF.indicator("B2.3")
    assert escape(b23.label.en) in html
    assert escape(b23.definition.get("en")) in html
    assert ">3 · established</label>" in html
    assert escape(REF.main_objective("B2").label.en) in html


def test_unknown_token_is_404(client, inhabitant):
    assert client.get(reverse("assessment-answer-token", args=["pas-un-jeton"])).status_code == 404
    assert client.post(reverse("assessment-answer-token", args=["x" * 32])).status_code == 404


# --- drafts and sending ---------------------------------------------------------------------------


def test_a_partial_draft_is_saved_and_resumed(client, inhabitant):
    response = client.post(
        _link(inhabitant),
        _data({"A1.1": "2", "B2.3": "dk"}, comments={"A1.1": "Surtout en ville"}),
    )
    assert response.status_code == 302
    assert _stored(inhabitant) == {"A1.1": (2, "Surtout en ville"), "B2.3": (None, "")}
    inhabitant.refresh_from_db()
    assert inhabitant.submitted_at is None

    page = client.get(_link(inhabitant))
    html = page.content.decode()
    assert re.search(r'name="score_A1_1" value="2"[^>]*checked', html)
    assert re.search(r'name="score_B2_3" value="dk"[^>]*checked', html)
    assert "Surtout en ville" in html
    assert "2 indicateurs renseignés sur 36" in html

    # Resuming: one more answer, the others kept as the form sends them back.
    client.post(_link(inhabitant), _data({"A1.1": "3", "B2.3": "dk", "C3.4": "1"}))
    assert _stored(inhabitant) == {"A1.1": (3, ""), "B2.3": (None, ""), "C3.4": (1, "")}


def test_sending_requires_a_choice_for_every_indicator_and_names_them(client, inhabitant):
    choices = _all()
    del choices["B2.3"], choices["A1.4"]
    response = client.post(_link(inhabitant), _data(choices, action="submit"))
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "B2.3 Parité femmes–hommes : choisissez une note ou « je ne sais pas »" in html
    )
    assert "A1.4 Diagnostic partagé des besoins du territoire : choisissez une note" in html
    errors = response.context["form"].errors
    assert set(errors) == {"score_B2_3", "score_A1_4"}
    # Nothing was saved: the sending is all or nothing.
    assert _stored(inhabitant) == {}


def test_je_ne_sais_pas_counts_as_a_choice(client, inhabitant):
    choices = _all("dk")
    choices["A2.1"] = "0"
    response = client.post(_link(inhabitant), _data(choices, action="submit"))
    assert response.status_code == 302
    stored = _stored(inhabitant)
    assert len(stored) == 36
    assert stored["A2.1"] == (0, "")
    assert stored["C1.1"] == (None, "")
    inhabitant.refresh_from_db()
    assert inhabitant.submitted_at is not None
    assert AuditEntry.objects.filter(action="ptce.answers.submitted").count() == 1


def test_answers_can_change_until_the_campaign_closes(client, inhabitant, campaign):
    client.post(_link(inhabitant), _data(_all("2"), action="submit"))
    changed = _all("2") | {"B1.1": "4"}
    client.post(_link(inhabitant), _data(changed, action="submit"))
    assert _stored(inhabitant)["B1.1"] == (4, "")

    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    response = client.post(_link(inhabitant), _data(_all("0"), action="submit"))
    assert response.status_code == 200
    assert _stored(inhabitant)["B1.1"] == (4, "")
    html = response.content.decode()
    assert "les réponses ne peuvent plus changer" in html
    assert "4 · exemplaire" in html
    assert 'type="radio"' not in html
    assert "Envoyer mes réponses" not in html


def test_a_comment_without_a_choice_is_refused_by_name(client, inhabitant):
    response = client.post(_link(inhabitant), _data({}, comments={"C2.4": "Je ne sais pas trop"}))
    assert response.status_code == 400
    assert (
        "C2.4 Engagement pluriannuel du public : choisissez une note ou « je ne sais pas » "
        "pour garder votre commentaire"
    ) in response.content.decode()
    assert _stored(inhabitant) == {}


def test_a_score_out_of_the_scale_is_refused_by_name(client, inhabitant):
    response = client.post(_link(inhabitant), _data({"A3.2": "7"}))
    assert response.status_code == 400
    assert "A3.2 Diversité sectorielle : choisissez une note de 0 à 4" in (
        response.content.decode()
    )
    assert _stored(inhabitant) == {}


def test_draft_campaign_cannot_be_answered_yet(client, inhabitant, campaign):
    campaign.status = CampaignStatus.DRAFT
    campaign.save()
    response = client.post(_link(inhabitant), _data({"A1.1": "2"}))
    assert "pas encore ouverte" in response.content.decode()
    assert _stored(inhabitant) == {}


# --- the service ----------------------------------------------------------------------------------


def test_service_refuses_unknown_indicators_atomically(inhabitant):
    with pytest.raises(ValidationError, match="Z9.9"):
        services.answers_save(
            actor=None,
            respondent=inhabitant,
            choices={"A1.1": services.Choice(2), "Z9.9": services.Choice(1)},
            submit=False,
        )
    assert _stored(inhabitant) == {}


def test_service_refuses_answers_once_closed(inhabitant, campaign):
    campaign.status = CampaignStatus.PUBLISHED
    campaign.save()
    with pytest.raises(PtceError, match="close"):
        services.answers_save(
            actor=None, respondent=inhabitant, choices={"A1.1": services.Choice(2)}, submit=False
        )


choice_strategy = st.one_of(st.none(), st.integers(min_value=0, max_value=4))


@hsettings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.dictionaries(
        st.sampled_from(CODES),
        st.tuples(choice_strategy, st.sampled_from(["", "un commentaire"])),
    ),
    submit=st.booleans(),
)
def test_whatever_is_saved_reads_back_the_same(inhabitant, answers, submit):
    choices = {code: services.Choice(score, comment) for code, (score, comment) in answers.items()}
    complete = len(choices) == len(CODES)
    try:
        services.answers_save(actor=None, respondent=inhabitant, choices=choices, submit=submit)
    except ValidationError as exc:
        # Only an incomplete sending is refused, and its errors name every missing indicator.
        assert submit and not complete
        assert len(exc.messages) == len(CODES) - len(choices)
        return
    assert _stored(inhabitant) == {c: (ch.score, ch.comment) for c, ch in choices.items()}
    inhabitant.refresh_from_db()
    if submit:
        assert inhabitant.submitted_at is not None
    if not complete:
        # A draft that lacks a choice is not a sending, whatever was sent before.
        assert inhabitant.submitted_at is None

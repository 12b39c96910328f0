"""Who may answer, and who sees what: one's own answers only, until and after publication."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ptce.evaluation.models import Answer, Campaign, CampaignStatus, Respondent, RespondentKind
from ptce.registry.models import Organisation, Person


@pytest.fixture
def pole(make_pole):
    return make_pole("pole-est", name="Pôle de l'Est")


def _campaign(pole, status=CampaignStatus.OPEN):
    return Campaign.objects.create(
        pole=pole,
        title="Auto-évaluation",
        referential_version="v2026",
        reference_date=dt.date(2026, 1, 31),
        status=status,
    )


def _answer_url(pole, campaign):
    return reverse("campaign-answer", args=[pole.slug, campaign.pk])


@pytest.mark.parametrize(
    ("role", "invited", "expected"),
    [
        ("member", True, 200),
        ("member", False, 404),
        ("coordinator", True, 200),
        ("coordinator", False, 404),
        # Funders and observers do not answer (no ANSWER_ASSESSMENT), invited or not.
        ("funder", True, 403),
        ("observer", False, 403),
    ],
)
def test_campaign_answer_by_role_and_invitation(
    client, make_user, pole, role, invited, expected
):
    campaign = _campaign(pole)
    user = make_user("u", pole=pole, role=role)
    if invited:
        Respondent.objects.create(
            pole=pole, campaign=campaign, kind=RespondentKind.MEMBER, name="U", user=user
        )
    client.force_login(user)
    assert client.get(_answer_url(pole, campaign)).status_code == expected


def test_an_account_linked_to_the_invited_person_answers(client, make_user, pole):
    """Invited from the registry before the person got an account: the person links them."""
    campaign = _campaign(pole)
    person = Person.objects.create(pole=pole, first_name="Awa", last_name="Diallo")
    respondent = Respondent.objects.create(
        pole=pole, campaign=campaign, kind=RespondentKind.MEMBER, name="Awa Diallo",
        person=person,
    )
    user = make_user("awa", pole=pole, role="member")
    person.user = user
    person.save()
    client.force_login(user)
    response = client.get(_answer_url(pole, campaign))
    assert response.status_code == 200
    assert response.context["respondent"] == respondent


def test_another_poles_campaign_is_404_even_when_invited_there(client, make_user, make_pole):
    own, foreign = make_pole("own"), make_pole("foreign")
    user = make_user("u", pole=own, role="member")
    campaign = _campaign(foreign)
    Respondent.objects.create(pole=foreign, campaign=campaign, kind="member", name="U", user=user)
    client.force_login(user)
    assert client.get(reverse("campaign-answer", args=["own", campaign.pk])).status_code == 404
    assert client.get(_answer_url(foreign, campaign)).status_code == 404


def test_a_member_sees_only_their_own_answers(client, make_user, pole):
    campaign = _campaign(pole)
    structure = Organisation.objects.create(pole=pole, name="Scop Bois et Paille")
    alice, bob = (make_user(name, pole=pole, role="member") for name in ("alice", "bob"))
    mine = Respondent.objects.create(pole=pole, campaign=campaign, kind="member", name="Alice",
                                     user=alice, organisation=structure)
    theirs = Respondent.objects.create(pole=pole, campaign=campaign, kind="member", name="Bob",
                                       user=bob, submitted_at=timezone.now())
    Answer.objects.create(pole=pole, respondent=mine, indicator="B3.4", score=1,
                          comment="Mon avis à moi")
    Answer.objects.create(pole=pole, respondent=theirs, indicator="B3.4", score=4,
                          comment="Le secret de Bob")
    client.force_login(alice)

    for status in (CampaignStatus.OPEN, CampaignStatus.CLOSED, CampaignStatus.PUBLISHED):
        campaign.status = status
        campaign.save()
        html = client.get(_answer_url(pole, campaign)).content.decode()
        assert "Mon avis à moi" in html, status
        assert "Le secret de Bob" not in html, status
        assert theirs.token not in html, status

    # The coordinator's pages, where the respondents and their links are listed, are closed.
    detail = reverse("campaign-detail", args=[pole.slug, campaign.pk])
    assert client.get(detail).status_code == 403
    listing = client.get(reverse("campaign-list", args=[pole.slug])).content.decode()
    assert "Le secret de Bob" not in listing and theirs.token not in listing


def test_the_list_offers_to_answer_only_to_the_invited(client, make_user, pole):
    invited_to = _campaign(pole)
    other = _campaign(pole)
    other.title = "Autre campagne"
    other.save()
    user = make_user("m", pole=pole, role="member")
    Respondent.objects.create(pole=pole, campaign=invited_to, kind="member", name="M", user=user)
    client.force_login(user)
    html = client.get(reverse("campaign-list", args=[pole.slug])).content.decode()
    assert _answer_url(pole, invited_to) in html
    assert _answer_url(pole, other) not in html
    # Members do not get the coordinator's page links.
    assert f'href="{reverse("campaign-detail", args=[pole.slug, invited_to.pk])}"' not in html


def test_a_draft_campaign_is_not_offered_to_its_invitees_yet(client, make_user, pole):
    campaign = _campaign(pole, CampaignStatus.DRAFT)
    user = make_user("m", pole=pole, role="member")
    Respondent.objects.create(pole=pole, campaign=campaign, kind="member", name="M", user=user)
    client.force_login(user)
    html = client.get(reverse("campaign-list", args=[pole.slug])).content.decode()
    assert _answer_url(pole, campaign) not in html
    page = client.get(_answer_url(pole, campaign))
    assert "pas encore ouverte" in page.content.decode()
    assert 'type="radio"' not in page.content.decode()

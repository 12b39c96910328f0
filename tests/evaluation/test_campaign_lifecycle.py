"""A campaign's life as the coordinator sees it: create, invite, open, close, publish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ptce.core.exceptions import PtceError
from ptce.core.models import AuditEntry
from ptce.evaluation import services
from ptce.evaluation.models import (
    Answer,
    Campaign,
    CampaignStatus,
    MeasuredResult,
    ReferentialVersion,
    Respondent,
    RespondentKind,
)
from ptce.registry.models import Membership, Organisation, Person


@pytest.fixture
def pole(make_pole):
    return make_pole("pole-lauragais", name="Pôle du Lauragais")


@pytest.fixture
def coordinator(make_user, pole):
    return make_user("coordination", pole=pole, role="coordinator")


@pytest.fixture
def coord_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def frozen(monkeypatch):
    """Records each call to the report's freeze_measures instead of computing the measures."""
    calls = []
    monkeypatch.setattr(
        services, "freeze_measures", lambda campaign: calls.append((campaign.pk, campaign.status))
    )
    return calls


def _campaign(pole, status=CampaignStatus.DRAFT, **fields):
    return Campaign.objects.create(
        pole=pole,
        title=fields.pop("title", "Auto-évaluation 2026"),
        referential_version="v2026",
        reference_date=fields.pop("reference_date", dt.date(2026, 3, 31)),
        status=status,
        **fields,
    )


def _url(name, pole, *args):
    return reverse(name, args=[pole.slug, *args])


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- creating a campaign ---------------------------------------------------------------------


def test_create_page_offers_today_the_packaged_version_and_stored_versions(coord_client, pole):
    ReferentialVersion.objects.create(version="obs-2027", title="Version de l'observatoire",
                                      source="version: obs-2027")
    response = coord_client.get(_url("campaign-create", pole))
    form = response.context["form"]
    assert form["reference_date"].value() == timezone.localdate()
    versions = [value for value, _label in form.fields["referential_version"].choices]
    assert versions == ["v2026", "obs-2027"]
    html = response.content.decode()
    assert timezone.localdate().strftime("%d/%m/%Y") in html
    assert "36 derniers mois" in html


def test_create_a_campaign_with_a_french_date(coord_client, pole, coordinator):
    response = coord_client.post(
        _url("campaign-create", pole),
        {
            "title": "Auto-évaluation 2026",
            "reference_date": "31/03/2026",
            "window_months": "36",
            "referential_version": "v2026",
        },
    )
    campaign = Campaign.objects.get(pole=pole)
    assert response.status_code == 302
    assert response["Location"] == _url("campaign-detail", pole, campaign.pk)
    assert campaign.reference_date == dt.date(2026, 3, 31)
    assert campaign.window_months == 36
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.created_by == coordinator
    assert AuditEntry.objects.filter(action="ptce.campaign.created", pole=pole).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reference_date", "31/02/2026", "Saisissez une date valide"),
        ("window_months", "24", "24 n’en fait pas partie"),
        ("referential_version", "v1999", "v1999 n’en fait pas partie"),
    ],
)
def test_bad_campaign_input_names_the_field(coord_client, pole, field, value, message):
    data = {
        "title": "Auto-évaluation",
        "reference_date": "31/03/2026",
        "window_months": "12",
        "referential_version": "v2026",
        field: value,
    }
    response = coord_client.post(_url("campaign-create", pole), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert not Campaign.objects.exists()


def test_version_cannot_change_once_answers_exist(pole, coordinator):
    campaign = _campaign(pole, CampaignStatus.OPEN)
    ReferentialVersion.objects.create(version="obs-2027", title="Obs", source="version: obs")
    respondent = Respondent.objects.create(pole=pole, campaign=campaign, kind="other", name="A")
    Answer.objects.create(pole=pole, respondent=respondent, indicator="A1.1", score=2)
    campaign.referential_version = "obs-2027"
    with pytest.raises(Exception, match="v2026"):
        services.campaign_save(actor=coordinator, pole=pole, campaign=campaign)


# --- inviting -----------------------------------------------------------------------------------


@pytest.fixture
def registry(pole, make_user):
    """Two member structures with a representative each, and a former member's person."""
    member = Organisation.objects.create(pole=pole, name="Recyclerie du Lauragais")
    Membership.objects.create(pole=pole, organisation=member, start_date=dt.date(2020, 1, 1))
    other = Organisation.objects.create(pole=pole, name="Café des Possibles")
    Membership.objects.create(pole=pole, organisation=other)
    former = Organisation.objects.create(pole=pole, name="Ancienne Scop")
    Membership.objects.create(
        pole=pole, organisation=former, start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2019, 12, 31),
    )
    awa = Person.objects.create(
        pole=pole, first_name="Awa", last_name="Diallo", organisation=member,
        user=make_user("awa", pole=pole, role="member"),
    )
    bruno = Person.objects.create(pole=pole, first_name="Bruno", last_name="Petit",
                                  organisation=other)
    gone = Person.objects.create(pole=pole, first_name="Gaël", last_name="Parti",
                                 organisation=former)
    return {"awa": awa, "bruno": bruno, "gone": gone}


def test_invite_a_representative_and_an_inhabitant(coord_client, pole, registry):
    campaign = _campaign(pole)
    detail = coord_client.get(_url("campaign-detail", pole, campaign.pk))
    offered = list(detail.context["person_form"].fields["person"].queryset)
    # Representatives of the structures that are members on the reference date only.
    assert offered == [registry["bruno"], registry["awa"]]

    response = coord_client.post(
        _url("respondent-add", pole, campaign.pk),
        {"source": "registry", "registry-person": registry["awa"].pk},
    )
    assert response.status_code == 302
    awa = Respondent.objects.get(campaign=campaign, person=registry["awa"])
    assert awa.kind == RespondentKind.MEMBER
    assert awa.name == "Awa Diallo"
    assert awa.organisation.name == "Recyclerie du Lauragais"
    assert awa.user == registry["awa"].user

    coord_client.post(
        _url("respondent-add", pole, campaign.pk),
        {"source": "free", "free-name": "  Josiane   Martin ", "free-kind": "inhabitant"},
    )
    josiane = Respondent.objects.get(campaign=campaign, name="Josiane Martin")
    assert josiane.kind == RespondentKind.INHABITANT
    assert josiane.user is None

    page = coord_client.get(_url("campaign-detail", pole, campaign.pk))
    html = page.content.decode()
    # Each respondent's private link is shown to the coordinator, to copy.
    for respondent in (awa, josiane):
        link = "http://testserver" + reverse("assessment-answer-token", args=[respondent.token])
        assert f'value="{link}"' in html
    assert "Peut aussi répondre en se connectant." in html
    assert list(page.context["person_form"].fields["person"].queryset) == [registry["bruno"]]
    assert AuditEntry.objects.filter(action="ptce.respondent.created").count() == 2


def test_tokens_are_long_random_and_distinct(pole):
    campaign = _campaign(pole)
    tokens = {
        Respondent.objects.create(pole=pole, campaign=campaign, kind="other", name=f"R{i}").token
        for i in range(20)
    }
    assert len(tokens) == 20
    assert all(len(token) >= 32 for token in tokens)


def test_free_entry_needs_a_name_and_a_kind(coord_client, pole):
    campaign = _campaign(pole)
    response = coord_client.post(
        _url("respondent-add", pole, campaign.pk),
        {"source": "free", "free-name": "", "free-kind": "mayor"},
    )
    assert response.status_code == 400
    errors = response.context["free_form"].errors
    assert set(errors) == {"name", "kind"}
    assert not Respondent.objects.exists()


def test_the_same_person_is_invited_once(pole, coordinator, registry):
    campaign = _campaign(pole)
    services.respondent_add(actor=coordinator, pole=pole, campaign=campaign,
                            person=registry["bruno"])
    with pytest.raises(PtceError, match="Bruno Petit est déjà invité"):
        services.respondent_add(actor=coordinator, pole=pole, campaign=campaign,
                                person=registry["bruno"])


def test_a_person_of_another_pole_cannot_be_invited(pole, coordinator, make_pole):
    other = make_pole("autre")
    stranger = Person.objects.create(pole=other, first_name="Zoé", last_name="Ailleurs")
    with pytest.raises(Exception, match="n'appartient pas au pôle"):
        services.respondent_add(
            actor=coordinator, pole=pole, campaign=_campaign(pole), person=stranger
        )


def test_remove_an_invitation_only_before_any_answer(coord_client, pole):
    campaign = _campaign(pole, CampaignStatus.OPEN)
    quiet = Respondent.objects.create(pole=pole, campaign=campaign, kind="elected", name="Élue")
    busy = Respondent.objects.create(pole=pole, campaign=campaign, kind="inhabitant", name="Hab")
    Answer.objects.create(pole=pole, respondent=busy, indicator="A1.1", score=None)

    response = coord_client.post(_url("respondent-remove", pole, busy.pk), follow=True)
    assert "Hab a déjà répondu" in " ".join(_messages(response))
    assert Respondent.objects.filter(pk=busy.pk).exists()

    page = coord_client.get(_url("campaign-detail", pole, campaign.pk))
    removable = {row["respondent"].pk for row in page.context["rows"] if row["removable"]}
    assert removable == {quiet.pk}

    coord_client.post(_url("respondent-remove", pole, quiet.pk))
    assert not Respondent.objects.filter(pk=quiet.pk).exists()
    assert AuditEntry.objects.filter(action="ptce.respondent.deleted").count() == 1


def test_get_on_a_post_only_transition_changes_nothing(coord_client, pole):
    campaign = _campaign(pole)
    Respondent.objects.create(pole=pole, campaign=campaign, kind="other", name="R")
    assert coord_client.get(_url("campaign-open", pole, campaign.pk)).status_code == 405
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


# --- the lifecycle ------------------------------------------------------------------------------


def test_open_close_publish_freeze_measures_and_leave_audit_entries(
    coord_client, pole, frozen
):
    campaign = _campaign(pole)
    response = coord_client.post(_url("campaign-open", pole, campaign.pk), follow=True)
    assert "Invitez au moins une personne" in " ".join(_messages(response))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT

    Respondent.objects.create(pole=pole, campaign=campaign, kind="inhabitant", name="Hab")
    coord_client.post(_url("campaign-open", pole, campaign.pk))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN and campaign.opened_at is not None
    assert frozen == []

    response = coord_client.post(_url("campaign-publish", pole, campaign.pk), follow=True)
    assert "Fermez la campagne avant" in " ".join(_messages(response))

    coord_client.post(_url("campaign-close", pole, campaign.pk))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    assert frozen == [(campaign.pk, CampaignStatus.CLOSED)]

    coord_client.post(_url("campaign-publish", pole, campaign.pk))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED and campaign.published_at is not None
    assert frozen[-1] == (campaign.pk, CampaignStatus.PUBLISHED)

    actions = list(
        AuditEntry.objects.filter(action__startswith="ptce.campaign.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["ptce.campaign.open", "ptce.campaign.closed", "ptce.campaign.published"]


def test_a_failing_freeze_leaves_the_campaign_open(pole, coordinator, monkeypatch):
    campaign = _campaign(pole, CampaignStatus.OPEN)

    def broken(campaign):
        raise RuntimeError("mesure impossible")

    monkeypatch.setattr(services, "freeze_measures", broken)
    with pytest.raises(RuntimeError):
        services.campaign_close(actor=coordinator, pole=pole, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    assert not AuditEntry.objects.filter(action="ptce.campaign.closed").exists()


def test_a_published_campaign_cannot_be_edited(coord_client, pole, coordinator, frozen):
    campaign = _campaign(pole, CampaignStatus.PUBLISHED)
    response = coord_client.get(_url("campaign-edit", pole, campaign.pk), follow=True)
    assert "ne peut plus changer" in " ".join(_messages(response))
    page = coord_client.get(_url("campaign-detail", pole, campaign.pk))
    html = page.content.decode()
    assert _url("campaign-edit", pole, campaign.pk) not in html
    assert _url("respondent-add", pole, campaign.pk) not in html
    campaign.title = "Autre titre"
    with pytest.raises(PtceError, match="publiés"):
        services.campaign_save(actor=coordinator, pole=pole, campaign=campaign)
    with pytest.raises(PtceError, match="publiés"):
        services.respondent_add(actor=coordinator, pole=pole, campaign=campaign,
                                name="Élu", kind="elected")
    for change in (services.campaign_open, services.campaign_close, services.campaign_publish):
        with pytest.raises(PtceError, match="publiés"):
            change(actor=coordinator, pole=pole, campaign=campaign)
    assert frozen == []


def test_no_invitation_once_closed(pole, coordinator):
    campaign = _campaign(pole, CampaignStatus.CLOSED)
    with pytest.raises(PtceError, match="close"):
        services.respondent_add(actor=coordinator, pole=pole, campaign=campaign,
                                name="Élu", kind="elected")


def test_detail_counts_answered_draft_and_not_started_without_any_score(coord_client, pole):
    campaign = _campaign(pole, CampaignStatus.OPEN)
    sent = Respondent.objects.create(pole=pole, campaign=campaign, kind="other", name="Envoyé",
                                     submitted_at=timezone.now())
    draft = Respondent.objects.create(pole=pole, campaign=campaign, kind="other", name="Brouillon")
    Respondent.objects.create(pole=pole, campaign=campaign, kind="other", name="Rien")
    Answer.objects.create(pole=pole, respondent=sent, indicator="B2.3", score=4,
                          comment="Commentaire très personnel")
    Answer.objects.create(pole=pole, respondent=draft, indicator="B2.3", score=1)
    response = coord_client.get(_url("campaign-detail", pole, campaign.pk))
    assert response.context["counts"] == {"answered": 1, "draft": 1, "not_started": 1}
    html = response.content.decode()
    assert "Commentaire très personnel" not in html
    assert "Parité" not in html


def test_detail_page_queries_do_not_grow_with_respondents(
    coord_client, pole, django_assert_max_num_queries
):
    campaign = _campaign(pole, CampaignStatus.OPEN)
    for i in range(40):
        respondent = Respondent.objects.create(
            pole=pole, campaign=campaign, kind="other", name=f"Personne {i:02d}"
        )
        Answer.objects.create(pole=pole, respondent=respondent, indicator="A1.1", score=2)
    with django_assert_max_num_queries(15):
        response = coord_client.get(_url("campaign-detail", pole, campaign.pk))
    assert len(response.context["rows"]) == 40


# --- the list -----------------------------------------------------------------------------------


def test_list_hides_drafts_from_everyone_but_the_coordination(client, make_user, pole):
    _campaign(pole, title="En préparation")
    _campaign(pole, CampaignStatus.OPEN, title="Ouverte")
    _campaign(pole, CampaignStatus.PUBLISHED, title="Publiée")
    seen = {}
    for role in ("coordinator", "member", "funder", "observer"):
        client.force_login(make_user(f"u-{role}", pole=pole, role=role))
        response = client.get(_url("campaign-list", pole))
        seen[role] = {row["campaign"].title for row in response.context["rows"]}
    assert seen["coordinator"] == {"En préparation", "Ouverte", "Publiée"}
    for role in ("member", "funder", "observer"):
        assert seen[role] == {"Ouverte", "Publiée"}


def test_list_counts_sent_answers_in_a_bounded_number_of_queries(
    coord_client, pole, django_assert_max_num_queries
):
    for i in range(15):
        campaign = _campaign(pole, CampaignStatus.OPEN, title=f"Campagne {i}")
        for j in range(3):
            Respondent.objects.create(
                pole=pole, campaign=campaign, kind="other", name=f"R{j}",
                submitted_at=timezone.now() if j else None,
            )
    with django_assert_max_num_queries(12):
        response = coord_client.get(_url("campaign-list", pole))
    assert {row["campaign"].submitted_count for row in response.context["rows"]} == {2}
    assert "2 sur 3" in response.content.decode()


def test_closing_and_publishing_freeze_the_real_measures(coord_client, pole):
    """No mock: the report's freeze_measures stores one row per measured indicator."""
    campaign = _campaign(pole, CampaignStatus.OPEN, reference_date=dt.date(2025, 12, 31))
    Respondent.objects.create(pole=pole, campaign=campaign, kind="inhabitant", name="Hab")
    coord_client.post(_url("campaign-close", pole, campaign.pk))
    rows = list(MeasuredResult.objects.filter(campaign=campaign))
    assert len(rows) == 30
    assert {row.referential_version for row in rows} == {"v2026"}
    # An empty pole measures little: what cannot be measured says why, and has no score.
    assert all(row.missing for row in rows if row.score is None)

    coord_client.post(_url("campaign-publish", pole, campaign.pk))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED
    again = MeasuredResult.objects.filter(campaign=campaign)
    assert again.count() == 30
    assert {row.indicator for row in again} == {row.indicator for row in rows}


def test_edit_an_open_campaign(coord_client, pole):
    campaign = _campaign(pole, CampaignStatus.OPEN)
    response = coord_client.post(
        _url("campaign-edit", pole, campaign.pk),
        {
            "title": "Auto-évaluation du printemps",
            "reference_date": "30/04/2026",
            "window_months": "12",
            "referential_version": "v2026",
        },
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Auto-évaluation du printemps"
    assert campaign.reference_date == dt.date(2026, 4, 30)
    assert campaign.status == CampaignStatus.OPEN
    assert AuditEntry.objects.filter(action="ptce.campaign.changed").exists()

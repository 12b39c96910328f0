"""The poolings pages as the coordinator and the other roles use them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from ptce.core.models import AuditEntry
from ptce.pooling.models import (
    CostSharing,
    Pooling,
    PoolingCost,
    PoolingKind,
    PoolingParticipant,
    QuantityUnit,
    ResourceKind,
    SharedResource,
)
from ptce.pooling.selectors import PARTICIPATION_COLUMNS, pooling_participation_frame
from ptce.registry.models import Organisation

TODAY = dt.date.today()
LAST_YEAR = TODAY - dt.timedelta(days=365)


def _text(response) -> str:
    """The page's text without tags and with spaces collapsed, as a reader sees it."""
    html = response.content.decode()
    html = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", html.replace("\u202f", " ").replace("\xa0", " "))


# --- The list --------------------------------------------------------------------------------


@pytest.fixture
def some_poolings(structures, make_pooling, add_participant):
    paper = make_pooling(
        "Achats de papier", unit=QuantityUnit.EUROS, started_on=LAST_YEAR, carrier=structures[0]
    )
    add_participant(paper, structures[0], quantity=Decimal("1200"))
    add_participant(paper, structures[1], quantity=Decimal("300.50"))
    add_participant(paper, structures[2])  # quantity not given
    accounting = make_pooling(
        "Comptable partagé",
        kind=PoolingKind.SKILLS,
        unit=QuantityUnit.HOURS,
        started_on=LAST_YEAR,
        ended_on=TODAY - dt.timedelta(days=30),
    )
    add_participant(accounting, structures[1], quantity=Decimal("12"))
    premises = make_pooling(
        "Tiers-lieu", kind=PoolingKind.PREMISES, unit=QuantityUnit.SQUARE_METRES
    )
    return paper, accounting, premises


def test_list_groups_by_kind_with_counts_totals_and_active_summary(
    client, make_user, pole, some_poolings
):
    client.force_login(make_user("obs", pole=pole, role="observer"))
    response = client.get(reverse("pooling-list", args=[pole.slug]))
    text = _text(response)
    assert response.status_code == 200
    assert "2 mutualisations actives aujourd'hui" in text
    # Grouped under their kind's heading, in the order of the kinds.
    assert text.index("Locaux partagés") < text.index("Tiers-lieu")
    assert text.index("Achats groupés") < text.index("Achats de papier")
    assert text.index("Compétences partagées") < text.index("Comptable partagé")
    # 3 participants, 1 500,50 euros known, one participant's quantity not given.
    row = re.search(r"Achats de papier.*?Comptable", text).group(0)
    assert " 3 " in row and "1 500,50 euros" in row
    assert "(non renseignée pour 1 participant)" in row
    assert "12 heures" in text
    assert "terminée" in text  # the accounting pooling ended a month ago


def test_list_filters_active_and_ended(coordinator_client, pole, some_poolings):
    url = reverse("pooling-list", args=[pole.slug])
    active = _text(coordinator_client.get(url, {"status": "active"}))
    assert "Achats de papier" in active and "Tiers-lieu" in active
    assert "Comptable partagé" not in active
    ended = _text(coordinator_client.get(url, {"status": "ended"}))
    assert "Comptable partagé" in ended and "Achats de papier" not in ended
    # The htmx request gets only the results.
    partial = coordinator_client.get(url, {"status": "ended"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert "Comptable partagé" in partial.content.decode()


@pytest.mark.parametrize("count", [5, 40])
def test_list_query_count_does_not_grow(
    coordinator_client,
    pole,
    structures,
    make_pooling,
    add_participant,
    count,
    django_assert_max_num_queries,
):
    for i in range(count):
        pooling = make_pooling(f"Mutualisation {i:02d}", kind=list(PoolingKind)[i % 6])
        add_participant(pooling, structures[i % 3], quantity=Decimal(i))
    with django_assert_max_num_queries(8):
        response = coordinator_client.get(reverse("pooling-list", args=[pole.slug]))
    assert response.status_code == 200


# --- Create and edit -------------------------------------------------------------------------


def test_coordinator_creates_a_pooling_with_french_dates(coordinator_client, pole, structures):
    response = coordinator_client.post(
        reverse("pooling-create", args=[pole.slug]),
        {
            "kind": PoolingKind.SERVICES,
            "name": "Service informatique partagé",
            "description": "",
            "carrier": structures[1].pk,
            "unit": QuantityUnit.HOURS,
            "cost_sharing": CostSharing.FIXED_KEYS,
            "started_on": "01/02/2024",
            "ended_on": "",
        },
    )
    pooling = Pooling.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pooling-detail", args=[pole.slug, pooling.pk])
    assert pooling.started_on == dt.date(2024, 2, 1)
    assert pooling.carrier == structures[1]
    assert AuditEntry.objects.filter(action="ptce.pooling.created").count() == 1

    edit = coordinator_client.get(reverse("pooling-edit", args=[pole.slug, pooling.pk]))
    assert 'value="01/02/2024"' in edit.content.decode()


def test_pooling_dates_must_be_in_order(coordinator_client, pole):
    response = coordinator_client.post(
        reverse("pooling-create", args=[pole.slug]),
        {
            "kind": PoolingKind.SERVICES,
            "name": "À l'envers",
            "cost_sharing": CostSharing.BY_USE,
            "started_on": "01/02/2024",
            "ended_on": "01/01/2024",
        },
    )
    assert response.status_code == 200
    assert "La fin précède le début." in response.content.decode()
    assert not Pooling.objects.exists()


def test_carrier_from_another_pole_is_refused(coordinator_client, pole, other_pole):
    foreign = Organisation.objects.create(pole=other_pole, name="Structure voisine")
    response = coordinator_client.post(
        reverse("pooling-create", args=[pole.slug]),
        {
            "kind": PoolingKind.SERVICES,
            "name": "Détournement",
            "carrier": foreign.pk,
            "cost_sharing": CostSharing.BY_USE,
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Pooling.objects.exists()


# --- Participants ----------------------------------------------------------------------------


def test_add_a_participant_with_french_decimals(coordinator_client, pole, structures, make_pooling):
    pooling = make_pooling(cost_sharing=CostSharing.FIXED_KEYS)
    response = coordinator_client.post(
        reverse("participant-add", args=[pole.slug, pooling.pk]),
        {
            "organisation": structures[0].pk,
            "quantity": "1 234,50",
            "share_key": "2,5",
            "joined_on": "15/03/2024",
            "left_on": "",
        },
    )
    assert response.status_code == 302
    participant = PoolingParticipant.objects.get()
    assert (participant.quantity, participant.share_key) == (Decimal("1234.50"), Decimal("2.5"))
    assert participant.joined_on == dt.date(2024, 3, 15)
    assert participant.pole == pole
    assert AuditEntry.objects.filter(action="ptce.poolingparticipant.created").exists()


def test_participant_must_be_a_structure_of_the_pole(
    coordinator_client, pole, other_pole, make_pooling
):
    pooling = make_pooling()
    foreign = Organisation.objects.create(pole=other_pole, name="Structure voisine")
    response = coordinator_client.post(
        reverse("participant-add", args=[pole.slug, pooling.pk]), {"organisation": foreign.pk}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not PoolingParticipant.objects.exists()


def test_a_structure_takes_part_once(
    coordinator_client, pole, structures, make_pooling, add_participant
):
    pooling = make_pooling()
    add_participant(pooling, structures[0])
    response = coordinator_client.post(
        reverse("participant-add", args=[pole.slug, pooling.pk]),
        {"organisation": structures[0].pk, "quantity": "abc"},
    )
    html = response.content.decode()
    assert "Cette structure participe déjà à la mutualisation." in html
    assert "Saisissez un nombre." in html
    assert PoolingParticipant.objects.count() == 1


def test_edit_and_remove_a_participant(
    coordinator_client, pole, structures, make_pooling, add_participant
):
    pooling = make_pooling()
    participant = add_participant(pooling, structures[0], quantity=Decimal(10))
    url = reverse("participant-edit", args=[pole.slug, participant.pk])
    page = coordinator_client.get(url)
    assert 'value="10,00"' in page.content.decode()
    coordinator_client.post(url, {"organisation": structures[0].pk, "quantity": "12,75"})
    participant.refresh_from_db()
    assert participant.quantity == Decimal("12.75")

    remove = reverse("participant-remove", args=[pole.slug, participant.pk])
    assert coordinator_client.get(remove).status_code == 405
    response = coordinator_client.post(remove)
    assert response["Location"].endswith(
        reverse("pooling-detail", args=[pole.slug, pooling.pk]) + "#participants"
    )
    assert not PoolingParticipant.objects.exists()
    assert AuditEntry.objects.filter(action="ptce.poolingparticipant.deleted").exists()


# --- Costs -----------------------------------------------------------------------------------


def test_create_edit_and_delete_a_cost(coordinator_client, pole, make_pooling):
    pooling = make_pooling()
    response = coordinator_client.post(
        reverse("cost-create", args=[pole.slug, pooling.pk]),
        {
            "label": "Loyer 2025",
            "period_start": "01/01/2025",
            "period_end": "31/12/2025",
            "amount": "12 000,00",
        },
    )
    cost = PoolingCost.objects.get()
    assert response.status_code == 302
    assert cost.amount == Decimal("12000") and cost.period_end == dt.date(2025, 12, 31)

    response = coordinator_client.post(
        reverse("cost-edit", args=[pole.slug, cost.pk]),
        {
            "label": "Loyer 2025",
            "period_start": "01/01/2025",
            "period_end": "01/12/2024",
            "amount": "-5",
        },
    )
    html = response.content.decode()
    assert "La fin de la période précède son début." in html
    assert "Le montant ne peut pas être négatif." in html
    cost.refresh_from_db()
    assert cost.amount == Decimal("12000")

    coordinator_client.post(reverse("cost-delete", args=[pole.slug, cost.pk]))
    assert not PoolingCost.objects.exists()
    assert AuditEntry.objects.filter(action="ptce.poolingcost.deleted").exists()


# --- The detail page -------------------------------------------------------------------------


def test_detail_shows_keys_as_percentages_and_each_cost_split(
    client, make_user, pole, structures, make_pooling, add_participant
):
    pooling = make_pooling(
        "Service paie", kind=PoolingKind.SERVICES, cost_sharing=CostSharing.FIXED_KEYS
    )
    add_participant(pooling, structures[0], share_key=Decimal(2))
    add_participant(pooling, structures[1], share_key=Decimal(1))
    add_participant(pooling, structures[2])
    PoolingCost.objects.create(
        pole=pole,
        pooling=pooling,
        label="Logiciel de paie",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        amount=Decimal("100.00"),
    )
    client.force_login(make_user("financeur", pole=pole, role="funder"))
    response = client.get(reverse("pooling-detail", args=[pole.slug, pooling.pk]))
    text = _text(response)
    assert "66,67 %" in text and "33,33 %" in text
    assert "Logiciel de paie — 100,00 €" in text
    # 100 € by keys 2 and 1: 66,67 € and 33,33 €; the structure without a key pays nothing.
    split = text[text.index("Logiciel de paie —") :]
    assert re.search(r"Atelier Bois 2 66,67", split)
    assert re.search(r"Biocoop du Canal 1 33,33", split)
    assert re.search(r"Compagnie Théâtre non renseignée 0,00", split)
    assert "Règle d'arrondi" in text and "plus grande partie décimale" in text
    # A funder sees no management links.
    assert reverse("participant-add", args=[pole.slug, pooling.pk]) not in response.content.decode()


def test_detail_says_when_a_cost_cannot_be_split(
    coordinator_client, pole, structures, make_pooling, add_participant
):
    pooling = make_pooling(cost_sharing=CostSharing.FIXED_KEYS)
    add_participant(pooling, structures[0])
    PoolingCost.objects.create(
        pole=pole,
        pooling=pooling,
        label="Assurance",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        amount=Decimal("450.00"),
    )
    response = coordinator_client.get(reverse("pooling-detail", args=[pole.slug, pooling.pk]))
    assert response.status_code == 200
    assert "Non répartissable : aucune clé de répartition renseignée." in _text(response)


def test_detail_of_premises_lists_resources_and_employer_group_renders(
    coordinator_client, pole, make_pooling
):
    premises = make_pooling("Tiers-lieu", kind=PoolingKind.PREMISES)
    SharedResource.objects.create(
        pole=pole, pooling=premises, name="Salle Garonne", kind=ResourceKind.ROOM, capacity=20
    )
    text = _text(coordinator_client.get(reverse("pooling-detail", args=[pole.slug, premises.pk])))
    assert "Salle Garonne" in text and "20 personnes" in text
    group = make_pooling("Groupement d'employeurs", kind=PoolingKind.EMPLOYER_GROUP)
    response = coordinator_client.get(reverse("pooling-detail", args=[pole.slug, group.pk]))
    assert response.status_code == 200


def test_another_poles_rows_answer_404(coordinator_client, pole, other_pole, make_pooling):
    foreign_org = Organisation.objects.create(pole=other_pole, name="Voisine")
    foreign = make_pooling("Voisine", target_pole=other_pole)
    participant = PoolingParticipant.objects.create(
        pole=other_pole, pooling=foreign, organisation=foreign_org
    )
    cost = PoolingCost.objects.create(
        pole=other_pole,
        pooling=foreign,
        label="Loyer",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 1, 31),
        amount=Decimal(1),
    )
    for name, pk in [
        ("pooling-detail", foreign.pk),
        ("pooling-edit", foreign.pk),
        ("participant-add", foreign.pk),
        ("cost-create", foreign.pk),
        ("participant-edit", participant.pk),
        ("cost-edit", cost.pk),
    ]:
        assert coordinator_client.get(reverse(name, args=[pole.slug, pk])).status_code == 404
    for name, pk in [("participant-remove", participant.pk), ("cost-delete", cost.pk)]:
        assert coordinator_client.post(reverse(name, args=[pole.slug, pk])).status_code == 404
    assert PoolingParticipant.objects.filter(pk=participant.pk).exists()
    assert PoolingCost.objects.filter(pk=cost.pk).exists()


def test_members_see_but_cannot_manage(client, make_user, pole, make_pooling):
    pooling = make_pooling()
    client.force_login(make_user("membre", pole=pole, role="member"))
    assert client.get(reverse("pooling-detail", args=[pole.slug, pooling.pk])).status_code == 200
    assert client.get(reverse("pooling-edit", args=[pole.slug, pooling.pk])).status_code == 403
    response = client.post(reverse("pooling-create", args=[pole.slug]), {"name": "x"})
    assert response.status_code == 403
    assert Pooling.objects.count() == 1


# --- The analytics frame ---------------------------------------------------------------------


def test_participation_frame(
    pole, other_pole, structures, make_pooling, add_participant, django_assert_num_queries
):
    pooling = make_pooling(kind=PoolingKind.PREMISES, started_on=dt.date(2023, 5, 1))
    add_participant(pooling, structures[0], joined_on=dt.date(2023, 6, 1))
    add_participant(pooling, structures[1])
    foreign = make_pooling("Voisine", target_pole=other_pole)
    add_participant(foreign, Organisation.objects.create(pole=other_pole, name="Voisine"))
    with django_assert_num_queries(1):
        frame = pooling_participation_frame(pole)
    assert tuple(frame.columns) == PARTICIPATION_COLUMNS
    assert list(frame["organisation_id"]) == [structures[0].pk, structures[1].pk]
    assert set(frame["kind"]) == {"premises"}
    assert frame["joined_on"].iloc[0] == timezone.datetime(2023, 6, 1)
    assert frame["joined_on"].isna().iloc[1]
    assert frame["started_on"].dtype.kind == "M"

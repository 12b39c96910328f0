from __future__ import annotations

from django.urls import reverse

from ptce.registry.models import Membership, Organisation


def test_home_shows_members_by_family_and_the_ess_share(client, make_pole, make_user):
    pole = make_pole("home")
    for name, code in [("A", "9220"), ("B", "9220"), ("C", "5710"), ("D", "")]:
        Membership.objects.create(
            pole=pole,
            organisation=Organisation.objects.create(pole=pole, name=name, legal_category=code),
        )
    Organisation.objects.create(pole=pole, name="Ancienne", legal_category="9220")  # no membership
    client.force_login(make_user("f", pole=pole, role="funder"))
    response = client.get(reverse("pole-home", args=[pole.slug]))
    figures = response.context["figures"]
    assert figures.members == 4
    assert figures.by_family == {"ess_enterprise": 2, "non_ess_enterprise": 1}
    assert figures.unclassified == 1
    # D's status is unknown: 2 ESS out of the 3 known, not out of 4.
    assert "67 %" in response.content.decode()
    assert response.context["territory"].population is None


def test_my_poles_lists_only_my_poles(client, make_pole, make_user):
    mine, other = make_pole("mine", "Pôle à moi"), make_pole("other", "Pôle d'autrui")
    client.force_login(make_user("u", pole=mine, role="member"))
    body = client.get(reverse("my-poles")).content.decode()
    assert "Pôle à moi" in body and "Pôle d&#x27;autrui" not in body and other.name not in body

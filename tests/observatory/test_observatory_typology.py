"""The typology page: MCA + HCPC over the consenting poles' profiles, a factor map, the clusters
with their description, each pole's type, and poles outside the fit placed on the map."""

from __future__ import annotations

import html as html_module
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from django.urls import reverse
from observatory_fixtures import (
    ASSOCIATION,
    SECRET_PERSON,
    add_members,
    add_person,
    make_documented_poles,
)

from ptce.observatory import selectors, views
from ptce.poles.models import CallAward, CallKind, Pole
from ptce.pooling.models import Pooling, PoolingKind
from ptce_analytics.typology import HCPC, MCA

pytestmark = pytest.mark.django_db

URL = "observatory-typology"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def poles(make_pole):
    poles = make_documented_poles()
    poles["discret"] = make_pole("pole-discret", name="Pôle Discret", territory_type="rural")
    add_members(poles["discret"], [("Structure discrète", ASSOCIATION, None)])
    person_home = add_members(poles["paris-mix"], [("Maison des musiques", ASSOCIATION, None)])
    add_person(poles["paris-mix"], person_home[0])
    return poles


@pytest.fixture
def observer(client, make_user, poles):
    client.force_login(make_user("obs", pole=poles["discret"], role="observer"))
    return client


def _pole_rows(html: str) -> dict[str, str]:
    table = html[html.index('id="typologie-poles"') :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table, re.S):
        name = html_module.unescape(re.sub(r"<.*", "", row, flags=re.S).strip())
        rows[name] = row
    return rows


def _witness_fit():
    facts = selectors.pole_facts(selectors.consenting_poles())
    frame = selectors.profile_frame(facts)
    fitted = frame.loc[[s for s in frame.index if s in selectors.witness_slugs()]]
    mca = MCA(n_components=5).fit(fitted)
    return frame, mca, HCPC().fit(mca)


def test_the_page_shows_the_factor_map_the_clusters_and_each_poles_type(observer, poles):
    response = observer.get(reverse(URL))
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label").startswith("Carte factorielle des pôles")
    assert "Paris Mix" in "".join(root.itertext())
    _frame, _mca, hcpc = _witness_fit()
    for k in range(1, hcpc.n_clusters_ + 1):
        assert f'id="classe-{k}"' in html
    rows = _pole_rows(html)
    # Every consenting pole has its type; the pole that does not share is absent.
    assert len(rows) == 13
    assert "Pôle Discret" not in html
    for name, row in rows.items():
        assert re.search(r"classe \d", row), name
    assert "(supplémentaire)" in rows["Le Périscope"]
    assert "le plus proche : classe" in rows["Le Périscope"]
    # Its activity family is unknown, an answer no pôle témoin gives: left out, and said so.
    assert "Famille d&#x27;activités" in rows["Le Périscope"]
    # No person, no structure on the page.
    assert SECRET_PERSON[1] not in html and "Maison des musiques" not in html


def test_the_page_shows_the_analytics_numbers(observer, poles):
    html = observer.get(reverse(URL)).content.decode()
    _frame, mca, hcpc = _witness_fit()
    rows = _pole_rows(html)
    names = {p.slug: p.name for p in poles.values()}
    for slug, k in zip(mca.row_coordinates_.index, hcpc.labels_, strict=True):
        row = rows[names[slug]]
        shown = re.findall(r'<td class="num">([^<]*)</td>', row)
        dim1, dim2 = (float(text.replace(",", ".").replace("\u2212", "-")) for text in shown)
        assert dim1 == pytest.approx(mca.row_coordinates_.loc[slug, "Dim 1"], abs=0.005)
        assert dim2 == pytest.approx(mca.row_coordinates_.loc[slug, "Dim 2"], abs=0.005)
        assert f"classe {k}<" in row, slug
    eigen = html[html.index('id="typologie-valeurs-propres"') :]
    assert f"{mca.eigenvalues_[0]:.4f}".replace(".", ",") in eigen
    # The clusters' descriptions: the categories FactoMineR's catdes keeps, in each cluster.
    description = hcpc.description_.categories
    for k in range(1, hcpc.n_clusters_ + 1):
        count = int((description["cluster"] == k).sum())
        if count:
            table = html[html.index(f'id="classe-{k}-description"') :]
            table = table[: table.index("</table>")]
            assert table.count("<tr><th scope=\"row\">") == count


def test_a_new_pole_with_a_witness_profile_lands_on_that_witness(observer, poles, make_pole):
    """A supplementary individual with the same answers as a fitted one has its coordinates:
    the MCA's transition formula, without refitting."""
    twin = make_pole("jumeau", name="Pôle Jumeau", shares_with_observatory=True)
    model = poles["paris-mix"]
    for field in ("territory_type", "activity_family", "origin", "legal_form", "showcase_place"):
        setattr(twin, field, getattr(model, field))
    twin.save()
    Pooling.objects.create(pole=twin, kind=PoolingKind.EMPLOYER_GROUP, name="GE")
    add_members(twin, [(f"S{i}", ASSOCIATION, None) for i in range(40)])
    rows = _pole_rows(observer.get(reverse(URL)).content.decode())
    twin_row, model_row = rows["Pôle Jumeau"], rows["Paris Mix"]
    assert "(supplémentaire)" in twin_row and "placé sans" not in twin_row
    numbers = re.compile(r'<td class="num">([^<]*)</td>')
    assert numbers.findall(twin_row) == numbers.findall(model_row)
    k = re.search(r"classe (\d)", model_row).group(1)
    assert f"le plus proche : classe {k}" in twin_row


def test_placing_uses_transform_or_the_transition_formula(poles):
    frame, mca, _hcpc = _witness_fit()
    # Every answer known to the fit: the estimator's own transform.
    placed = views._place(mca, frame.loc["paris-mix"])
    assert placed.ignored == ()
    np.testing.assert_allclose(placed.coordinates, mca.row_coordinates_.loc["paris-mix"])
    # An answer unknown to the fit: the barycentre of the other answers' categories.
    periscope = frame.loc["le-periscope"]
    placed = views._place(mca, periscope)
    assert placed.ignored == ("activity_family",)
    standard = mca.category_coordinates_ / mca.singular_values_[: mca.n_components_]
    known = []
    for variable in mca.active_variables_:
        if variable == "activity_family":
            continue
        answer = periscope[variable]
        cats = mca.categories_
        match = cats[(cats["variable"] == variable) & (
            cats["answer"].isna() if answer is None else cats["answer"] == answer
        )]
        known.append(standard.loc[match.index[0]].to_numpy())
    np.testing.assert_allclose(placed.coordinates, np.mean(known, axis=0))


def test_every_pole_can_be_in_the_fit(observer, poles):
    html = observer.get(reverse(URL), {"reference": "tous"}).content.decode()
    rows = _pole_rows(html)
    assert len(rows) == 13
    assert not any("(supplémentaire)" in row for row in rows.values())
    assert re.search(r'<input type="radio"[^>]*value="tous"[^>]*checked>', html)


def test_too_few_poles_say_so(client, make_pole, make_user):
    for i in range(3):
        make_pole(f"p{i}", shares_with_observatory=True, territory_type="rural")
    client.force_login(make_user("obs", pole=Pole.objects.first(), role="observer"))
    html = client.get(reverse(URL)).content.decode()
    assert "Typologie non calculable" in html
    assert "au moins 6 pôles" in html
    assert "<svg" not in html


def test_the_page_has_one_h1_and_labelled_choices(observer, poles):
    html = observer.get(reverse(URL)).content.decode()
    assert html.count("<h1") == 1
    for control in re.findall(r'<input type="radio"[^>]*>', html):
        ident = re.search(r'id="([^"]+)"', control).group(1)
        assert f'<label for="{ident}">' in html


def test_queries_do_not_grow_with_the_size_of_the_poles(
    observer, poles, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12 * len(poles)) as before:
        observer.get(reverse(URL))
    add_members(poles["paris-mix"], [(f"Nouvelle {i}", ASSOCIATION, None) for i in range(30)])
    CallAward.objects.create(pole=poles["paris-mix"], call=CallKind.STATE_2015, year=2015)
    with django_assert_max_num_queries(len(before.captured_queries)):
        observer.get(reverse(URL))


def test_the_factor_map_marks_groups_and_supplementary_points():
    from ptce.core import charts

    svg = charts.factor_map(
        chart_id="essai",
        title="Carte d'essai",
        points=(("A", 0.5, 0.5, "1", False), ("B", 0.5, 0.5, "1", False),
                ("C", -1.0, 0.2, "2", False), ("Nouveau", 0.1, -0.3, "2", True)),
        groups=(("1", "Classe 1"), ("2", "Classe 2")),
        x_label="Dim 1 (40 %)",
        y_label="Dim 2 (20 %)",
        hollow_label="supplémentaire",
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "Carte d'essai"
    text = " ".join(root.itertext())
    for expected in ("A, B", "Nouveau", "Classe 1", "Classe 2", "supplémentaire", "Dim 1 (40 %)"):
        assert expected in text, expected
    assert svg == charts.factor_map(  # deterministic (and cached)
        chart_id="essai", title="Carte d'essai",
        points=(("A", 0.5, 0.5, "1", False), ("B", 0.5, 0.5, "1", False),
                ("C", -1.0, 0.2, "2", False), ("Nouveau", 0.1, -0.3, "2", True)),
        groups=(("1", "Classe 1"), ("2", "Classe 2")),
        x_label="Dim 1 (40 %)", y_label="Dim 2 (20 %)", hollow_label="supplémentaire",
    )

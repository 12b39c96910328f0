"""The web wizard: upload → columns → preview → confirm, and who may use it."""

from __future__ import annotations

import html as html_lib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_helpers import GOOD_ROWS, HEADER, csv_bytes, xlsx_bytes

from ptce.core.models import AuditEntry
from ptce.imports.views import SESSION_KEY
from ptce.registry.models import Organisation

BAD_ROW = ["Structure au SIRET faux", "732 829 321 00074"] + [""] * (len(HEADER) - 2)


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def url(name: str, pole) -> str:
    return reverse(name, args=[pole.slug])


@pytest.fixture
def coordinator(client, pole, make_user):
    client.force_login(make_user("coord", pole=pole, role="coordinator"))
    return client


def upload(client, pole, data: bytes, name: str = "membres.xlsx", **extra):
    return client.post(url("import-upload", pole),
                       {"file": SimpleUploadedFile(name, data), **extra})


def mapping_post(client, pole, **overrides):
    """Submit the mapping step with what the page pre-selected, plus overrides."""
    form = client.get(url("import-mapping", pole)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(overrides)
    return client.post(url("import-mapping", pole), data)


def test_end_to_end_with_errors_then_skip(coordinator, pole):
    page = coordinator.get(url("import-upload", pole))
    assert page.status_code == 200
    assert 'accept=".xlsx,.csv"' in text(page)
    assert url("import-template", pole) in text(page)

    response = upload(coordinator, pole, xlsx_bytes([HEADER, GOOD_ROWS[0], BAD_ROW,
                                                     GOOD_ROWS[2]]))
    assert response.status_code == 302 and response.url == url("import-mapping", pole)

    page = coordinator.get(url("import-mapping", pole))
    html = text(page)
    assert page.status_code == 200
    assert '<option value="name" selected>' in html
    assert "Les Jardins de Ramonville" in html  # example values help to choose
    assert '<label for="id_col_0"' in html

    response = mapping_post(coordinator, pole)
    assert response.status_code == 302 and response.url == url("import-preview", pole)

    page = coordinator.get(url("import-preview", pole))
    html = text(page)
    assert page.status_code == 200
    assert 'role="alert"' in html
    assert "la clé de contrôle ne correspond pas" in html
    assert "732 829 321 00074" in html
    report = page.context["report"]
    assert (report.created, report.updated, report.unchanged, report.invalid) == (2, 0, 0, 1)
    assert [(e.row, e.field) for e in report.errors] == [(3, "SIRET")]
    assert 'value="import_valid"' in html and 'value="cancel"' in html
    assert Organisation.objects.count() == 0

    # A plain "import" while rows are invalid writes nothing.
    page = coordinator.post(url("import-preview", pole), {"action": "import"})
    assert page.status_code == 200
    assert Organisation.objects.count() == 0 and AuditEntry.objects.count() == 0

    response = coordinator.post(url("import-preview", pole), {"action": "import_valid"},
                                follow=True)
    assert response.redirect_chain[-1][0] == reverse("directory", args=[pole.slug])
    assert "Import terminé : 2 structure(s) créée(s)" in text(response)
    assert Organisation.objects.count() == 2
    assert AuditEntry.objects.get().data["source"] == "membres.xlsx"
    assert SESSION_KEY not in coordinator.session


def test_clean_csv_import(coordinator, pole):
    upload(coordinator, pole, csv_bytes([HEADER, *GOOD_ROWS], encoding="cp1252"), "m.csv")
    mapping_post(coordinator, pole)
    html = coordinator.get(url("import-preview", pole)).content.decode()
    assert 'value="import"' in html and 'value="import_valid"' not in html

    response = coordinator.post(url("import-preview", pole), {"action": "import"})
    assert response.status_code == 302
    assert response.url == reverse("directory", args=[pole.slug])
    assert Organisation.objects.count() == 3


def test_mapping_changes_are_used(coordinator, pole):
    rows = [["Structure", "Remarque"], ["Café", "Ramonville-Saint-Agne"]]
    upload(coordinator, pole, csv_bytes(rows), "m.csv")
    assert mapping_post(coordinator, pole, col_1="commune").status_code == 302
    coordinator.post(url("import-preview", pole), {"action": "import"})
    assert Organisation.objects.get().commune_id == "31446"


def test_mapping_errors(coordinator, pole):
    upload(coordinator, pole, csv_bytes([["Nom", "Ville", "Commune"], ["A", "B", "C"]]), "m.csv")
    page = mapping_post(coordinator, pole, col_2="commune")
    assert page.status_code == 200
    assert "est choisi pour plusieurs colonnes (Ville, Commune)" in text(page)
    page = mapping_post(coordinator, pole, col_0="", col_2="")
    assert "Indiquez la colonne qui contient le nom de la structure." in text(page)


def test_cancel_writes_nothing(coordinator, pole):
    upload(coordinator, pole, xlsx_bytes([HEADER, *GOOD_ROWS]))
    mapping_post(coordinator, pole)
    response = coordinator.post(url("import-preview", pole), {"action": "cancel"})
    assert response.url == url("import-upload", pole)
    assert SESSION_KEY not in coordinator.session
    assert Organisation.objects.count() == 0


def test_steps_without_an_upload_go_back_to_step_one(coordinator, pole):
    for name in ("import-mapping", "import-preview"):
        response = coordinator.get(url(name, pole))
        assert response.status_code == 302 and response.url == url("import-upload", pole)


def test_upload_errors(coordinator, pole):
    page = upload(coordinator, pole, b"\xd0\xcf\x11\xe0rest", "vieux.xls")
    assert page.status_code == 200
    assert "L'ancien format Excel (.xls) n'est pas pris en charge" in text(page)

    rows = [["Nom"]] + [[f"Structure {i}"] for i in range(5001)]
    page = upload(coordinator, pole, csv_bytes(rows), "gros.csv")
    assert "la limite est de 5000 lignes" in text(page)

    page = upload(coordinator, pole, b"Nom\n" + b"x" * (5 * 1024 * 1024), "lourd.csv")
    assert "Le fichier pèse plus de 5 Mo" in text(page)
    assert SESSION_KEY not in coordinator.session


def test_session_is_per_pole(coordinator, pole, make_pole):
    other = make_pole("pole-b")
    from ptce.poles.models import RoleAssignment

    user = RoleAssignment.objects.get(pole=pole).user
    RoleAssignment.objects.create(user=user, pole=other, role="coordinator")
    upload(coordinator, pole, xlsx_bytes([HEADER, *GOOD_ROWS]))
    # The file uploaded for pole A is not offered to pole B.
    assert coordinator.get(url("import-mapping", other)).status_code == 302
    assert coordinator.get(url("import-mapping", pole)).status_code == 200


def test_template_download(coordinator, pole):
    response = coordinator.get(url("import-template", pole))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").startswith("Nom;SIRET;")


@pytest.mark.parametrize("name", ["import-upload", "import-mapping", "import-preview",
                                  "import-template"])
def test_member_gets_403_and_other_pole_user_404(client, pole, make_pole, make_user, name):
    client.force_login(make_user("membre", pole=pole, role="member"))
    assert client.get(url(name, pole)).status_code == 403

    other = make_pole("pole-b")
    client.force_login(make_user("ailleurs", pole=other, role="coordinator"))
    assert client.get(url(name, pole)).status_code == 404


def test_anonymous_is_sent_to_login(client, pole):
    response = client.get(url("import-upload", pole))
    assert response.status_code == 302 and reverse("login") in response.url

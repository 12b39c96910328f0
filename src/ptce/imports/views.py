"""The member import wizard: upload → columns → preview and confirm.

The parsed file travels between steps in the session (text cells only, bounded by
`reading.MAX_ROWS` and `reading.MAX_BYTES`), never on disk.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ptce.core.exceptions import PtceError
from ptce.imports.forms import MappingForm, UploadForm
from ptce.imports.mapping import FIELDS, suggest_mapping
from ptce.imports.members import members_import
from ptce.imports.reading import (
    MAX_ROWS,
    ReadError,
    dataset_from_json,
    dataset_to_json,
    read_table,
)
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability

SESSION_KEY = "ptce.imports.members"
TEMPLATE_NAME = "modele_import_membres.csv"


def _state(request: PoleRequest) -> dict[str, Any] | None:
    state = request.session.get(SESSION_KEY)
    if state and state.get("pole") == request.pole.pk:
        return state
    return None


def _restart(request: PoleRequest) -> HttpResponse:
    messages.info(request, _("Commencez par déposer le fichier à importer."))
    return redirect("import-upload", request.pole.slug)


@pole_view(Capability.IMPORT_MEMBERS)
def upload(request: PoleRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            dataset = read_table(
                upload_file.read(), filename=upload_file.name,
                sheet=form.cleaned_data["sheet"] or None, max_rows=MAX_ROWS,
            )
        except ReadError as exc:
            form.add_error("file", exc.message)
        else:
            request.session[SESSION_KEY] = {
                "pole": request.pole.pk, "filename": upload_file.name,
                "table": dataset_to_json(dataset),
                "mapping": [[i, k] for i, k in suggest_mapping(dataset.headers).items()],
                "default_year": None,
            }
            return redirect("import-mapping", request.pole.slug)
    return render(request, "imports/upload.html", {
        "pole": request.pole, "form": form, "fields": FIELDS, "max_rows": MAX_ROWS,
    })


@pole_view(Capability.IMPORT_MEMBERS)
def mapping(request: PoleRequest) -> HttpResponse:
    state = _state(request)
    if state is None:
        return _restart(request)
    table = state["table"]
    form = MappingForm(
        request.POST or None, headers=table["headers"], examples=table["rows"][:5],
        suggested=dict(state["mapping"]), initial={"default_year": state["default_year"]},
    )
    if request.method == "POST" and form.is_valid():
        state["mapping"] = [[i, k] for i, k in form.mapping().items()]
        state["default_year"] = form.cleaned_data["default_year"]
        request.session[SESSION_KEY] = state
        return redirect("import-preview", request.pole.slug)
    return render(request, "imports/mapping.html", {
        "pole": request.pole, "form": form, "filename": state["filename"],
        "row_count": len(table["rows"]),
    })


@pole_view(Capability.IMPORT_MEMBERS)
def preview(request: PoleRequest) -> HttpResponse:
    state = _state(request)
    if state is None:
        return _restart(request)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        del request.session[SESSION_KEY]
        messages.info(request, _("Import annulé : rien n'a été enregistré."))
        return redirect("import-upload", request.pole.slug)
    run = {
        "actor": request.user, "pole": request.pole,
        "dataset": dataset_from_json(state["table"]), "mapping": dict(state["mapping"]),
        "default_year": state["default_year"], "source": state["filename"],
    }
    if action in {"import", "import_valid"}:
        try:
            report = members_import(**run, skip_invalid=action == "import_valid")
        except PtceError as exc:
            messages.error(request, exc.message)
        else:
            if report.written:
                del request.session[SESSION_KEY]
                messages.success(request, _(
                    "Import terminé : %(created)s structure(s) créée(s), %(updated)s mise(s) "
                    "à jour, %(unchanged)s inchangée(s), %(invalid)s ligne(s) ignorée(s)."
                ) % report.counts())
                return redirect(reverse("directory", args=[request.pole.slug]))
            messages.error(request, _(
                "Rien n'a été enregistré : le fichier contient des erreurs."
            ))
    report = members_import(**run, dry_run=True)
    return render(request, "imports/preview.html", {
        "pole": request.pole, "report": report, "filename": state["filename"],
    })


@pole_view(Capability.IMPORT_MEMBERS)
def template(request: PoleRequest) -> HttpResponse:
    """The sample file, to fill in: French headers and three fictitious rows."""
    content = files("ptce.imports").joinpath("samples", TEMPLATE_NAME).read_bytes()
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAME}"'
    return response

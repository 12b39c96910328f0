"""`ptce import members FICHIER --pole SLUG`: import member structures from XLSX or CSV.

Exit codes: 0 imported (or dry run without blocking error), 1 invalid rows and nothing written,
2 usage error, unreadable file or unknown pole.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ptce.core.exceptions import PtceError
from ptce.imports.mapping import FIELDS_BY_KEY, column_name, suggest_mapping
from ptce.imports.members import ImportReport, members_import
from ptce.imports.reading import ReadError, read_table
from ptce.poles.models import Pole

USAGE_ERROR = 2
INVALID_ROWS = 1


class _UsageErrorParser(CommandParser):
    """Usage errors exit with 2, also through `call_command` (Django's parser would say 1)."""

    def error(self, message: str):  # type: ignore[override]
        if self.called_from_command_line:
            super().error(message)  # argparse prints the usage and exits with 2
        raise CommandError(_("Erreur : %(message)s") % {"message": message},
                           returncode=USAGE_ERROR)


class Command(BaseCommand):
    # Django reads `help` when the command class is loaded: translated then, like the help of
    # the other ptce commands.
    help = _("Importe des données dans un pôle. Sous-commande : members (structures membres).")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _UsageErrorParser  # same fields, only `error` differs
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(
            dest="subcommand", title=_("sous-commandes"), parser_class=_UsageErrorParser
        )
        members = subcommands.add_parser(
            "members", help=_("importer les structures membres d'un fichier XLSX ou CSV"),
            description=_(
                "Importe ou met à jour les structures membres d'un pôle à partir d'un fichier "
                "Excel (.xlsx) ou CSV (séparateur ; ou ,). Codes de sortie : 0 import réussi, "
                "1 lignes invalides (rien n'est enregistré), 2 erreur d'utilisation ou fichier "
                "illisible."
            ),
        )
        members.add_argument("file", metavar="FICHIER", help=_("fichier .xlsx ou .csv"))
        members.add_argument("--pole", required=True, metavar="SLUG",
                             help=_("identifiant du pôle"))
        members.add_argument("--dry-run", action="store_true",
                             help=_("tout vérifier sans rien enregistrer"))
        members.add_argument("--json", action="store_true",
                             help=_("écrire le compte rendu en JSON"))
        members.add_argument("--skip-invalid", action="store_true",
                             help=_("importer les lignes valides et ignorer les autres"))
        members.add_argument("--sheet", metavar="NOM",
                             help=_("feuille du classeur Excel (par défaut la première)"))
        members.add_argument("--year", "--annee", dest="year", type=int, metavar="AAAA",
                             help=_("année des ETP et du chiffre d'affaires, si le fichier "
                                    "n'a pas de colonne « Année »"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("subcommand") != "members":
            raise CommandError(
                _("Précisez ce qu'il faut importer : ptce import members FICHIER --pole SLUG"),
                returncode=USAGE_ERROR,
            )
        self.as_json = options["json"]
        year = options["year"]
        if year is not None and not 1900 <= year <= 2100:
            self._usage_error(_("L'année %(year)s n'est pas plausible.") % {"year": year})
        pole = Pole.objects.filter(slug=options["pole"]).first()
        if pole is None:
            self._usage_error(_("Pôle « %(slug)s » introuvable.") % {"slug": options["pole"]})
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._usage_error(_("Impossible de lire le fichier « %(path)s » : %(error)s")
                              % {"path": path, "error": exc.strerror or exc})
        try:
            dataset = read_table(data, filename=path.name, sheet=options["sheet"])
        except ReadError as exc:
            self._usage_error(exc.message)
        mapping = suggest_mapping(dataset.headers)
        try:
            report = members_import(
                actor=None, pole=pole, dataset=dataset, mapping=mapping,
                skip_invalid=options["skip_invalid"], dry_run=options["dry_run"],
                default_year=year, source=path.name,
            )
        except PtceError as exc:
            raise CommandError(exc.message, returncode=INVALID_ROWS) from exc

        if self.as_json:
            self.stdout.write(json.dumps(
                {"pole": pole.slug, "file": str(path), **report.as_dict()},
                ensure_ascii=False, indent=2,
            ))
        else:
            headers = [str(h or "") for h in dataset.headers]
            self._print_human(report, pole=pole, path=path, headers=headers, mapping=mapping,
                              verbosity=options["verbosity"])
        if report.errors and not (report.written or (options["dry_run"] and options["skip_invalid"]
                                                      and report.valid)):
            sys.exit(INVALID_ROWS)

    def _usage_error(self, message: str) -> NoReturn:
        if self.as_json:
            self.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
        raise CommandError(message, returncode=USAGE_ERROR)

    def _print_human(
        self, report: ImportReport, *, pole: Pole, path: Path, headers: list[str],
        mapping: dict[int, str], verbosity: int,
    ) -> None:
        out = self.stdout
        out.write(_("Pôle : %(pole)s — fichier : %(file)s — %(rows)s ligne(s) de données.")
                  % {"pole": pole.name, "file": path.name, "rows": report.rows})
        if verbosity >= 2:
            for index, key in sorted(mapping.items()):
                out.write(_("  colonne « %(column)s » → %(field)s")
                          % {"column": column_name(headers, index),
                             "field": FIELDS_BY_KEY[key].label})
        if report.ignored_columns:
            out.write(_("Colonnes ignorées (non reconnues) : %(columns)s")
                      % {"columns": ", ".join(f"« {c} »" for c in report.ignored_columns)})
        if report.errors:
            out.write(self.style.ERROR(
                _("%(count)s ligne(s) en erreur :") % {"count": report.invalid}
            ))
            for e in report.errors:
                where = _("colonne « %(column)s », valeur « %(value)s »") % {
                    "column": e.column, "value": e.value,
                } if e.column else ""
                out.write(f"  {_('Ligne')} {e.row} · {e.field}"
                          + (f" ({where})" if where else "") + f" : {e.message}")
        if report.written:
            counts = _("Créées : %(created)s · mises à jour : %(updated)s · inchangées : "
                       "%(unchanged)s · lignes ignorées : %(invalid)s.")
        else:
            counts = _("À créer : %(created)s · à mettre à jour : %(updated)s · inchangées : "
                       "%(unchanged)s · lignes en erreur : %(invalid)s.")
        out.write(counts % report.counts())
        if report.colleges_created:
            names = {"names": ", ".join(report.colleges_created)}
            if report.written:
                out.write(_("Collèges créés : %(names)s") % names)
            else:
                out.write(_("Collèges à créer : %(names)s") % names)
        if report.written:
            out.write(self.style.SUCCESS(_("Import terminé.")))
        elif report.dry_run and not report.errors:
            out.write(self.style.SUCCESS(
                _("Simulation réussie : rien n'a été enregistré, le fichier peut être importé.")
            ))
        elif report.dry_run:
            out.write(_("Simulation : rien n'a été enregistré."))
        elif report.errors:
            out.write(self.style.ERROR(_(
                "Rien n'a été enregistré : corrigez les erreurs, ou relancez avec "
                "--skip-invalid pour importer seulement les lignes valides."
            )))

"""`ptce referential validate|load|template FILE`: check, store or start a référentiel file.

    ptce referential validate mon-referentiel.xlsx   # every error, naming indicator and field
    ptce referential load mon-referentiel.yaml       # validate, then store as a new version
    ptce referential template modele.xlsx            # v2026 as a workbook to start from

A référentiel is a YAML or XLSX file (schema in `ptce_analytics.referential`). `load` refuses a
version that already exists: results record the version they used, so a version never changes.

Exit codes: 0 done, 1 the file is not a valid référentiel (or the version exists), 2 usage
error (missing or unreadable file, wrong extension).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from ptce.core.exceptions import PtceError
from ptce.evaluation.referentials import (
    DEFAULT_VERSION,
    read_referential_file,
    store_referential,
)
from ptce.network.cli import USAGE_ERROR, PoleCommand
from ptce_analytics.referential import (
    Referential,
    ReferentialError,
    packaged_referential,
    write_referential_xlsx,
)

INVALID = 1


class Command(PoleCommand):
    help = _(
        "Vérifie un fichier de référentiel (YAML ou XLSX), l'enregistre comme nouvelle version, "
        "ou écrit le modèle XLSX de la version v2026."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        validate = actions.add_parser(
            "validate", help=_("vérifier un fichier et afficher chaque erreur")
        )
        validate.add_argument("file", metavar="FICHIER", help=_("fichier .yaml, .yml ou .xlsx"))
        load = actions.add_parser(
            "load", help=_("vérifier un fichier puis l'enregistrer comme nouvelle version")
        )
        load.add_argument("file", metavar="FICHIER", help=_("fichier .yaml, .yml ou .xlsx"))
        template = actions.add_parser(
            "template", help=_("écrire la version v2026 dans un classeur XLSX à compléter")
        )
        template.add_argument("file", metavar="FICHIER.xlsx", help=_("classeur à écrire"))

    def handle(self, *args: Any, **options: Any) -> None:
        action, path = options["action"], Path(options["file"])
        if action == "template":
            self._template(path)
            return
        referential, source = self._read(path)
        if action == "validate":
            self.stdout.write(
                _("%(file)s : référentiel %(version)s valide.")
                % {"file": path.name, "version": referential.version}
            )
            self.stdout.write(_summary(referential))
            return
        try:
            row = store_referential(referential, source)
        except PtceError as error:
            raise CommandError(error.message, returncode=INVALID) from error
        self.stdout.write(
            _("Version %(version)s du référentiel enregistrée : %(title)s")
            % {"version": row.version, "title": row.title}
        )
        self.stdout.write(_summary(referential))

    def _read(self, path: Path) -> tuple[Referential, str]:
        if not path.is_file():
            raise CommandError(
                _("Fichier « %(file)s » introuvable.") % {"file": path}, returncode=USAGE_ERROR
            )
        try:
            return read_referential_file(path)
        except ReferentialError as error:
            self.stderr.write(
                _("%(file)s n'est pas un référentiel valide (%(count)d erreur(s)) :")
                % {"file": path.name, "count": len(error.errors)}
            )
            for message in error.errors:
                self.stderr.write(f"- {message}")
            raise CommandError(
                _("Corrigez le fichier puis relancez la vérification."), returncode=INVALID
            ) from error
        except (ValueError, OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _(
                    "%(file)s : fichier illisible (%(error)s). Un référentiel est un fichier "
                    ".yaml, .yml ou .xlsx."
                )
                % {"file": path.name, "error": error},
                returncode=USAGE_ERROR,
            ) from error

    def _template(self, path: Path) -> None:
        if path.suffix.lower() != ".xlsx":
            raise CommandError(
                _("Le modèle est un classeur : donnez un nom de fichier en .xlsx."),
                returncode=USAGE_ERROR,
            )
        try:
            write_referential_xlsx(packaged_referential(DEFAULT_VERSION), path)
        except OSError as error:
            raise CommandError(
                _("Impossible d'écrire %(file)s (%(error)s).") % {"file": path, "error": error},
                returncode=USAGE_ERROR,
            ) from error
        self.stdout.write(
            _("Modèle écrit : %(file)s (référentiel %(version)s, à modifier puis charger).")
            % {"file": path, "version": DEFAULT_VERSION}
        )


def _summary(referential: Referential) -> str:
    indicators = referential.indicators
    measured = sum(1 for indicator in indicators if indicator.measured)
    return _(
        "%(general)d objectifs généraux, %(main)d objectifs principaux, %(total)d indicateurs "
        "(%(measured)d mesurés, %(declared)d déclarés)."
    ) % {
        "general": len(referential.general_objectives),
        "main": len(referential.main_objectives),
        "total": len(indicators),
        "measured": measured,
        "declared": len(indicators) - measured,
    }

"""`ptce export poles --format csv|json|geojson [--dialect fr] [--output FILE]`: open data.

    ptce export poles --format csv --dialect fr --output poles.csv
    ptce export poles --format geojson > poles.geojson

Exports the shared, non-personal fields of the poles that agreed to share with the observatory
(`Pole.shares_with_observatory`); `docs/opendata-schema.md` describes every field. CSV is UTF-8
with a header row; `--dialect fr` separates with ";", writes decimals with a comma and starts
with a byte-order mark so that Excel reads the accents. Without `--output` the export goes to
the standard output.

Exit codes: 0 written, 2 usage error (unknown export, format or dialect; unwritable file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ptce.network.cli import USAGE_ERROR, UsageErrorParser
from ptce.observatory import opendata


class Command(BaseCommand):
    help = _(
        "Exporte en données ouvertes les pôles qui partagent leurs données (CSV, JSON, GeoJSON)."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = UsageErrorParser  # usage errors exit with 2
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["poles"], help=_("ce qu'il faut exporter : poles"))
        parser.add_argument(
            "--format", dest="fmt", choices=opendata.FORMATS, default="csv",
            help=_("format : csv (par défaut), json ou geojson"),
        )
        parser.add_argument(
            "--dialect", choices=opendata.DIALECTS, default="default",
            help=_("CSV seulement : fr pour le séparateur « ; » et la virgule décimale"),
        )
        parser.add_argument(
            "--output", type=Path, metavar="FILE",
            help=_("fichier à écrire (par défaut la sortie standard)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, dialect, output = options["fmt"], options["dialect"], options["output"]
        if dialect != "default" and fmt != "csv":
            raise CommandError(
                _("--dialect ne s'applique qu'au format csv."), returncode=USAGE_ERROR
            )
        text = opendata.export_poles(fmt, dialect=dialect)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            # newline="": the CSV writer already ends its lines with CRLF (RFC 4180).
            with output.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            raise CommandError(
                _("Impossible d'écrire %(path)s : %(error)s")
                % {"path": output, "error": exc.strerror or exc},
                returncode=USAGE_ERROR,
            ) from exc
        self.stderr.write(_("%(path)s écrit.") % {"path": output})

"""What the `network` and `governance` commands share: usage errors, dates, the pole."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ptce.poles.models import Pole

USAGE_ERROR = 2
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


class UsageErrorParser(CommandParser):
    """Usage errors exit with 2, also through `call_command` (Django's parser would say 1)."""

    def error(self, message: str):  # type: ignore[override]
        if self.called_from_command_line:
            super().error(message)  # argparse prints the usage and exits with 2
        raise CommandError(_("Erreur : %(message)s") % {"message": message}, returncode=USAGE_ERROR)


class PoleCommand(BaseCommand):
    """A command about one pole (`--pole SLUG`) on a reference date (`--date`)."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = UsageErrorParser  # same fields, only `error` differs
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pole", required=True, metavar="SLUG", help=_("identifiant du pôle"))
        parser.add_argument(
            "--date",
            dest="date",
            metavar="DATE",
            help=_("date de référence, jj/mm/aaaa ou aaaa-mm-jj (par défaut aujourd'hui)"),
        )
        parser.add_argument("--json", action="store_true", help=_("écrire le résultat en JSON"))

    def pole(self, slug: str) -> Pole:
        pole = Pole.objects.filter(slug=slug).first()
        if pole is None:
            raise CommandError(
                _("Pôle « %(slug)s » introuvable.") % {"slug": slug}, returncode=USAGE_ERROR
            )
        return pole


def parse_day(text: str) -> dt.date:
    """A date typed day first (dd/mm/yyyy) or in ISO format (yyyy-mm-dd)."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise CommandError(
        _("Date « %(text)s » illisible : écrivez jj/mm/aaaa ou aaaa-mm-jj.") % {"text": text},
        returncode=USAGE_ERROR,
    )

"""`ptce indicators --pole SLUG --family FAMILLE`: a pole's indicators, with their definitions.

Every metric of the family is printed with the definition the analytics module gives it
(`DEFINITIONS`), and the period it covers; `--json` writes the same as one JSON document:
{"pole", "family", "period", "metrics": [{"key", "value", "definition"}, ...]}.

Families are a small registry (`FAMILIES`): a new family is one function that reads its
frames and returns its period, values and definitions.

Exit codes: 0 printed, 2 usage error (unknown pole, unreadable date, bad option).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from ptce.meetings import selectors
from ptce.poles.models import Pole
from ptce_analytics import execution, mobilisation

USAGE_ERROR = 2
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


class _UsageErrorParser(CommandParser):
    """Usage errors exit with 2, also through `call_command` (Django's parser would say 1)."""

    def error(self, message: str):  # type: ignore[override]
        if self.called_from_command_line:
            super().error(message)  # argparse prints the usage and exits with 2
        raise CommandError(_("Erreur : %(message)s") % {"message": message}, returncode=USAGE_ERROR)


@dataclass(frozen=True)
class Options:
    start: dt.date | None
    end: dt.date | None
    on: dt.date
    k: int


@dataclass(frozen=True)
class FamilyResult:
    period: dict[str, str | None]
    values: dict[str, Any]
    definitions: dict[str, str]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _mobilisation(options: Options) -> FamilyResult:
    # The same window as the dashboard: without an end, meetings still to come are left out.
    start, end = selectors.mobilisation_window(options.start, options.end, today=options.on)
    summary = mobilisation.mobilisation_summary(
        selectors.meetings_frame(start=start, end=end),
        selectors.attendance_frame(start=start, end=end),
        selectors.members_frame(),
        start=start,
        end=end,
        k=options.k,
    )
    values = summary.as_dict()
    return FamilyResult(
        period={"start": values["period_start"], "end": values["period_end"]},
        values=values,
        definitions=mobilisation.DEFINITIONS,
    )


def _execution(options: Options) -> FamilyResult:
    summary = execution.execution_summary(
        selectors.decisions_frame(start=options.start, end=options.end),
        selectors.actions_frame(start=options.start, end=options.end),
        on=options.on,
    )
    return FamilyResult(
        # start/end bound the meetings where the decisions were taken; None means no bound.
        period={"start": _iso(options.start), "end": _iso(options.end), "on": _iso(options.on)},
        values=summary.as_dict(),
        definitions=execution.DEFINITIONS,
    )


FAMILIES: dict[str, Callable[[Options], FamilyResult]] = {
    "mobilisation": _mobilisation,
    "execution": _execution,
}


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


class Command(BaseCommand):
    help = _(
        "Affiche les indicateurs d'un pôle (mobilisation ou exécution des décisions), "
        "chacun avec sa définition."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _UsageErrorParser  # same fields, only `error` differs
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pole", required=True, metavar="SLUG", help=_("identifiant du pôle"))
        parser.add_argument(
            "--family",
            "--famille",
            dest="family",
            required=True,
            choices=sorted(FAMILIES),
            help=_("famille d'indicateurs"),
        )
        parser.add_argument("--json", action="store_true", help=_("écrire le résultat en JSON"))
        parser.add_argument(
            "--start", "--debut", dest="start", metavar="DATE", help=_("début de la période")
        )
        parser.add_argument(
            "--end",
            "--fin",
            dest="end",
            metavar="DATE",
            help=_("fin de la période (par défaut aujourd'hui pour la mobilisation)"),
        )
        parser.add_argument(
            "--date",
            dest="date",
            metavar="DATE",
            help=_("date de référence des échéances (par défaut aujourd'hui)"),
        )
        parser.add_argument(
            "--k",
            type=int,
            default=selectors.DEFAULT_K,
            metavar="K",
            help=_("réunions manquées d'affilée pour qu'une structure soit signalée"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pole = Pole.objects.filter(slug=options["pole"]).first()
        if pole is None:
            raise CommandError(
                _("Pôle « %(slug)s » introuvable.") % {"slug": options["pole"]},
                returncode=USAGE_ERROR,
            )
        if options["k"] < 1:
            raise CommandError(_("--k doit valoir au moins 1."), returncode=USAGE_ERROR)
        start = parse_day(options["start"]) if options["start"] else None
        end = parse_day(options["end"]) if options["end"] else None
        if start and end and start > end:
            raise CommandError(
                _("La date de début doit précéder la date de fin."), returncode=USAGE_ERROR
            )
        on = parse_day(options["date"]) if options["date"] else timezone.localdate()
        family = options["family"]
        with scope(pole=pole):
            result = FAMILIES[family](Options(start=start, end=end, on=on, k=options["k"]))

        metrics = [
            {"key": key, "value": value, "definition": result.definitions.get(key, "")}
            for key, value in result.values.items()
        ]
        if options["json"]:
            document = {
                "pole": pole.slug,
                "family": family,
                "period": result.period,
                "metrics": metrics,
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{pole.name} ({pole.slug}) — {family}")
        period = ", ".join(f"{key} = {value or '—'}" for key, value in result.period.items())
        self.stdout.write(_("Période : %(period)s") % {"period": period})
        for metric in metrics:
            value = metric["value"]
            shown = (
                json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
            )
            self.stdout.write("")
            shown = _("non mesurable") if shown is None else shown
            self.stdout.write(f"{metric['key']}: {shown}")
            self.stdout.write(f"    {metric['definition']}")

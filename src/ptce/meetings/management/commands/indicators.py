"""`ptce indicators --pole SLUG [--family FAMILLE]`: a pole's indicators, with their definitions.

Without `--family`, the 36 indicators of the référentiel, in its order:

    ptce indicators --pole SLUG [--date D] [--months 12|36] [--referentiel VERSION] [--json]

Measured (M) indicators are computed at `--date` (today by default) by
`ptce.evaluation.measures.measure_all`, over `--months` months where the référentiel fixes no
window; declared (D) ones show the median of the pole's latest published campaign, or null.
`--json` writes {"pole", "referential", "on", "months", "campaign", "indicators": [...]}, each
M indicator as {"code", "kind", "label", "value", "unit", "score", "band", "missing",
"definition"} (`missing` null when measured) and each D indicator as {"code", "kind", "label",
"declared"}.

With `--family`, every metric of the family is printed with the definition the analytics
module gives it (`DEFINITIONS`), and the period it covers; `--json` writes the same as one
JSON document: {"pole", "family", "period", "metrics": [{"key", "value", "definition"}, ...]}.
Families are a small registry (`FAMILIES`): a new family is one function that reads its
frames and returns its period, values and definitions.

Exit codes: 0 printed, 2 usage error (unknown pole or référentiel, unreadable date, bad
option).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_scopes import scope

from ptce.evaluation.measures import Measure, measure_all
from ptce.evaluation.models import Campaign, CampaignStatus
from ptce.evaluation.referentials import DEFAULT_VERSION, UnknownReferential, referential_for
from ptce.evaluation.results import campaign_results
from ptce.meetings import selectors
from ptce.poles.models import Pole
from ptce_analytics import execution, mobilisation
from ptce_analytics.referential import Referential

USAGE_ERROR = 2
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
WINDOWS = (12, 36)
DEFAULT_WINDOW = 12


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


# --- the référentiel ----------------------------------------------------------------------------


def latest_published_campaign() -> Campaign | None:
    """The pole's latest published campaign (by reference date); run inside its scope."""
    return (
        Campaign.objects.filter(status=CampaignStatus.PUBLISHED)
        .order_by("-reference_date", "-pk")
        .first()
    )


def referential_entries(
    pole: Pole, referential: Referential, *, on: dt.date, months: int
) -> tuple[list[dict[str, Any]], Campaign | None]:
    """The référentiel's indicators in order, measured or declared; run inside the scope."""
    measures = measure_all(pole, on=on, months=months, referential=referential)
    campaign = latest_published_campaign()
    declared: dict[str, float | None] = {}
    if campaign is not None:
        aggregates = campaign_results(campaign, compare=False).aggregates
        declared = {code: aggregate.median for code, aggregate in aggregates.items()}
    entries = []
    for indicator in referential.indicators:
        entry: dict[str, Any] = {
            "code": indicator.code,
            "kind": indicator.kind,
            "label": indicator.label.fr,
        }
        if indicator.measured:
            measure: Measure = measures[indicator.code]
            entry.update(
                value=measure.value,
                unit=measure.unit,
                score=measure.score,
                band=measure.band,
                missing=measure.missing or None,
                definition=indicator.definition.fr,
            )
        else:
            entry["declared"] = declared.get(indicator.code)
        entries.append(entry)
    return entries, campaign


def _number(value: float) -> str:
    """French digits, at most two decimals, none for a whole number."""
    rounded = round(value, 2)
    shown: float | int = int(rounded) if rounded == int(rounded) else rounded
    return number_format(shown, use_l10n=True, force_grouping=True)


_UNIT_SUFFIX = {"percent": "\u00a0%", "fte": "\u00a0ETP", "euro": "\u00a0€"}


def _measured_line(entry: dict[str, Any], scale: list[str]) -> str:
    if entry["value"] is None or entry["score"] is None:
        reason = entry["missing"] or _("donnée insuffisante")
        return _("non mesurable (%(reason)s)") % {"reason": reason}
    shown = _number(entry["value"]) + _UNIT_SUFFIX.get(entry["unit"], "")
    return _("%(value)s → %(score)s, %(level)s (bande %(band)s)") % {
        "value": shown,
        "score": entry["score"],
        "level": scale[entry["score"]] if entry["score"] < len(scale) else "",
        "band": entry["band"],
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
        "Affiche les indicateurs d'un pôle, chacun avec sa définition : les 36 indicateurs du "
        "référentiel (mesurés ou déclarés), ou une famille (mobilisation, exécution des "
        "décisions)."
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
            choices=sorted(FAMILIES),
            help=_("famille d'indicateurs (par défaut : les 36 indicateurs du référentiel)"),
        )
        parser.add_argument(
            "--months",
            "--mois",
            dest="months",
            type=int,
            choices=WINDOWS,
            help=_("période observée en mois, pour le référentiel (12 par défaut)"),
        )
        parser.add_argument(
            "--referentiel",
            dest="referential",
            default=DEFAULT_VERSION,
            metavar="VERSION",
            help=_("version du référentiel (%(default)s par défaut)"),
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
        if family is None:
            if start or end:
                raise CommandError(
                    _(
                        "--start et --end ne valent que pour une famille (--family) : le "
                        "référentiel se lit à une date (--date) sur une période (--months)."
                    ),
                    returncode=USAGE_ERROR,
                )
            self._referential(pole, on=on, options=options)
            return
        if options["months"] is not None:
            raise CommandError(
                _("--months ne vaut que pour le référentiel (sans --family)."),
                returncode=USAGE_ERROR,
            )
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

    def _referential(self, pole: Pole, *, on: dt.date, options: dict[str, Any]) -> None:
        months = options["months"] or DEFAULT_WINDOW
        try:
            referential = referential_for(options["referential"])
        except UnknownReferential:
            raise CommandError(
                _("Référentiel « %(version)s » introuvable.") % {"version": options["referential"]},
                returncode=USAGE_ERROR,
            ) from None
        with scope(pole=pole):
            entries, campaign = referential_entries(pole, referential, on=on, months=months)
        if options["json"]:
            document = {
                "pole": pole.slug,
                "referential": referential.version,
                "on": on.isoformat(),
                "months": months,
                "campaign": None
                if campaign is None
                else {
                    "id": campaign.pk,
                    "title": campaign.title,
                    "reference_date": campaign.reference_date.isoformat(),
                },
                "indicators": entries,
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("%(pole)s (%(slug)s) — référentiel %(version)s")
            % {"pole": pole.name, "slug": pole.slug, "version": referential.version}
        )
        self.stdout.write(
            _("Date de référence : %(on)s ; période observée : %(months)s mois")
            % {"on": on.strftime("%d/%m/%Y"), "months": months}
        )
        if campaign is None:
            self.stdout.write(_("Indicateurs déclarés : aucune campagne publiée."))
        else:
            self.stdout.write(
                _("Indicateurs déclarés : médiane de la campagne « %(title)s » (%(day)s).")
                % {"title": campaign.title, "day": campaign.reference_date.strftime("%d/%m/%Y")}
            )
        scale = [level.fr for level in referential.scale]
        for entry in entries:
            self.stdout.write("")
            self.stdout.write(f"{entry['code']} {entry['label']}")
            if entry["kind"] == "M":
                self.stdout.write("    " + _measured_line(entry, scale))
                self.stdout.write(f"    {entry['definition']}")
            elif entry["declared"] is None:
                self.stdout.write("    " + _("déclaré : aucune réponse publiée"))
            else:
                median = _number(entry["declared"])
                self.stdout.write("    " + _("déclaré : médiane %(median)s") % {"median": median})

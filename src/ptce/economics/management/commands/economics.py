"""`ptce economics --pole SLUG [--year Y] [--stress SPEC] [--json]`: a pole's economic model.

Prints the resource mix of the year (or of every year), the trends from the first to the last
measurable year and, with `--stress`, a three-year projection under a stress scenario written
as `ptce_analytics.economics.parse_stress` reads it:

* `grant-ends:<line id or funder>` — a grant stops (a funding line's id, or a funder key);
* `public:-20` — every public grant is cut by 20 %;
* `member-leaves:<funder key>` — a structure leaves, with everything it paid.

A funder key is `org:<id>` for a structure of the registry, otherwise the funder's name as
typed (case and accents do not matter). The projection starts from `--year`, by default the
last year with operating resources.

`--json` writes one JSON document: {"pole", "years": [...], "trends", "funders", "stress",
"definitions"}, with plain numbers (euros, shares between 0 and 1) and null for what is not
measurable.

Exit codes: 0 printed, 2 usage error (unknown pole, bad year, unreadable or unmatched scenario).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django_scopes import scope

from ptce.core.text import fold
from ptce.economics import selectors
from ptce.economics.selectors import ORG_PREFIX
from ptce.poles.models import Pole
from ptce_analytics import economics as eco

HORIZON = 3
FIRST_YEAR, LAST_YEAR = 1990, 2100
USAGE_ERROR = 2


class _UsageErrorParser(CommandParser):
    """Usage errors exit with 2, also through `call_command` (Django's parser would say 1)."""

    def error(self, message: str):  # type: ignore[override]
        if self.called_from_command_line:
            super().error(message)  # argparse prints the usage and exits with 2
        raise CommandError(_("Erreur : %(message)s") % {"message": message}, returncode=USAGE_ERROR)


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def _funders(rows: list[dict[str, Any]], year: int) -> dict[str, str]:
    """funder key → name, for the lines of `year`."""
    return {
        row["key"]: row["funder_label"]
        for row in rows
        if row["year"] == year and row["key"] is not None
    }


def _normalised(stress: eco.Stress) -> eco.Stress:
    """A funder typed by its name matches however it is capitalised or accented."""
    target = stress.target
    if target is None or target.isdigit() or target.startswith(ORG_PREFIX):
        return stress
    return eco.Stress(stress.kind, target=fold(target))


def _shown(value: Any) -> str:
    if value is None:
        return _("non mesurable")
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else "{}"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


class Command(BaseCommand):
    help = _(
        "Affiche le modèle économique d'un pôle (origine des ressources, bénévolat, "
        "contributions en nature) et, avec --stress, une projection sur trois ans."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _UsageErrorParser  # usage errors exit with 2
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pole", required=True, metavar="SLUG", help=_("identifiant du pôle"))
        parser.add_argument(
            "--year",
            "--annee",
            dest="year",
            type=int,
            metavar="AAAA",
            help=_("exercice à afficher, et base de la projection (par défaut : tous)"),
        )
        parser.add_argument(
            "--stress",
            metavar="SCENARIO",
            help=_(
                "scénario de projection : grant-ends:<ligne ou financeur>, public:-20, "
                "member-leaves:<financeur>"
            ),
        )
        parser.add_argument("--json", action="store_true", help=_("écrire le résultat en JSON"))

    def handle(self, *args: Any, **options: Any) -> None:
        pole = Pole.objects.filter(slug=options["pole"]).first()
        if pole is None:
            raise _usage(_("Pôle « %(slug)s » introuvable.") % {"slug": options["pole"]})
        year = options["year"]
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise _usage(_("Exercice « %(year)s » invalide (aaaa attendu).") % {"year": year})
        stress = None
        if options["stress"]:
            try:
                stress = _normalised(eco.parse_stress(options["stress"]))
            except ValueError as exc:
                raise _usage(
                    _(
                        "Scénario « %(spec)s » illisible : écrivez grant-ends:<ligne ou "
                        "financeur>, public:-<pourcentage> ou member-leaves:<financeur>."
                    )
                    % {"spec": options["stress"]}
                ) from exc

        with scope(pole=pole):
            data = selectors.economic_data()
        full = (
            eco.resource_mix(data.funding, volunteering=data.volunteering, in_kind=data.in_kind)
            if data.years
            else []
        )
        if year is None:
            shown = full
        else:
            shown = eco.resource_mix(
                data.funding, volunteering=data.volunteering, in_kind=data.in_kind, years=[year]
            )
        trends = eco.resource_trends(full)

        projection = None
        base_year = year
        if stress is not None:
            if base_year is None:
                measured = [m.year for m in full if m.budget is not None]
                if not measured:
                    raise _usage(
                        _("Aucun exercice n'a de ressources de fonctionnement : pas de projection.")
                    )
                base_year = measured[-1]
            try:
                projection = eco.stress_test(
                    data.funding, base_year=base_year, stress=stress, horizon=HORIZON
                )
            except ValueError as exc:
                funders = _funders(data.rows, base_year)
                known = ", ".join(f"{key} ({name})" for key, name in sorted(funders.items()))
                raise _usage(
                    _(
                        "Projection impossible depuis %(year)s pour « %(spec)s » : aucune ligne "
                        "de fonctionnement de %(year)s ne correspond, ou l'exercice n'a pas de "
                        "ressources de fonctionnement. Financeurs de %(year)s : %(known)s."
                    )
                    % {"year": base_year, "spec": stress.spec, "known": known or "—"}
                ) from exc

        funders_year = base_year
        if options["json"]:
            document = {
                "pole": pole.slug,
                "years": [m.as_dict() for m in shown],
                "trends": trends.as_dict(),
                "funders": _funders(data.rows, funders_year) if funders_year else {},
                "stress": projection.as_dict() if projection is not None else None,
                "definitions": eco.DEFINITIONS,
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return

        self.stdout.write(
            _("%(name)s (%(slug)s) — modèle économique")
            % {
                "name": pole.name,
                "slug": pole.slug,
            }
        )
        if not shown:
            self.stdout.write(_("Aucune donnée économique saisie."))
        for mix in shown:
            self.stdout.write("")
            self.stdout.write(_("Exercice %(year)s") % {"year": mix.year})
            for key, value in mix.as_dict().items():
                if key != "year":
                    self.stdout.write(f"  {key}: {_shown(value)}")
        if year is None:
            self.stdout.write("")
            self.stdout.write(_("Évolution"))
            for key, value in trends.as_dict().items():
                self.stdout.write(f"  {key}: {_shown(value)}")
        if projection is not None:
            self.stdout.write("")
            self.stdout.write(
                _("Projection depuis %(year)s, scénario %(spec)s")
                % {"year": projection.base_year, "spec": stress.spec if stress else "—"}
            )
            for projected in projection.years:
                figures = ", ".join(
                    f"{key}={_shown(value)}"
                    for key, value in asdict(projected).items()
                    if key != "year"
                )
                self.stdout.write(f"  {projected.year}: {figures}")
            self.stdout.write(f"  total_gap: {_shown(projection.total_gap)}")

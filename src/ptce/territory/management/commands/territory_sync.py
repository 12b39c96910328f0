"""`ptce territory_sync`: apply an updated packaged data file to an existing database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from ptce.territory import loader


class Command(BaseCommand):
    help = _(
        "Met à jour régions, départements, EPCI et communes depuis le fichier de données "
        "officielles fourni avec ptce (insertion ou mise à jour)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=loader.DATA_FILE,
            help=_("Fichier territory.json.gz à appliquer (par défaut : celui du paquet)."),
        )
        parser.add_argument(
            "--prune", action="store_true",
            help=_("Supprimer les EPCI et les communes absents du fichier, sauf les communes "
                   "encore utilisées par un territoire de pôle ou une structure."),
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        data = loader.read_data(options["file"])
        report = loader.sync(apps, data, prune=options["prune"], using=options["database"])
        source = data.source
        self.stdout.write(_("Source : %(package)s %(version)s") % source)
        for model_name, created in report.created.items():
            self.stdout.write(
                _("%(model)s : %(created)s ajouté(s), %(updated)s mis à jour")
                % {"model": model_name, "created": created, "updated": report.updated[model_name]}
            )
        kept = sorted(set(report.obsolete_communes) - set(report.pruned_communes))
        if report.pruned_communes or report.pruned_epcis:
            self.stdout.write(
                _("Supprimés : %(communes)s commune(s), %(epcis)s EPCI")
                % {"communes": len(report.pruned_communes), "epcis": len(report.pruned_epcis)}
            )
        if kept:
            self.stdout.write(self.style.WARNING(
                _("Communes absentes du fichier, conservées : %(codes)s")
                % {"codes": " ".join(kept)}
            ))
        if report.obsolete_epcis and not options["prune"]:
            self.stdout.write(self.style.WARNING(
                _("EPCI absents du fichier, conservés : %(codes)s")
                % {"codes": " ".join(report.obsolete_epcis)}
            ))
        self.stdout.write(self.style.SUCCESS(_("Territoires à jour.")))

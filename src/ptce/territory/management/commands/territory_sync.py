"""`ptce territory_sync`: apply an updated packaged data file to an existing database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from ptce.territory import loader


class Command(BaseCommand):
    help = (
        "Met à jour régions, départements, EPCI et communes depuis le fichier de données "
        "officielles fourni avec ptce (insertion ou mise à jour)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=loader.DATA_FILE,
            help="Fichier territory.json.gz à appliquer (par défaut : celui du paquet).",
        )
        parser.add_argument(
            "--prune", action="store_true",
            help="Supprimer les EPCI et les communes absents du fichier, sauf les communes "
                 "encore utilisées par un territoire de pôle ou une structure.",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        data = loader.read_data(options["file"])
        report = loader.sync(apps, data, prune=options["prune"], using=options["database"])
        source = data.source
        self.stdout.write(f"Source : {source['package']} {source['version']}")
        for model_name, created in report.created.items():
            self.stdout.write(
                f"{model_name} : {created} ajouté(s), {report.updated[model_name]} mis à jour"
            )
        kept = sorted(set(report.obsolete_communes) - set(report.pruned_communes))
        if report.pruned_communes or report.pruned_epcis:
            self.stdout.write(
                f"Supprimés : {len(report.pruned_communes)} commune(s), "
                f"{len(report.pruned_epcis)} EPCI"
            )
        if kept:
            self.stdout.write(self.style.WARNING(
                f"Communes absentes du fichier, conservées : {' '.join(kept)}"
            ))
        if report.obsolete_epcis and not options["prune"]:
            self.stdout.write(self.style.WARNING(
                f"EPCI absents du fichier, conservés : {' '.join(report.obsolete_epcis)}"
            ))
        self.stdout.write(self.style.SUCCESS("Territoires à jour."))

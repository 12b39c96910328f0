"""`ptce generate --poles N --seed S`: national-scale synthetic data for load tests."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ptce.demo.generate import GenerateError, generate


class Command(BaseCommand):
    help = _(
        "Génère des pôles fictifs (« Pôle généré 0001 »…) avec 50 à 60 structures membres "
        "chacun et, sauf --no-meetings, leur vie coopérative (200 à 220 réunions, présences, "
        "décisions, actions) et leur économie (mutualisations, groupement d'employeurs, "
        "réservations, projets, budgets). Déterministe : même graine, mêmes données ; "
        "relancer ne crée que les manquants."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--poles", type=int, default=1000, help=_("Nombre de pôles (1000)."))
        parser.add_argument("--seed", type=int, default=0, help=_("Graine du tirage (0)."))
        parser.add_argument(
            "--replace", action="store_true",
            help=_("Supprime et recrée les pôles générés déjà présents."),
        )
        parser.add_argument(
            "--with-meetings", dest="meetings", action="store_true", default=True,
            help=_("Génère aussi personnes, réunions, présences, décisions, actions, "
                   "mutualisations, projets et budgets (par défaut)."),
        )
        parser.add_argument(
            "--no-meetings", dest="meetings", action="store_false",
            help=_("Structures et adhésions seulement, sans vie coopérative (plus rapide)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            self.stdout.write(_("  %(done)s / %(total)s pôles") % {"done": done, "total": total})

        try:
            report = generate(
                poles=options["poles"], seed=options["seed"], replace=options["replace"],
                meetings=options["meetings"],
                progress=progress if options["verbosity"] >= 1 else None,
            )
        except GenerateError as exc:
            raise CommandError(exc.message) from exc
        if not report.communes_loaded:
            self.stderr.write(self.style.WARNING(
                _("Attention : table des communes vide, structures générées sans commune.")
            ))
        self.stdout.write(self.style.SUCCESS(
            _("Graine %(seed)s : %(created)s pôles créés, %(skipped)s déjà présents, "
              "%(replaced)s remplacés.") % {
                "seed": report.seed, "created": report.poles_created,
                "skipped": report.poles_skipped, "replaced": report.poles_replaced,
            }
        ))
        self.stdout.write(
            _("%(orgs)s structures, %(memberships)s adhésions, %(colleges)s collèges créés "
              "en %(seconds).1f s.") % {
                "orgs": report.organisations_created, "memberships": report.memberships_created,
                "colleges": report.colleges_created, "seconds": report.seconds,
            }
        )
        if report.with_meetings:
            self.stdout.write(
                _("Vie coopérative : %(people)s personnes, %(groups)s groupes de travail, "
                  "%(meetings)s réunions, %(attendances)s présences, %(decisions)s décisions, "
                  "%(actions)s actions.") % {
                    "people": report.people_created, "groups": report.working_groups_created,
                    "meetings": report.meetings_created,
                    "attendances": report.attendances_created,
                    "decisions": report.decisions_created, "actions": report.actions_created,
                }
            )
            economy = report.economy
            self.stdout.write(
                _("Économie : %(poolings)s mutualisations (%(participants)s participations, "
                  "%(costs)s coûts), %(employees)s salarié·es partagé·es, %(allocations)s "
                  "mises à disposition mensuelles, %(resources)s ressources, %(bookings)s "
                  "réservations, %(projects)s projets (%(partners)s partenaires), %(lines)s "
                  "lignes de financement, %(volunteering)s temps bénévoles, %(in_kind)s "
                  "contributions en nature.") % {
                    "poolings": economy.poolings, "participants": economy.participants,
                    "costs": economy.costs, "employees": economy.employees,
                    "allocations": economy.allocations, "resources": economy.resources,
                    "bookings": economy.bookings, "projects": economy.projects,
                    "partners": economy.partners, "lines": economy.funding_lines,
                    "volunteering": economy.volunteer_times, "in_kind": economy.in_kind,
                }
            )

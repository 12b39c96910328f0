"""`ptce demo`: build the demonstration data and print the accounts to log in with."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ptce.demo.network_demo import build_star_pole
from ptce.demo.services import run_demo


class Command(BaseCommand):
    help = _(
        "Crée les 13 pôles documentés (12 pôles témoins et Le Périscope) avec des structures "
        "membres fictives, la vie coopérative du Périscope (réunions, présences, décisions, "
        "actions), les mutualisations, projets et budgets des pôles et un compte de "
        "démonstration par rôle. Sans risque à relancer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_demo()
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(_("Attention : %s") % warning))
        self.stdout.write(
            _("Pôles : %(created)s créés, %(reused)s déjà présents (mis à jour).")
            % {"created": len(report.poles_created), "reused": len(report.poles_reused)}
        )
        self.stdout.write(
            _("Structures fictives créées : %(orgs)s ; personnes fictives créées : %(people)s.")
            % {"orgs": report.organisations_created, "people": report.people_created}
        )
        life = report.life
        if life.skipped:
            self.stdout.write(
                _("Vie coopérative du Périscope : déjà présente, rien de créé.")
            )
        else:
            self.stdout.write(
                _("Vie coopérative du Périscope : %(meetings)s réunions (dont %(working)s "
                  "réunions de travail d'octobre 2012 à février 2014), %(attendances)s "
                  "présences et invitations, %(decisions)s décisions, %(actions)s actions, "
                  "%(groups)s groupes de travail, %(people)s personnes fictives de plus.") % {
                    "meetings": life.meetings, "working": life.working_meetings_in_period,
                    "attendances": life.attendances, "decisions": life.decisions,
                    "actions": life.actions, "groups": life.working_groups,
                    "people": life.people,
                }
            )
        economy = report.economy.counts
        self.stdout.write(
            _("Économie des pôles : %(poolings)s mutualisations, %(employees)s salarié·es "
              "partagé·es, %(bookings)s réservations, %(projects)s projets, %(lines)s lignes "
              "de financement créés (%(skipped)s pôles déjà équipés).") % {
                "poolings": economy.poolings, "employees": economy.employees,
                "bookings": economy.bookings, "projects": economy.projects,
                "lines": economy.funding_lines, "skipped": len(report.economy.poles_skipped),
            }
        )
        self.stdout.write(build_star_pole().message)  # after the economy: see network_demo
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Comptes de démonstration :")))
        width = max(len(account.username) for account in report.accounts)
        for account in report.accounts:
            self.stdout.write(f"  {account.username:<{width}}  — {account.description}")
        self.stdout.write(_("Mot de passe (le même pour tous) : %s") % report.password)
        self.stdout.write("")
        self.stdout.write(
            _("Lancez « ptce serve » puis ouvrez %(url)s") % {"url": report.url}
        )

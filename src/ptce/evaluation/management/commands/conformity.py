"""`ptce conformity --pole SLUG [--date D] [--json]`: the pole's two legal checklists.

    ptce conformity --pole le-periscope --date 31/12/2025 --json

Article 9 of law n° 2014-856 and décret n° 2015-431, read from the registry on the date (today
by default). Each criterion is met, not met or unknown, with its evidence and, when unknown,
the data that is missing. `--json` writes one document:
{"pole", "on", "checklists": [{"code", "title", "status", "criteria": [{"code", "label",
"status", "evidence", "missing"}, ...]}, ...]}.

Exit codes: 0 printed, 2 usage error (unknown pole, unreadable date, bad option).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_scopes import scope

from ptce.evaluation.conformity import STATUS_LABELS, pole_conformity
from ptce.network.cli import PoleCommand, parse_day


class Command(PoleCommand):
    help = _(
        "Affiche les deux grilles de conformité d'un pôle (article 9 de la loi n° 2014-856 et "
        "décret n° 2015-431) : chaque critère rempli, non rempli ou inconnu, avec ses preuves "
        "et ce qui manque."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pole = self.pole(options["pole"])
        on = parse_day(options["date"]) if options["date"] else timezone.localdate()
        with scope(pole=pole):
            conformity = pole_conformity(pole, on=on)
        if options["json"]:
            self.stdout.write(json.dumps(conformity.as_dict(), ensure_ascii=False, indent=2))
            return
        language = (get_language() or "fr")[:2]
        self.stdout.write(
            _("%(name)s (%(slug)s) — conformité au %(date)s")
            % {"name": pole.name, "slug": pole.slug, "date": on.strftime("%d/%m/%Y")}
        )
        for checklist in conformity.checklists:
            self.stdout.write("")
            self.stdout.write(
                f"{checklist.title.get(language)} — {STATUS_LABELS[checklist.status]}"
            )
            for criterion in checklist.criteria:
                self.stdout.write(
                    f"  [{STATUS_LABELS[criterion.status]}] {criterion.label.get(language)}"
                )
                self.stdout.write("    " + _("Preuves : %(text)s") % {"text": criterion.evidence})
                if criterion.missing:
                    self.stdout.write(f"    {criterion.missing}")

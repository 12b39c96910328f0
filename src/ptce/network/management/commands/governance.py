"""`ptce governance --pole SLUG`: who governs a pole on a date, with the definitions.

    ptce governance --pole le-periscope --date 31/12/2025 --json

`--json` writes one JSON document of plain values, null where a figure is not measurable
(the result's `missing` says why): {"pole", "on", "parity", "natural_person_share",
"representation_ratio", "tenure_rotation", "definitions"}.

Exit codes: 0 printed, 2 usage error (unknown pole, unreadable date, bad option).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from ptce.network import selectors
from ptce.network.cli import PoleCommand, parse_day
from ptce_analytics import governance


class Command(PoleCommand):
    help = _(
        "Affiche la gouvernance d'un pôle à une date : parité des sièges et des présidences, "
        "part des personnes à titre individuel, représentation des petites structures et des "
        "citoyen·nes, ancienneté et rotation des fonctions."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pole = self.pole(options["pole"])
        on = parse_day(options["date"]) if options["date"] else timezone.localdate()
        with scope(pole=pole):
            seats = selectors.seats_frame(pole, on=on)
            members = selectors.members_frame(pole, on=on)
        document = {
            "pole": pole.slug,
            "on": on.isoformat(),
            "parity": governance.parity_index(seats, on).as_dict(),
            "natural_person_share": governance.natural_person_share(seats, on).as_dict(),
            "representation_ratio": governance.representation_ratio(seats, members, on).as_dict(),
            "tenure_rotation": governance.tenure_and_rotation(seats, on).as_dict(),
            "definitions": governance.DEFINITIONS,
        }
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{pole.name} ({pole.slug}) — {_('gouvernance')} ({on.isoformat()})")
        lines = [
            ("parity_index", document["parity"]["index"], document["parity"]["missing"]),
            ("chair_parity_index", document["parity"]["chair_index"], None),
            (
                "natural_person_share",
                document["natural_person_share"]["share"],
                document["natural_person_share"]["missing"],
            ),
            (
                "representation_ratio",
                document["representation_ratio"]["ratio"],
                document["representation_ratio"]["missing"],
            ),
            ("mean_tenure_years", document["tenure_rotation"]["mean_tenure_years"], None),
            ("rotation", document["tenure_rotation"]["rotation"], None),
        ]
        for key, value, missing in lines:
            self.stdout.write("")
            if value is None:
                shown = _("non mesurable") + (f" ({missing})" if missing else "")
            else:
                shown = f"{value:.4g}"
            self.stdout.write(f"{key}: {shown}")
            self.stdout.write(f"    {governance.DEFINITIONS[key]}")

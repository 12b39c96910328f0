"""`ptce serve`: the app on http://127.0.0.1:8000, static files included (whitenoise)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

DEFAULT_ADDRPORT = "127.0.0.1:8000"


class Command(BaseCommand):
    help = _("Sert l'application sur http://127.0.0.1:8000 (serveur local de démonstration).")
    # runserver runs its own checks; doing them twice only slows the start.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addrport", default=DEFAULT_ADDRPORT,
            help=_("Adresse et port d'écoute (par défaut %(default)s)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        addrport = options["addrport"]
        self.stdout.write(_("Ouvrez http://%(addrport)s/ dans votre navigateur.") % {
            "addrport": addrport
        })
        # No autoreloader: it forks a watcher process that `make demo` users do not need,
        # and it would leave a child behind when the command is stopped from a script.
        call_command("runserver", addrport, use_reloader=False)

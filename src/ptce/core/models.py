from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write made through a service: who, what, on which pole, with which data.

    Kept unscoped on purpose: platform staff read the whole log in the admin.
    """

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("auteur"),
    )
    pole = models.ForeignKey(
        "poles.Pole",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("pôle"),
    )
    action = models.CharField(_("action"), max_length=80)
    object_repr = models.CharField(_("objet"), max_length=200, blank=True)
    data = models.JSONField(_("données"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"

"""Self-assessment campaigns: their lifecycle, who is invited, and the answers. Atomic, logged.

A campaign goes draft → open → closed → published. The coordinator invites respondents while it
is in draft or open; respondents answer while it is open; closing and publishing freeze the
measured indicators (`ptce.evaluation.results.freeze_measures`), so the report no longer moves.
A published campaign cannot be edited.

Callers run inside the pole's scope (see `ptce.poles.access`); every function also takes the pole
explicitly and refuses rows of another pole. Individual scores never go into the audit log: it
records who did what, and how many answers, not what someone answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ptce.core.audit import audit_log
from ptce.core.exceptions import PtceError
from ptce.core.services import pole_row_save
from ptce.evaluation.models import (
    Answer,
    Campaign,
    CampaignStatus,
    Respondent,
    RespondentKind,
)
from ptce.evaluation.referentials import available_versions, referential_for
from ptce.evaluation.results import freeze_measures
from ptce.poles.models import Pole
from ptce.registry.models import Person
from ptce_analytics.referential import Indicator, Referential

# The value a form sends for « je ne sais pas »; stored as a score of None.
DONT_KNOW = "dk"
# Statuses in which the list of respondents may still change.
INVITING = (CampaignStatus.DRAFT, CampaignStatus.OPEN)
# Statuses in which the campaign's answers are final and shown read-only.
FINISHED = (CampaignStatus.CLOSED, CampaignStatus.PUBLISHED)


def _check_pole(obj: Any, pole: Pole, field: str) -> None:
    if obj is not None and obj.pole_id != pole.pk:
        raise ValidationError({field: _("Cet élément n'appartient pas au pôle.")})


# --- référentiel versions -------------------------------------------------------------------------


def campaign_referential(campaign: Campaign) -> Referential:
    return referential_for(campaign.referential_version)


# --- campaigns ------------------------------------------------------------------------------------


def _refuse_published(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.PUBLISHED:
        raise PtceError(
            _("Les résultats de cette campagne sont publiés : elle ne peut plus changer.")
        )


def campaign_save(*, actor: Any, pole: Pole, campaign: Campaign) -> Campaign:
    """Create a campaign, or change its title, date, window or version before it closes."""
    if campaign.window_months not in (12, 36):
        raise ValidationError({"window_months": _("La période observée est de 12 ou 36 mois.")})
    if campaign.referential_version not in {v for v, _title in available_versions()}:
        raise ValidationError(
            {"referential_version": _("Version du référentiel inconnue : %(v)s.")
             % {"v": campaign.referential_version}}
        )
    if campaign.pk is None:
        campaign.status = CampaignStatus.DRAFT
    else:
        stored = Campaign.objects.get(pk=campaign.pk, pole=pole)
        _refuse_published(stored)
        if stored.status in FINISHED:
            raise PtceError(_("Cette campagne est close : sa définition ne peut plus changer."))
        answered = Answer.objects.filter(respondent__campaign=campaign).exists()
        if answered and stored.referential_version != campaign.referential_version:
            raise ValidationError(
                {"referential_version": _(
                    "Des réponses ont déjà été données avec la version %(v)s : "
                    "elle ne peut plus changer."
                ) % {"v": stored.referential_version}}
            )
        campaign.status = stored.status
    data = {
        "title": campaign.title,
        "reference_date": campaign.reference_date.isoformat(),
        "window_months": campaign.window_months,
        "referential_version": campaign.referential_version,
    }
    return pole_row_save(campaign, actor=actor, pole=pole, data=data)


def _transition(
    *,
    actor: Any,
    pole: Pole,
    campaign: Campaign,
    source: tuple[str, ...],
    target: str,
    check: Any = None,
) -> Campaign:
    _check_pole(campaign, pole, "campaign")
    with transaction.atomic():
        # Locked: two coordinators clicking at once cannot both move the campaign.
        stored = Campaign.objects.select_for_update().get(pk=campaign.pk, pole=pole)
        _refuse_published(stored)
        if stored.status not in source:
            raise PtceError(_transition_refusal(stored.status, target))
        if check is not None:
            check(stored)
        now = timezone.now()
        stored.status = target
        if target == CampaignStatus.OPEN:
            stored.opened_at = stored.opened_at or now
        if target == CampaignStatus.PUBLISHED:
            stored.published_at = now
        stored.save(update_fields=["status", "opened_at", "published_at"])
        if target in FINISHED:
            freeze_measures(stored)
        audit_log(
            action=f"ptce.campaign.{target}",
            actor=actor,
            pole=pole,
            obj=stored,
            data={"status": target, "respondents": stored.respondents.count()},
        )
    campaign.status, campaign.opened_at = stored.status, stored.opened_at
    campaign.published_at = stored.published_at
    return campaign


def _transition_refusal(current: str, target: str) -> str:
    if target == CampaignStatus.OPEN:
        return _("Seule une campagne en préparation peut être ouverte.")
    if target == CampaignStatus.CLOSED:
        return _("Seule une campagne ouverte peut être close.")
    return _("Fermez la campagne avant d'en publier les résultats.")


def _has_respondents(campaign: Campaign) -> None:
    if not Respondent.objects.filter(campaign=campaign).exists():
        raise PtceError(_("Invitez au moins une personne avant d'ouvrir la campagne."))


def campaign_open(*, actor: Any, pole: Pole, campaign: Campaign) -> Campaign:
    """Respondents may answer; at least one must be invited."""
    return _transition(
        actor=actor, pole=pole, campaign=campaign,
        source=(CampaignStatus.DRAFT,), target=CampaignStatus.OPEN, check=_has_respondents,
    )


def campaign_close(*, actor: Any, pole: Pole, campaign: Campaign) -> Campaign:
    """No more answers; the measured indicators are frozen at the campaign's reference date."""
    return _transition(
        actor=actor, pole=pole, campaign=campaign,
        source=(CampaignStatus.OPEN,), target=CampaignStatus.CLOSED,
    )


def campaign_publish(*, actor: Any, pole: Pole, campaign: Campaign) -> Campaign:
    """The results become visible to every role of the pole; the campaign is final."""
    return _transition(
        actor=actor, pole=pole, campaign=campaign,
        source=(CampaignStatus.CLOSED,), target=CampaignStatus.PUBLISHED,
    )


# --- respondents ----------------------------------------------------------------------------------


def _refuse_unless_inviting(campaign: Campaign) -> None:
    _refuse_published(campaign)
    if campaign.status not in INVITING:
        raise PtceError(_("La campagne est close : la liste des répondant·es ne change plus."))


def respondent_add(
    *,
    actor: Any,
    pole: Pole,
    campaign: Campaign,
    person: Person | None = None,
    name: str = "",
    kind: str = "",
) -> Respondent:
    """Invite a person of the registry (with their structure and account), or a free entry.

    A person of the registry answers as the representative of their structure; a free entry
    (an elected official, an inhabitant…) needs a name and a kind. Everyone gets a private
    answering link; people with an account may also answer when logged in.
    """
    _check_pole(campaign, pole, "campaign")
    _check_pole(person, pole, "person")
    _refuse_unless_inviting(campaign)
    if person is not None:
        if Respondent.objects.filter(campaign=campaign, person=person).exists():
            raise PtceError(_("%(name)s est déjà invité·e.") % {"name": person})
        if person.user_id and Respondent.objects.filter(
            campaign=campaign, user_id=person.user_id
        ).exists():
            raise PtceError(_("Le compte de %(name)s est déjà invité.") % {"name": person})
        respondent = Respondent(
            pole=pole,
            campaign=campaign,
            kind=kind or RespondentKind.MEMBER,
            name=str(person),
            person=person,
            organisation_id=person.organisation_id,
            user_id=person.user_id,
            is_synthetic=campaign.is_synthetic,
        )
    else:
        name = " ".join(name.split())
        if not name:
            raise ValidationError({"name": _("Indiquez le nom de la personne invitée.")})
        if kind not in RespondentKind.values:
            raise ValidationError({"kind": _("Choisissez la qualité de la personne invitée.")})
        respondent = Respondent(
            pole=pole, campaign=campaign, kind=kind, name=name,
            is_synthetic=campaign.is_synthetic,
        )
    respondent.full_clean()
    try:
        with transaction.atomic():
            respondent.save()
            audit_log(
                action="ptce.respondent.created",
                actor=actor,
                pole=pole,
                obj=respondent,
                data={"campaign": campaign.pk, "kind": respondent.kind,
                      "person": respondent.person_id},
            )
    except IntegrityError as exc:
        raise PtceError(_("Cette personne est déjà invitée.")) from exc
    return respondent


def respondent_remove(*, actor: Any, pole: Pole, respondent: Respondent) -> None:
    """Withdraw an invitation, only while the respondent has given no answer."""
    _check_pole(respondent, pole, "respondent")
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=respondent.campaign_id, pole=pole)
        _refuse_unless_inviting(campaign)
        if respondent.submitted_at or Answer.objects.filter(respondent=respondent).exists():
            raise PtceError(
                _("%(name)s a déjà répondu : son invitation ne peut plus être retirée.")
                % {"name": respondent.name}
            )
        audit_log(
            action="ptce.respondent.deleted",
            actor=actor,
            pole=pole,
            obj=respondent,
            data={"campaign": campaign.pk, "kind": respondent.kind},
        )
        respondent.delete()


# --- answers --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One indicator's answer as typed: a score (None = « je ne sais pas ») and a comment."""

    score: int | None
    comment: str = ""


def missing_choice_message(indicator: Indicator, language: str = "fr") -> str:
    return _("%(code)s %(label)s : choisissez une note ou « je ne sais pas »") % {
        "code": indicator.code,
        "label": indicator.label.get(language),
    }


def parse_choice(raw: str | None) -> tuple[bool, int | None]:
    """(chosen, score) for a form value: "0"…"4", "dk" (« je ne sais pas ») or nothing.

    Raises ValueError for anything else.
    """
    if raw in (None, ""):
        return False, None
    if raw == DONT_KNOW:
        return True, None
    if raw in {"0", "1", "2", "3", "4"}:
        return True, int(raw)
    raise ValueError(raw)


def answers_save(
    *,
    actor: Any,
    respondent: Respondent,
    choices: Mapping[str, Choice],
    submit: bool,
    language: str = "fr",
) -> Respondent:
    """Save a respondent's answers at once: a draft (partial is fine) or the final sending.

    `choices` maps an indicator code to its Choice; an indicator left out has no choice yet
    (its earlier answer, if any, is withdrawn). Sending requires a choice for every indicator
    of the campaign's référentiel, « je ne sais pas » included; the errors name each indicator.
    Answers can change until the campaign closes.
    """
    pole = respondent.pole
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=respondent.campaign_id, pole=pole)
        if campaign.status != CampaignStatus.OPEN:
            if campaign.status == CampaignStatus.DRAFT:
                raise PtceError(_("La campagne n'est pas encore ouverte aux réponses."))
            raise PtceError(_("La campagne est close : les réponses ne peuvent plus changer."))
        referential = referential_for(campaign.referential_version)
        codes = [indicator.code for indicator in referential.indicators]
        unknown = sorted(set(choices) - set(codes))
        if unknown:
            raise ValidationError(
                _("Indicateurs inconnus de la version %(v)s : %(codes)s.")
                % {"v": referential.version, "codes": ", ".join(unknown)}
            )
        errors = []
        for indicator in referential.indicators:
            choice = choices.get(indicator.code)
            if choice is not None and choice.score is not None and not 0 <= choice.score <= 4:
                errors.append(
                    _("%(code)s %(label)s : la note va de 0 à 4.")
                    % {"code": indicator.code, "label": indicator.label.get(language)}
                )
            elif submit and choice is None:
                errors.append(missing_choice_message(indicator, language))
        if errors:
            raise ValidationError(errors)
        existing = {a.indicator: a for a in Answer.objects.filter(respondent=respondent)}
        new, changed = [], []
        for code, choice in choices.items():
            comment = choice.comment.strip()
            answer = existing.pop(code, None)
            if answer is None:
                new.append(
                    Answer(
                        pole=pole, respondent=respondent, indicator=code, score=choice.score,
                        comment=comment, is_synthetic=respondent.is_synthetic,
                    )
                )
            elif answer.score != choice.score or answer.comment != comment:
                answer.score, answer.comment = choice.score, comment
                changed.append(answer)
        Answer.objects.bulk_create(new)
        for answer in changed:
            answer.save(update_fields=["score", "comment", "updated_at"])
        if existing:
            Answer.objects.filter(pk__in=[a.pk for a in existing.values()]).delete()
        complete = all(code in choices for code in codes)
        if submit:
            respondent.submitted_at = timezone.now()
        elif not complete:
            # A sent set of answers that lost a choice is a draft again.
            respondent.submitted_at = None
        respondent.save(update_fields=["submitted_at"])
        audit_log(
            action="ptce.answers.submitted" if submit else "ptce.answers.saved",
            actor=actor,
            pole=pole,
            obj=respondent,
            data={"campaign": campaign.pk, "answers": len(choices)},
        )
    return respondent


def own_invitation(*, campaign: Campaign, user: Any) -> Respondent | None:
    """The invitation of a logged-in user to `campaign`: by their account, or by their person."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Respondent.objects.filter(campaign=campaign)
        .filter(Q(user=user) | Q(person__user=user))
        .order_by("pk")
        .first()
    )

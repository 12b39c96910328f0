"""A small campaign whose results are computed by hand (used by the report's tests).

Two respondents sent their answers, a third one only saved a draft (which never counts):

    indicator  sent answers      measured              by hand
    A1.1       1, 3              80 % → score 3        median 2, quartiles 1,5–2,5, gap −1
    A1.2       2, je ne sais pas not measurable        median 2 (n = 1), no gap
    A1.3       —                 2 → score 3           no answer, no gap
    A1.4 (D)   4, 0              —                     median 2, IQR 2: disputed
    B1.1       3, 3              1 → score 1           median 3, gap +2
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ptce.evaluation.models import (
    Answer,
    Campaign,
    CampaignStatus,
    MeasuredResult,
    Respondent,
    RespondentKind,
)
from ptce_analytics.referential import packaged_referential

ANSWERS: dict[str, list[int | None]] = {
    "A1.1": [1, 3],
    "A1.2": [2, None],
    "A1.4": [4, 0],
    "B1.1": [3, 3],
}
COMMENTS = {(0, "A1.4"): "Le diagnostic date de 2019"}
MEASURES: dict[str, tuple[Any, ...]] = {
    "A1.1": (80, 3),
    "A1.2": (None, None, "ETP des membres non renseignés"),
    "A1.3": (2, 3),
    "B1.1": (1, 1),
}
NAMES = ("Camille Martin", "Lou Bernard")


def answer(respondent: Respondent, code: str, score: int | None, comment: str = "") -> Answer:
    return Answer.objects.create(
        pole=respondent.pole, respondent=respondent, indicator=code, score=score, comment=comment
    )


def measure(
    campaign: Campaign, code: str, value: float | None, score: int | None, missing: str = ""
) -> MeasuredResult:
    unit = packaged_referential().indicator(code).unit or ""
    return MeasuredResult.objects.create(
        pole=campaign.pole,
        campaign=campaign,
        indicator=code,
        referential_version=campaign.referential_version,
        value=value,
        unit=unit,
        score=score,
        missing=missing,
    )


def make_campaign(
    pole: Any,
    answers: dict[str, list[int | None]],
    measures: dict[str, tuple[Any, ...]],
    *,
    status: str = CampaignStatus.CLOSED,
    reference_date: dt.date = dt.date(2026, 3, 31),
    title: str = "Auto-évaluation 2026",
    version: str = "v2026",
    draft: bool = True,
) -> Campaign:
    campaign = Campaign.objects.create(
        pole=pole,
        title=title,
        referential_version=version,
        reference_date=reference_date,
        status=status,
        published_at=timezone.now() if status == CampaignStatus.PUBLISHED else None,
    )
    count = max((len(scores) for scores in answers.values()), default=0)
    respondents = [
        Respondent.objects.create(
            pole=pole,
            campaign=campaign,
            kind=RespondentKind.MEMBER,
            name=NAMES[index] if index < len(NAMES) else f"Répondant·e {index}",
            submitted_at=timezone.now(),
        )
        for index in range(count)
    ]
    for code, scores in answers.items():
        for index, score in enumerate(scores):
            answer(respondents[index], code, score, COMMENTS.get((index, code), ""))
    if draft:
        unsent = Respondent.objects.create(
            pole=pole, campaign=campaign, kind=RespondentKind.INHABITANT, name="Brouillon"
        )
        answer(unsent, "A1.1", 4, "brouillon")
    for code, (value, score, *missing) in measures.items():
        measure(campaign, code, value, score, missing[0] if missing else "")
    return campaign

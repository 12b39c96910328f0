"""Permission-matrix rows for the evaluation pages: référentiel, campaigns, conformity, report.

Two blocks, one per helper: `# campaigns` and `# report`. Each adds its rows to ROWS and its
objects in build_objects; the campaign objects ("campaign", "respondent") are built first and
may be used by the report's rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from matrix_core import COORD_ONLY, DENIED, EVERY_ROLE, NOT_FOUND, OK, Row

from ptce.evaluation.models import Campaign, CampaignStatus, Respondent, RespondentKind

ROWS: dict[str, Row] = {}

# campaigns ---------------------------------------------------------------------------------------
# The fixture's campaign is open, with one respondent (an inhabitant, no account, no answer).
# The matrix's user is not invited: `campaign-answer` answers 404 to the roles that may answer
# (an invited member gets the page: tests/evaluation/test_campaign_permissions.py), 403 to the
# others. `assessment-answer-token` needs no login (the token is the secret): it is in PUBLIC.
CAMPAIGN = ("pk:campaign",)
NOT_INVITED = {"coordinator": NOT_FOUND, "member": NOT_FOUND, "funder": DENIED, "observer": DENIED}
ROWS.update(
    {
        "campaign-list": Row(EVERY_ROLE),
        "campaign-create": Row(COORD_ONLY),
        "campaign-detail": Row(COORD_ONLY, objects=CAMPAIGN),
        "campaign-edit": Row(COORD_ONLY, objects=CAMPAIGN),
        "respondent-add": Row(COORD_ONLY, objects=CAMPAIGN),
        "respondent-remove": Row(COORD_ONLY, method="post", objects=("pk:respondent",)),
        "campaign-open": Row(COORD_ONLY, method="post", objects=CAMPAIGN),
        "campaign-close": Row(COORD_ONLY, method="post", objects=CAMPAIGN),
        "campaign-publish": Row(COORD_ONLY, method="post", objects=CAMPAIGN),
        "campaign-answer": Row(NOT_INVITED, objects=CAMPAIGN),
    }
)


def _campaign_objects(pole: Any) -> dict[str, Any]:
    campaign = Campaign.objects.create(
        pole=pole,
        title=f"Auto-évaluation {pole.slug}",
        referential_version="v2026",
        reference_date=dt.date.today(),
        status=CampaignStatus.OPEN,
    )
    respondent = Respondent.objects.create(
        pole=pole, campaign=campaign, kind=RespondentKind.INHABITANT, name="Habitante"
    )
    return {"campaign": campaign, "respondent": respondent}


# end of campaigns --------------------------------------------------------------------------------

# report ------------------------------------------------------------------------------------------
# The report's pages read a published campaign ("published_campaign"): every role of the pole
# sees its results; before publication only the coordinator does (tests/evaluation/
# test_report_results.py). The observatory view is outside any pole: observers (of any pole)
# and staff only.
PUBLISHED = ("pk:published_campaign",)
ROWS.update(
    {
        "campaign-results": Row(EVERY_ROLE, objects=PUBLISHED),
        "campaign-report": Row(EVERY_ROLE, objects=PUBLISHED),
        "campaign-report-pdf": Row(EVERY_ROLE, objects=PUBLISHED),
        "conformity": Row(EVERY_ROLE),
        "observatory-referential": Row(
            {"coordinator": DENIED, "member": DENIED, "funder": DENIED, "observer": OK},
            pole_scoped=False,
        ),
    }
)


def _report_objects(pole: Any) -> dict[str, Any]:
    published = Campaign.objects.create(
        pole=pole,
        title=f"Auto-évaluation publiée {pole.slug}",
        referential_version="v2026",
        reference_date=dt.date.today() - dt.timedelta(days=365),
        status=CampaignStatus.PUBLISHED,
    )
    return {"published_campaign": published}


# end of report -----------------------------------------------------------------------------------


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Objects of `pole` that this area's URLs name in `Row.objects`."""
    built = _campaign_objects(pole)
    built.update(_report_objects(pole))  # report
    return built

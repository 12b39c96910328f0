"""Pages outside any pole: answering by private link, the observatory view."""

from __future__ import annotations

from django.urls import path

from ptce.evaluation import views_campaigns as campaigns

urlpatterns = [
    # --- campaigns: answering through a private link, no login ---
    path(
        "evaluation/repondre/<str:token>/",
        campaigns.assessment_answer_token,
        name="assessment-answer-token",
    ),
    # --- end of campaigns ---
]

# report: the observatory view (login required; observers and staff) -----------------------------
from ptce.evaluation import views_report as report  # noqa: E402

urlpatterns += [
    path("observatoire/referentiel/", report.observatory_page, name="observatory-referential"),
]
# end of report ------------------------------------------------------------------------------------

from __future__ import annotations

from django.urls import path

from ptce.evaluation import views_campaigns as campaigns

urlpatterns = [
    # --- campaigns (self-assessment): keep this block first ---
    path("evaluation/campagnes/", campaigns.campaign_list, name="campaign-list"),
    path("evaluation/campagnes/nouvelle/", campaigns.campaign_create, name="campaign-create"),
    path("evaluation/campagnes/<int:pk>/", campaigns.campaign_detail, name="campaign-detail"),
    path(
        "evaluation/campagnes/<int:pk>/modifier/", campaigns.campaign_edit, name="campaign-edit"
    ),
    path(
        "evaluation/campagnes/<int:pk>/inviter/",
        campaigns.respondent_add,
        name="respondent-add",
    ),
    path(
        "evaluation/repondants/<int:pk>/retirer/",
        campaigns.respondent_remove,
        name="respondent-remove",
    ),
    path("evaluation/campagnes/<int:pk>/ouvrir/", campaigns.campaign_open, name="campaign-open"),
    path(
        "evaluation/campagnes/<int:pk>/fermer/", campaigns.campaign_close, name="campaign-close"
    ),
    path(
        "evaluation/campagnes/<int:pk>/publier/",
        campaigns.campaign_publish,
        name="campaign-publish",
    ),
    path(
        "evaluation/campagnes/<int:pk>/repondre/",
        campaigns.campaign_answer,
        name="campaign-answer",
    ),
    # --- end of campaigns ---
]

# report -------------------------------------------------------------------------------------------
from ptce.evaluation import views_report as report  # noqa: E402

urlpatterns += [
    path("evaluation/campagnes/<int:pk>/resultats/", report.results_page, name="campaign-results"),
    path("evaluation/campagnes/<int:pk>/rapport/", report.report_page, name="campaign-report"),
    path(
        "evaluation/campagnes/<int:pk>/rapport.pdf", report.report_pdf, name="campaign-report-pdf"
    ),
    path("evaluation/conformite/", report.conformity_page, name="conformity"),
]
# end of report ------------------------------------------------------------------------------------

"""Pages of the self-assessment campaigns: the coordinator's, and the respondent's answers.

Thin views: forms validate input, `ptce.evaluation.services` writes. Individual scores are
shown to their respondent only; nobody else sees them, before or after publication (the
report shows aggregates).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from ptce.core.exceptions import PtceError
from ptce.core.views import error_text, form_page
from ptce.evaluation import services
from ptce.evaluation.forms import (
    AnswerForm,
    CampaignForm,
    RespondentFreeForm,
    RespondentPersonForm,
    field_key,
)
from ptce.evaluation.models import Answer, Campaign, CampaignStatus, Respondent
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability


def _language() -> str:
    return "en" if (translation.get_language() or "fr").startswith("en") else "fr"


def _can_manage(request: PoleRequest) -> bool:
    return Capability.MANAGE_CAMPAIGNS in request.capabilities


def _detail_url(request: PoleRequest, campaign: Campaign) -> str:
    return reverse("campaign-detail", args=[request.pole.slug, campaign.pk])


def _report_url(pole_slug: str, campaign: Campaign, name: str = "campaign-report") -> str:
    """A results page of a campaign (`ptce.evaluation.views_report`), if it is installed."""
    try:
        return reverse(name, kwargs={"pole_slug": pole_slug, "pk": campaign.pk})
    except NoReverseMatch:
        return ""


def _campaigns(request: PoleRequest) -> Any:
    return Campaign.objects.annotate(
        respondent_count=Count("respondents", distinct=True),
        submitted_count=Count(
            "respondents", filter=Q(respondents__submitted_at__isnull=False), distinct=True
        ),
    )


# --- the coordinator's pages ----------------------------------------------------------------------


@pole_view(Capability.VIEW_EVALUATION)
def campaign_list(request: PoleRequest) -> HttpResponse:
    campaigns = _campaigns(request)
    if not _can_manage(request):
        # A campaign in preparation is the coordination's draft.
        campaigns = campaigns.exclude(status=CampaignStatus.DRAFT)
    campaigns = list(campaigns)
    invited: set[int] = set()
    if Capability.ANSWER_ASSESSMENT in request.capabilities:
        invited = set(
            Respondent.objects.filter(Q(user=request.user) | Q(person__user=request.user))
            .values_list("campaign_id", flat=True)
        )
    rows = [
        {
            "campaign": campaign,
            "invited": campaign.pk in invited and campaign.status != CampaignStatus.DRAFT,
            "results_url": _report_url(request.pole.slug, campaign, "campaign-results")
            if campaign.status == CampaignStatus.PUBLISHED
            else "",
        }
        for campaign in campaigns
    ]
    return render(
        request,
        "evaluation/campaigns/campaign_list.html",
        {"pole": request.pole, "rows": rows, "can_manage": _can_manage(request)},
    )


def _campaign_form(request: PoleRequest, campaign: Campaign) -> HttpResponse:
    return form_page(
        request,
        CampaignForm(request.POST or None, instance=campaign),
        save=lambda form: services.campaign_save(
            actor=request.user, pole=request.pole, campaign=form.save(commit=False)
        ),
        template="evaluation/campaigns/campaign_form.html",
        success=_("Campagne enregistrée."),
        next_url=lambda obj: _detail_url(request, obj),
        context={"object": campaign},
    )


@pole_view(Capability.MANAGE_CAMPAIGNS)
def campaign_create(request: PoleRequest) -> HttpResponse:
    return _campaign_form(request, Campaign(pole=request.pole, created_by=request.user))


@pole_view(Capability.MANAGE_CAMPAIGNS)
def campaign_edit(request: PoleRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    if campaign.status in services.FINISHED:
        messages.error(request, _("Cette campagne est close : sa définition ne peut plus changer."))
        return redirect(_detail_url(request, campaign))
    return _campaign_form(request, campaign)


def _respondent_status(respondent: Respondent) -> str:
    if respondent.submitted_at:
        return "answered"
    return "draft" if respondent.answer_count else "not_started"


def _detail_page(
    request: PoleRequest,
    campaign: Campaign,
    *,
    person_form: RespondentPersonForm | None = None,
    free_form: RespondentFreeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    respondents = list(
        Respondent.objects.filter(campaign=campaign)
        .select_related("organisation", "user")
        .annotate(answer_count=Count("answers"))
        .order_by("name", "pk")
    )
    counts = {"answered": 0, "draft": 0, "not_started": 0}
    rows = []
    for respondent in respondents:
        state = _respondent_status(respondent)
        counts[state] += 1
        rows.append(
            {
                "respondent": respondent,
                "state": state,
                "link": request.build_absolute_uri(
                    reverse("assessment-answer-token", args=[respondent.token])
                ),
                "removable": campaign.status in services.INVITING and state == "not_started",
            }
        )
    inviting = campaign.status in services.INVITING
    referential = services.campaign_referential(campaign)
    context = {
        "pole": request.pole,
        "campaign": campaign,
        "referential": referential,
        "referential_title": referential.title.get(_language()),
        "rows": rows,
        "counts": counts,
        "total": len(rows),
        "inviting": inviting,
        "editable": campaign.status not in services.FINISHED,
        "report_url": _report_url(request.pole.slug, campaign)
        if campaign.status in services.FINISHED
        else "",
        "results_url": _report_url(request.pole.slug, campaign, "campaign-results")
        if campaign.status in services.FINISHED
        else "",
    }
    if inviting:
        context["person_form"] = person_form or RespondentPersonForm(
            prefix="registry", campaign=campaign
        )
        context["free_form"] = free_form or RespondentFreeForm(prefix="free")
    return render(request, "evaluation/campaigns/campaign_detail.html", context, status=status)


@pole_view(Capability.MANAGE_CAMPAIGNS)
def campaign_detail(request: PoleRequest, pk: int) -> HttpResponse:
    return _detail_page(request, get_object_or_404(Campaign, pk=pk))


@pole_view(Capability.MANAGE_CAMPAIGNS)
def respondent_add(request: PoleRequest, pk: int) -> HttpResponse:
    """Invite someone: a representative from the registry, or a free entry (name + kind)."""
    campaign = get_object_or_404(Campaign, pk=pk)
    if request.method != "POST":
        return _detail_page(request, campaign)
    person_form: RespondentPersonForm | None = None
    free_form: RespondentFreeForm | None = None
    form: Any
    if request.POST.get("source") == "registry":
        form = person_form = RespondentPersonForm(
            request.POST, prefix="registry", campaign=campaign
        )
        fields = ("person",)
    else:
        form = free_form = RespondentFreeForm(request.POST, prefix="free")
        fields = ("name", "kind")
    if form.is_valid():
        try:
            respondent = services.respondent_add(
                actor=request.user,
                pole=request.pole,
                campaign=campaign,
                **{name: form.cleaned_data[name] for name in fields},
            )
        except (ValidationError, PtceError) as exc:
            for message in error_text(exc):
                form.add_error(None, message)
        else:
            messages.success(
                request, _("%(name)s est invité·e.") % {"name": respondent.name}
            )
            return redirect(f"{_detail_url(request, campaign)}#repondants")
    return _detail_page(
        request, campaign, person_form=person_form, free_form=free_form, status=400
    )


@pole_view(Capability.MANAGE_CAMPAIGNS)
@require_POST
def respondent_remove(request: PoleRequest, pk: int) -> HttpResponse:
    respondent = get_object_or_404(Respondent.objects.select_related("campaign"), pk=pk)
    try:
        services.respondent_remove(actor=request.user, pole=request.pole, respondent=respondent)
    except PtceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("L'invitation de %(name)s est retirée.") % {"name": respondent.name}
        )
    return redirect(f"{_detail_url(request, respondent.campaign)}#repondants")


def _transition_view(request: PoleRequest, pk: int, change: Any, success: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        change(actor=request.user, pole=request.pole, campaign=campaign)
    except PtceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(_detail_url(request, campaign))


@pole_view(Capability.MANAGE_CAMPAIGNS)
@require_POST
def campaign_open(request: PoleRequest, pk: int) -> HttpResponse:
    return _transition_view(
        request, pk, services.campaign_open,
        _("La campagne est ouverte : les personnes invitées peuvent répondre."),
    )


@pole_view(Capability.MANAGE_CAMPAIGNS)
@require_POST
def campaign_close(request: PoleRequest, pk: int) -> HttpResponse:
    return _transition_view(
        request, pk, services.campaign_close,
        _("La campagne est close : les réponses ne changent plus, "
          "les indicateurs mesurés sont figés à la date de référence."),
    )


@pole_view(Capability.MANAGE_CAMPAIGNS)
@require_POST
def campaign_publish(request: PoleRequest, pk: int) -> HttpResponse:
    return _transition_view(
        request, pk, services.campaign_publish,
        _("Les résultats sont publiés : tous les membres du pôle peuvent les consulter."),
    )


# --- the respondent's page ------------------------------------------------------------------------


def _read_only(referential: Any, answers: dict[str, Answer], language: str) -> list[dict]:
    """The respondent's answers, grouped as in the form, for a closed campaign."""
    scale = [label.get(language) for label in referential.scale]
    groups = []
    for general in referential.general_objectives:
        mains = []
        for main in general.main_objectives:
            items = []
            for indicator in main.indicators:
                answer = answers.get(indicator.code)
                if answer is None:
                    shown = ""
                elif answer.score is None:
                    shown = _("je ne sais pas")
                else:
                    shown = f"{answer.score} · {scale[answer.score]}"
                items.append(
                    {
                        "indicator": indicator,
                        "key": field_key(indicator.code),
                        "label": indicator.label.get(language),
                        "definition": indicator.definition.get(language),
                        "answer": shown,
                        "comment": answer.comment if answer else "",
                    }
                )
            mains.append({"objective": main, "label": main.label.get(language), "items": items})
        groups.append({"objective": general, "label": general.label.get(language), "mains": mains})
    return groups


def _answer_page(
    request: HttpRequest,
    respondent: Respondent,
    *,
    here: str,
    results_url: str = "",
    pole_page: bool = False,
) -> HttpResponse:
    campaign = respondent.campaign
    language = _language()
    referential = services.campaign_referential(campaign)
    answers = {a.indicator: a for a in Answer.objects.filter(respondent=respondent)}
    context: dict[str, Any] = {
        "pole": respondent.pole,
        "campaign": campaign,
        "respondent": respondent,
        "referential": referential,
        "referential_title": referential.title.get(language),
        "answered": len(answers),
        "total": len(referential.indicators),
        "results_url": results_url if campaign.status == CampaignStatus.PUBLISHED else "",
        "pole_page": pole_page,
    }
    template = "evaluation/campaigns/answer.html"
    if campaign.status != CampaignStatus.OPEN:
        context["groups"] = _read_only(referential, answers, language)
        return render(request, template, context)
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        form = AnswerForm(
            request.POST, referential=referential, language=language, submit=submit
        )
        if form.is_valid():
            try:
                services.answers_save(
                    actor=request.user,
                    respondent=respondent,
                    choices=form.choices(),
                    submit=submit,
                    language=language,
                )
            except (ValidationError, PtceError) as exc:
                for message in error_text(exc):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Merci : vos réponses sont envoyées. Vous pouvez les modifier "
                      "jusqu'à la clôture de la campagne.")
                    if submit
                    else _("Brouillon enregistré : vous pourrez reprendre plus tard."),
                )
                # To the top of the page, where the confirmation is (a fragment the form was
                # reached with, e.g. an error's link, would otherwise carry over the redirect).
                return redirect(f"{here}#contenu")
        context["status"] = 400
    else:
        form = AnswerForm(
            initial=AnswerForm.initial_from(answers.values()),
            referential=referential,
            language=language,
        )
    context["form"] = form
    context["form_groups"] = form.groups()
    return render(request, template, context, status=context.pop("status", 200))


@pole_view(Capability.ANSWER_ASSESSMENT)
def campaign_answer(request: PoleRequest, pk: int) -> HttpResponse:
    """The logged-in user's own invitation; anyone not invited gets 404."""
    campaign = get_object_or_404(Campaign, pk=pk)
    respondent = services.own_invitation(campaign=campaign, user=request.user)
    if respondent is None:
        raise Http404
    return _answer_page(
        request,
        respondent,
        here=reverse("campaign-answer", args=[request.pole.slug, campaign.pk]),
        results_url=_report_url(request.pole.slug, campaign, "campaign-results"),
        pole_page=True,
    )


def assessment_answer_token(request: HttpRequest, token: str) -> HttpResponse:
    """Answering through a private link: no login, the token is the secret; unknown → 404."""
    with scopes_disabled():
        respondent = (
            Respondent.objects.select_related("campaign", "pole").filter(token=token).first()
        )
    if respondent is None:
        raise Http404
    with scope(pole=respondent.pole):
        response = _answer_page(
            request,
            respondent,
            here=reverse("assessment-answer-token", args=[respondent.token]),
        )
    # The address is the secret: never send it on to another site, never keep it in a cache.
    # ("no-referrer" would make browsers send "Origin: null" with the form: CSRF refuses it.)
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response

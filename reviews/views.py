"""Review pages: lists and calendar, the review page, and the central team's actions on it.

Every page fetches through `Review.objects.visible_to(user)` (out of scope is 404); the central
team changes reviews, everyone else in scope reads them (403 on a change).
"""

import calendar
import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hubs.access import require_change_permission
from hubs.models import School
from hubs.years import academic_year_label, current_academic_year
from partnership.lib import once
from partnership.lib.exports import csv_response
from partnership.lib.tables import paginate
from reviews import permissions, services
from reviews.coverage import schools_due_a_review
from reviews.filters import ReviewerFilter, ReviewFilter
from reviews.forms import (
    EbiOutcomesForm,
    FeedbackForm,
    ImprovementActionForm,
    NominationForm,
    ReportForm,
    ReviewerFeedbackForm,
    ReviewForm,
    ShareForm,
    SwapForm,
    TeamMemberByEmailForm,
    TeamMemberForm,
    TransitionForm,
    UnavailabilityForm,
    VerifyForm,
    VersionForm,
)
from reviews.models import (
    AreaOfExcellence,
    EvenBetterIf,
    HeadteacherFeedback,
    ImprovementAction,
    Review,
    Reviewer,
    ReviewerFeedback,
    SelfEvaluation,
    TeamMember,
    Unavailability,
)
from reviews.suggestions import suggested_reviewers
from reviews.tables import CoverageTable, ReviewerTable, ReviewTable

CALENDAR_PER_PAGE = 100


def _require_scope(user) -> None:
    if not permissions.may_see_reviews(user):
        raise Http404("Nothing here for you.")


def _review(request: HttpRequest, pk: int, *, manage: bool = False) -> Review:
    review = get_object_or_404(
        Review.objects.visible_to(request.user).select_related("school__hub", "framework", "kind"),
        pk=pk,
    )
    if manage:
        require_change_permission(permissions.may_manage_reviews(request.user))
    return review


def _report_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _version(request: HttpRequest) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    _require_scope(request.user)
    filterset = ReviewFilter(
        request.GET, queryset=Review.objects.visible_to(request.user).for_table(), request=request
    )
    table = ReviewTable(filterset.qs)
    paginate(request, table, count=False)
    return render(
        request,
        "reviews/review_list.html",
        {
            "filter": filterset,
            "table": table,
            "may_manage": permissions.may_manage_reviews(request.user),
            "may_see_coverage": permissions.may_see_review_coverage(request.user),
        },
    )


@login_required
def review_calendar(request: HttpRequest) -> HttpResponse:
    """A year month by month: counts per month, and the chosen month's reviews by day."""
    _require_scope(request.user)
    year = _int(request.GET.get("year"), current_academic_year())
    month = _int(request.GET.get("month"), datetime.date.today().month)
    if not 1 <= month <= 12:
        month = 9
    first = datetime.date(year if month >= 9 else year + 1, month, 1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    visible = Review.objects.visible_to(request.user).filter(academic_year=year)
    hub_id = _int(request.GET.get("hub"), None)
    if hub_id:
        visible = visible.filter(school__hub_id=hub_id)
    counts = dict(
        visible.order_by()
        .values_list("starts_on__month")
        .annotate(n=Count("pk"))
        .values_list("starts_on__month", "n")
    )
    months = [
        {
            "number": m,
            "label": datetime.date(2000, m, 1).strftime("%B"),
            "count": counts.get(m, 0),
        }
        for m in [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8]
    ]
    in_month = visible.filter(starts_on__range=(first, last)).for_table()
    in_month = in_month.order_by("starts_on", "pk")
    page = Paginator(in_month, CALENDAR_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/calendar.html",
        {
            "year": year,
            "year_label": academic_year_label(year),
            "month": month,
            "month_start": first,
            "months": months,
            "page": page,
            "hub_id": hub_id,
        },
    )


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def review_create(request: HttpRequest) -> HttpResponse:
    """Schedule a review. The school is found by name or URN among those the user sees; a
    school profile's "Schedule a review" opens this with `?school=<urn>` filled in."""
    _require_scope(request.user)
    require_change_permission(permissions.may_manage_reviews(request.user))
    schools = School.objects.visible_to(request.user)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and data.get("school_pick"):
        data["school"] = data["school_pick"]  # one of the offered matches, chosen by its URN
    initial = {"school": request.GET.get("school", "")[:200]}
    form = ReviewForm(data, schools=schools, initial=initial)
    if data is not None and form.is_valid():
        data = form.cleaned_data
        try:
            review = once.create_once(
                token=data["submission_token"],
                user=request.user,
                content=once.content_hash(request),
                create=lambda: services.review_create(
                    school=data["school"],
                    kind=data["kind"],
                    academic_year=data["academic_year"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    spotlight_scope=data["spotlight_scope"],
                    by=request.user,
                ),
            )
        except once.RepeatedSubmission as repeat:
            return once.repeated_response(request, repeat, "reviews:list")
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{review} scheduled.")
            return redirect(review)
    return render(request, "reviews/review_form.html", {"form": form})


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, manage=True)
    form = ReviewForm(request.POST or None, instance=review)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_update(
                review=review,
                version=data["version"],
                by=request.user,
                kind=data["kind"],
                spotlight_scope=data["spotlight_scope"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                academic_year=data["academic_year"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Review updated.")
            return redirect(review)
    return render(request, "reviews/review_form.html", {"form": form, "review": review})


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone who sees the review reads its status, dates and team; the report itself
    (estimates, strengths, EBIs, the team's decisions, the QA comments) only those who may read
    it (`permissions.may_read_report`: once published, or the team and the central team)."""
    review = _review(request, pk)
    user = request.user
    team = list(review.team.select_related("reviewer__user", "reviewer__school", "overridden_by"))
    readable = permissions.may_read_report(user, review)
    headings, strengths, ebis, own_estimates = [], [], [], False
    if readable:
        estimates = {e.heading_id: e for e in review.estimates.select_related("grade")}
        evaluation = (
            SelfEvaluation.objects.filter(review=review)
            .prefetch_related("estimates__grade")
            .first()
        )
        own = {e.heading_id: e.grade for e in evaluation.estimates.all()} if evaluation else {}
        own_estimates = bool(own)
        headings = [
            (h, estimates.get(h.pk), own.get(h.pk)) for h in review.framework.headings.all()
        ]
        strengths = list(review.strengths.all())
        ebis = list(review.ebis.select_related("practice_area"))
    previous = (
        Review.objects.published_before(review.school_id, review.starts_on)
        .prefetch_related(Prefetch("ebis", queryset=EvenBetterIf.objects.select_related("outcome")))
        .first()
    )
    may_record_outcomes = previous is not None and permissions.may_record_ebi_outcomes(user, review)
    own_school = permissions.acts_for_reviewed_school(user, review)
    follow_up = permissions.may_follow_up(user, review)
    moves = permissions.moves_for(user, review)
    context = {
        "review": review,
        "team": team,
        "report_readable": readable,
        "headings": headings,
        "own_estimates": own_estimates,
        "strengths": strengths,
        "ebis": ebis,
        "area": AreaOfExcellence.objects.filter(review=review)
        .select_related("practice_area", "verified_by")
        .first(),
        "timeline": list(review.status_changes.select_related("changed_by")),
        "previous": previous,
        "outcomes_form": EbiOutcomesForm(ebis=previous.ebis.all()) if may_record_outcomes else None,
        "may_read_plan": permissions.may_read_improvement_plan(user, review),
        "may_rate_reviewers": review.status
        in (Review.Status.ON_SITE, Review.Status.REPORT_DRAFTED, Review.Status.PUBLISHED)
        and bool(permissions.reviewer_feedback_roles(user, review, team)),
        "may_manage": permissions.may_manage_reviews(user),
        "may_write_report": permissions.may_write_report(user, review),
        "may_verify": permissions.may_verify_area(user, review),
        "may_read_pack": permissions.may_read_pack(user, review),
        "may_self_evaluate": permissions.may_self_evaluate(user, review),
        "moves": moves,
        "own_school": own_school,
        "may_rate": permissions.may_give_feedback(user, review),
        "may_ask_support": follow_up,
        "feedback": _feedback(review) if follow_up else None,
        "shares": list(review.shares.select_related("school")) if own_school else [],
        "transition_form": TransitionForm(initial={"version": review.version}),
        "nomination_form": NominationForm()
        if permissions.may_nominate_area(user, review)
        else None,
        "verify_form": VerifyForm(initial={"version": review.version}),
        "share_form": ShareForm() if permissions.may_share_report(user, review) else None,
    }
    return render(request, "reviews/review_detail.html", context)


def _feedback(review: Review):
    return HeadteacherFeedback.objects.filter(review=review).first()


@login_required
@require_POST
def review_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """The central team moves a review on; the lead drafts and submits its report."""
    review = _review(request, pk)
    require_change_permission(permissions.may_change_status(request.user, review))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status to move the review to.")
        return redirect(review)
    if not permissions.may_move(request.user, review, form.cleaned_data["to"]):
        messages.error(
            request,
            f"The review is {review.get_status_display().lower()}; that move is not yours to make.",
        )
        return redirect(review)
    try:
        services.review_transition(
            review=review,
            to=form.cleaned_data["to"],
            version=form.cleaned_data["version"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(request, f"Review now {Review.Status(form.cleaned_data['to']).label}.")
    return redirect(review)


@login_required
def review_team(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, manage=True)
    team = list(review.team.select_related("reviewer__user", "reviewer__school__hub"))
    has_lead = any(m.role == Reviewer.Role.LEAD for m in team)
    leads = (
        []
        if has_lead or not review.team_is_open
        else suggested_reviewers(review, role=Reviewer.Role.LEAD, limit=5)
    )
    peers = (
        suggested_reviewers(review, role=Reviewer.Role.PEER, limit=8) if review.team_is_open else []
    )
    for suggestion in [*leads, *peers]:
        # Each "Add" button is its own create form, so each gets its own one-time token.
        suggestion.submission_token = uuid.uuid4()
    context = {
        "review": review,
        "team": team,
        "lead_suggestions": leads,
        "peer_suggestions": peers,
        "by_email_form": TeamMemberByEmailForm(initial={"version": review.version}),
    }
    return render(request, "reviews/team.html", context)


@login_required
@require_POST
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, manage=True)
    by_email = "email" in request.POST
    form = (TeamMemberByEmailForm if by_email else TeamMemberForm)(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reviews:team", pk=review.pk)
    data = form.cleaned_data
    try:
        member = once.create_once(
            token=data["submission_token"],
            user=request.user,
            content=once.content_hash(request),
            create=lambda: services.team_member_add(
                review=review,
                reviewer=data["email"] if by_email else data["reviewer"],
                role=data["role"],
                version=data["version"],
                by=request.user,
                override_reason=data["override_reason"],
            ),
        )
    except once.RepeatedSubmission:
        messages.info(request, once.REPEAT_MESSAGE)
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(request, f"{member.reviewer.user} added as {member.get_role_display()}.")
    return redirect("reviews:team", pk=review.pk)


@login_required
@require_POST
def team_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    review = _review(request, pk, manage=True)
    member = get_object_or_404(
        TeamMember.objects.select_related("review"), pk=member_pk, review=review
    )
    try:
        services.team_member_remove(member=member, version=_version(request))
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(request, "Removed from the team.")
    return redirect("reviews:team", pk=review.pk)


@login_required
@require_POST
def team_swap(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, manage=True)
    form = SwapForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        member = get_object_or_404(
            TeamMember.objects.select_related("review"), pk=data["member"], review=review
        )
        try:
            services.team_member_swap(
                member=member,
                reviewer=data["reviewer"],
                version=data["version"],
                by=request.user,
                override_reason=data["override_reason"],
            )
        except ValidationError as error:
            _report_errors(request, error)
        else:
            messages.success(request, f"Swapped in {data['reviewer'].user}.")
    return redirect("reviews:team", pk=review.pk)


@login_required
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead reviewer (or the central team) records the report in one form: estimates,
    summary, strengths and even better ifs (edited, removed or added) are saved together, so
    nothing typed is lost."""
    review = _review(request, pk)
    require_change_permission(permissions.may_write_report(request.user, review))
    form = ReportForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            once.create_once(
                token=data["submission_token"],
                user=request.user,
                content=once.content_hash(request),
                create=lambda: services.report_save(
                    review=review,
                    grades=form.grades_by_heading(),
                    summary=data["summary"],
                    version=data["version"],
                    **form.changes(),
                ),
            )
        except once.RepeatedSubmission:
            messages.info(request, once.REPEAT_MESSAGE)
        except services.StaleReview as error:
            # Nothing is overwritten: the page shows the review as it now is, and what this
            # person typed beside it, to copy across and save again.
            _report_errors(request, error)
            review = _review(request, pk)
            context = {
                "review": review,
                "form": ReportForm(review=review),
                "unsaved": form.typed_text(),
            }
            return render(request, "reviews/report_form.html", context, status=409)
        except ValidationError as error:
            _report_errors(request, error)
            return render(request, "reviews/report_form.html", {"review": review, "form": form})
        else:
            messages.success(request, "Report saved.")
        return redirect("reviews:report", pk=review.pk)
    return render(request, "reviews/report_form.html", {"review": review, "form": form})


@login_required
@require_POST
def area_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """The school (or the central team for it) nominates its area of excellence."""
    review = _review(request, pk)
    require_change_permission(permissions.may_nominate_area(request.user, review))
    form = NominationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            once.create_once(
                token=data["submission_token"],
                user=request.user,
                content=once.content_hash(request),
                create=lambda: services.area_of_excellence_nominate(
                    review=review,
                    practice_area=data["practice_area"],
                    description=data["description"],
                ),
            )
        except once.RepeatedSubmission:
            messages.info(request, once.REPEAT_MESSAGE)
        except ValidationError as error:
            _report_errors(request, error)
        else:
            messages.success(request, "Area of excellence nominated.")
    else:
        messages.error(request, "Choose a practice area and describe the practice.")
    return redirect(review)


@login_required
@require_POST
def area_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's decision on the school's nomination, recorded by its lead."""
    review = _review(request, pk)
    require_change_permission(permissions.may_verify_area(request.user, review))
    area = get_object_or_404(AreaOfExcellence, review=review)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.area_of_excellence_verify(
                area=area,
                verified=form.cleaned_data["verified"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as error:
            _report_errors(request, error)
        else:
            messages.success(request, f"Area of excellence {area.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose verified or not verified.")
    return redirect(review)


@login_required
def feedback_give(request: HttpRequest, pk: int) -> HttpResponse:
    """The headteacher rates the review, through the school contact's login."""
    review = _review(request, pk)
    require_change_permission(permissions.may_give_feedback(request.user, review))
    if not review.is_published:
        messages.error(request, "Feedback can be given once the report is published.")
        return redirect(review)
    existing = _feedback(review)
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            once.create_once(
                token=data["submission_token"],
                user=request.user,
                content=once.content_hash(request),
                create=lambda: services.feedback_give(
                    review=review,
                    by=request.user,
                    impact_rating=data["impact_rating"],
                    development_rating=data["development_rating"],
                    comment=data["comment"],
                ),
            )
        except once.RepeatedSubmission:
            messages.info(request, once.REPEAT_MESSAGE)
            return redirect(review)
        messages.success(request, "Thank you: your feedback is recorded.")
        return redirect(review)
    return render(request, "reviews/feedback_form.html", {"review": review, "form": form})


@login_required
@require_POST
def report_share(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    require_change_permission(permissions.may_share_report(request.user, review))
    form = ShareForm(request.POST)
    if form.is_valid():
        try:
            share = once.create_once(
                token=form.cleaned_data["submission_token"],
                user=request.user,
                content=once.content_hash(request),
                create=lambda: services.report_share(
                    review=review, school=form.cleaned_data["urn"], by=request.user
                ),
            )
        except once.RepeatedSubmission:
            messages.info(request, once.REPEAT_MESSAGE)
        except ValidationError as error:
            _report_errors(request, error)
        else:
            messages.success(request, f"Report shared with {share.school.name}.")
    else:
        for errors in form.errors.values():
            _report_errors(request, ValidationError(errors))
    return redirect(review)


@login_required
@require_POST
def share_withdraw(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    """The school withdraws its report from a school it shared it with (the history keeps it)."""
    review = _review(request, pk)
    require_change_permission(permissions.may_withdraw_share(request.user, review))
    share = review.shares.select_related("school").filter(pk=share_pk).first()
    if share is None:  # withdrawn already, by another contact or a second click
        messages.info(request, "That share has already been withdrawn.")
        return redirect(review)
    services.report_share_withdraw(share=share)
    messages.success(request, f"Report no longer shared with {share.school.name}.")
    return redirect(review)


@login_required
def review_coverage(request: HttpRequest) -> HttpResponse:
    """Member schools with no review this year or an old report, each to schedule."""
    if not permissions.may_see_review_coverage(request.user):
        raise Http404("Review coverage is for the central team and hub managers.")
    today = timezone.localdate()
    year = current_academic_year(today)
    schools = schools_due_a_review(request.user, academic_year=year, today=today)
    table = CoverageTable(schools, may_schedule=permissions.may_manage_reviews(request.user))
    if request.GET.get("_export") == "csv":
        return csv_response(table, "review-coverage.csv")
    paginate(request, table)
    context = {"table": table, "year_label": academic_year_label(year)}
    return render(request, "reviews/coverage.html", context)


@login_required
def reviewer_list(request: HttpRequest) -> HttpResponse:
    """The reviewer register: the central team sees everyone, hub staff their hub's reviewers."""
    if not permissions.may_see_reviewer_register(request.user):
        raise Http404("The reviewer register is for the central team and hub staff.")
    filterset = ReviewerFilter(
        request.GET, queryset=Reviewer.objects.visible_to(request.user).for_table(), request=request
    )
    table = ReviewerTable(filterset.qs)
    if request.GET.get("_export") == "csv":
        table.order_by = request.GET.get("sort")
        return csv_response(table, "reviewers.csv")
    paginate(request, table, count=False)
    return render(request, "reviews/reviewer_list.html", {"filter": filterset, "table": table})


def _plan_review(request: HttpRequest, pk: int) -> Review:
    """A published review whose improvement plan the user may read (404 otherwise)."""
    review = _review(request, pk)
    if not permissions.may_read_improvement_plan(request.user, review):
        raise Http404("No improvement plan here for you.")
    return review


def _render_plan(request, review: Review, *, form_for=None) -> HttpResponse:
    """The plan page; `form_for` is an (ebi_id, bound form) whose errors it shows in place."""
    may_update = permissions.may_update_improvement_plan(request.user, review)
    ebis = list(
        review.ebis.select_related("practice_area", "outcome__review").prefetch_related(
            Prefetch("actions", queryset=ImprovementAction.objects.select_related("updated_by"))
        )
    )
    for ebi in ebis:
        if not may_update:
            ebi.add_form = None
        elif form_for and form_for[0] == ebi.pk:
            ebi.add_form = form_for[1]
        else:
            ebi.add_form = ImprovementActionForm(prefix=f"ebi-{ebi.pk}")
    context = {
        "review": review,
        "ebis": ebis,
        "may_update": may_update,
        "may_ask_support": permissions.may_follow_up(request.user, review),
    }
    return render(request, "reviews/improvement_plan.html", context)


@login_required
def improvement_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """After publication each EBI gets actions, an owner, a due date and a RAG status."""
    return _render_plan(request, _plan_review(request, pk))


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int, ebi_pk: int) -> HttpResponse:
    review = _plan_review(request, pk)
    require_change_permission(permissions.may_update_improvement_plan(request.user, review))
    ebi = get_object_or_404(EvenBetterIf, pk=ebi_pk, review=review)
    form = ImprovementActionForm(request.POST, prefix=f"ebi-{ebi.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            once.create_once(
                token=data["submission_token"],
                user=request.user,
                create=lambda: services.improvement_action_add(
                    ebi=ebi,
                    text=data["text"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    rag=data["rag"],
                    by=request.user,
                ),
            )
        except once.RepeatedSubmission:
            messages.info(request, once.REPEAT_MESSAGE)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Action added to the plan.")
            return redirect(f"{reverse('reviews:plan', args=[review.pk])}#ebi-{ebi.pk}")
    return _render_plan(request, review, form_for=(ebi.pk, form))


@login_required
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    review = _plan_review(request, pk)
    require_change_permission(permissions.may_update_improvement_plan(request.user, review))
    action = get_object_or_404(
        ImprovementAction.objects.select_related("ebi"), pk=action_pk, ebi__review=review
    )
    form = ImprovementActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.improvement_action_update(
                action=action,
                version=data["version"],
                by=request.user,
                text=data["text"],
                owner=data["owner"],
                due_on=data["due_on"],
                rag=data["rag"],
            )
        except services.StaleAction as error:
            # Nothing is overwritten: the form now holds the action as saved, with the
            # person's own typing shown beside it to copy across.
            _report_errors(request, error)
            unsaved = data
            action.refresh_from_db()
            form = ImprovementActionForm(instance=action)
            context = {"review": review, "action": action, "form": form, "unsaved": unsaved}
            return render(request, "reviews/action_form.html", context, status=409)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Action updated.")
            return redirect(f"{reverse('reviews:plan', args=[review.pk])}#ebi-{action.ebi_id}")
    context = {"review": review, "action": action, "form": form}
    return render(request, "reviews/action_form.html", context)


@login_required
@require_POST
def ebi_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    """The team records what became of each EBI of the school's previous review."""
    review = _review(request, pk)
    require_change_permission(permissions.may_record_ebi_outcomes(request.user, review))
    form = EbiOutcomesForm(request.POST, ebis=services.previous_ebis(review))
    if form.is_valid():
        try:
            saved = services.ebi_outcomes_record(
                review=review, outcomes=form.outcomes(), by=request.user
            )
        except ValidationError as error:
            _report_errors(request, error)
        else:
            messages.success(request, f"Outcomes saved ({len(saved)} recorded).")
    else:
        messages.error(request, "Choose an outcome from the list for each EBI.")
    return redirect(f"{review.get_absolute_url()}#previous-ebis")


def _reviewer(request: HttpRequest, pk: int) -> Reviewer:
    if not permissions.may_see_reviewer_register(request.user):
        raise Http404("The reviewer register is for the central team and hub staff.")
    return get_object_or_404(
        Reviewer.objects.visible_to(request.user).select_related("user", "school__hub"), pk=pk
    )


def _render_reviewer(request, reviewer: Reviewer, *, form=None):
    may_manage = permissions.may_manage_reviewer_register(request.user)
    placements = (
        TeamMember.objects.filter(reviewer=reviewer)
        .exclude(review__status=Review.Status.CANCELLED)
        .order_by()
        .values("academic_year")
        .annotate(
            placed=Count("pk"),
            led=Count("pk", filter=Q(role=Reviewer.Role.LEAD)),
            published=Count("pk", filter=Q(review__status=Review.Status.PUBLISHED)),
        )
        .order_by("-academic_year")
    )
    per_year = [{**row, "label": academic_year_label(row["academic_year"])} for row in placements]
    context = {
        "reviewer": reviewer,
        "per_year": per_year,
        "unavailable": list(reviewer.unavailable_dates.filter(ends_on__gte=_today())),
        "feedback": list(
            ReviewerFeedback.objects.for_reviewer(reviewer).order_by("-review__starts_on")[:50]
        ),
        "feedback_average": ReviewerFeedback.objects.filter(reviewer=reviewer).aggregate(
            average=Avg("rating"), count=Count("pk")
        ),
        "may_manage": may_manage,
        "unavailable_form": (form or UnavailabilityForm()) if may_manage else None,
    }
    return render(request, "reviews/reviewer_detail.html", context)


def _today() -> datetime.date:
    return timezone.localdate()


@login_required
def reviewer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One reviewer's record: training, reviews per year, unavailable dates and feedback."""
    return _render_reviewer(request, _reviewer(request, pk))


@login_required
@require_POST
def unavailable_add(request: HttpRequest, pk: int) -> HttpResponse:
    reviewer = _reviewer(request, pk)
    require_change_permission(permissions.may_manage_reviewer_register(request.user))
    form = UnavailabilityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            once.create_once(
                token=data["submission_token"],
                user=request.user,
                create=lambda: services.unavailability_add(
                    reviewer=reviewer,
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    reason=data["reason"],
                ),
            )
        except once.RepeatedSubmission:
            messages.info(request, once.REPEAT_MESSAGE)
        except ValidationError as error:
            _add_errors(form, error)
            return _render_reviewer(request, reviewer, form=form)
        else:
            messages.success(request, "Unavailable dates recorded.")
        return redirect("reviews:reviewer", pk=reviewer.pk)
    return _render_reviewer(request, reviewer, form=form)


@login_required
@require_POST
def unavailable_remove(request: HttpRequest, pk: int, away_pk: int) -> HttpResponse:
    reviewer = _reviewer(request, pk)
    require_change_permission(permissions.may_manage_reviewer_register(request.user))
    get_object_or_404(Unavailability, pk=away_pk, reviewer=reviewer).delete()
    messages.success(request, "Unavailable dates removed.")
    return redirect("reviews:reviewer", pk=reviewer.pk)


@login_required
def reviewer_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead rates each peer, and the headteacher each reviewer, one at a time."""
    review = _review(request, pk)
    roles = permissions.reviewer_feedback_roles(request.user, review)
    require_change_permission(bool(roles))
    given_as = roles[0]
    team = review.team.select_related("reviewer__user")
    if given_as == ReviewerFeedback.GivenAs.LEAD:
        team = team.filter(role=Reviewer.Role.PEER)
    reviewers = Reviewer.objects.filter(pk__in=team.values("reviewer_id")).select_related("user")
    form = ReviewerFeedbackForm(request.POST or None, reviewers=reviewers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            once.create_once(
                token=data["submission_token"],
                user=request.user,
                create=lambda: services.reviewer_feedback_give(
                    review=review,
                    reviewer=data["reviewer"],
                    given_as=given_as,
                    rating=data["rating"],
                    comment=data["comment"],
                    by=request.user,
                ),
            )
        except once.RepeatedSubmission:
            messages.info(request, once.REPEAT_MESSAGE)
            return redirect("reviews:reviewer_feedback", pk=review.pk)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Feedback on {data['reviewer'].user.full_name} recorded.")
            return redirect("reviews:reviewer_feedback", pk=review.pk)
    given = list(
        ReviewerFeedback.objects.filter(review=review, given_as=given_as)
        .select_related("reviewer__user")
        .order_by("reviewer__user__full_name")
    )
    context = {
        "review": review,
        "form": form,
        "given": given,
        "given_as": ReviewerFeedback.GivenAs(given_as).label,
    }
    return render(request, "reviews/reviewer_feedback.html", context)

"""The reviewers' and the school's pages around a review: "My reviews", the pre-review pack,
evidence notes, and the school's self-evaluation.

Each fetches the review through `Review.objects.visible_to(user)` (out of scope is 404) and asks
`reviews.permissions` whether this user may open or change it (403 when they may not).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hubs.access import require_change_permission
from partnership.lib import once
from reviews import permissions, services
from reviews.forms import EvidenceForm, SelfEvaluationForm
from reviews.models import (
    AreaOfExcellence,
    EvidenceNote,
    Review,
    Reviewer,
    SelfEvaluation,
    TeamMember,
)

MY_REVIEWS_PER_PAGE = 50


def _review(request: HttpRequest, pk: int) -> Review:
    return get_object_or_404(
        Review.objects.visible_to(request.user).select_related("school__hub", "framework", "kind"),
        pk=pk,
    )


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    """A reviewer's reviews: dates, the school, the team and how to reach the lead."""
    if not permissions.may_see_my_reviews(request.user):
        raise Http404("This page is for reviewers.")
    team = TeamMember.objects.select_related("reviewer__user", "reviewer__school").order_by(
        "-role", "reviewer__user__full_name"
    )
    reviews = (
        Review.objects.on_team_of(request.user)
        .active()
        .select_related("school__hub", "kind")
        .prefetch_related(Prefetch("team", queryset=team, to_attr="members"))
        .order_by("-starts_on", "pk")
    )
    page = Paginator(reviews, MY_REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for review in page:
        mine = next((m for m in review.members if m.reviewer.user_id == request.user.pk), None)
        lead = next((m for m in review.members if m.role == Reviewer.Role.LEAD), None)
        rows.append({"review": review, "mine": mine, "lead": lead})
    return render(request, "reviews/my_reviews.html", {"page": page, "rows": rows})


@login_required
def review_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """What the team reads before the visit: the school's context and Ofsted grades, its
    self-evaluation and focus, and its previous published report with its EBIs."""
    review = _review(request, pk)
    require_change_permission(permissions.may_read_pack(request.user, review))
    evaluation = (
        SelfEvaluation.objects.filter(review=review).prefetch_related("estimates__grade").first()
    )
    own = {e.heading_id: e.grade for e in evaluation.estimates.all()} if evaluation else {}
    previous = (
        Review.objects.published_before(review.school_id, review.starts_on)
        .select_related("framework", "kind")
        .prefetch_related("strengths", "ebis__practice_area", "estimates__grade")
        .first()
    )
    previous_estimates = []
    if previous:
        grades = {e.heading_id: e.grade for e in previous.estimates.all()}
        previous_estimates = [(h, grades.get(h.pk)) for h in previous.framework.headings.all()]
    context = {
        "review": review,
        "school": review.school,
        "evaluation": evaluation,
        "self_estimates": [(h, own.get(h.pk)) for h in review.framework.headings.all()],
        "previous": previous,
        "previous_estimates": previous_estimates,
        "area": AreaOfExcellence.objects.filter(review=review)
        .select_related("practice_area")
        .first(),
    }
    return render(request, "reviews/pack.html", context)


@login_required
def review_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's evidence notes under each heading; each member adds theirs while the report
    is being written, and the lead writes the report from them."""
    review = _review(request, pk)
    user = request.user
    require_change_permission(permissions.may_read_pack(user, review))
    may_add = permissions.may_add_evidence(user, review)
    form = EvidenceForm(request.POST or None, review=review)
    if request.method == "POST":
        require_change_permission(may_add)
        if form.is_valid():
            data = form.cleaned_data
            try:
                once.create_once_for_form(
                    request,
                    form,
                    lambda: services.evidence_add(
                        review=review, heading=data["heading"], text=data["text"], by=user
                    ),
                )
            except once.RepeatedSubmission:
                messages.info(request, once.REPEAT_MESSAGE)
                return redirect("reviews:evidence", pk=review.pk)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "Evidence added.")
                return redirect("reviews:evidence", pk=review.pk)
    notes: dict[int, list[EvidenceNote]] = {}
    for note in review.evidence_notes.select_related("author"):
        notes.setdefault(note.heading_id, []).append(note)
    context = {
        "review": review,
        "headings": [(h, notes.get(h.pk, [])) for h in review.framework.headings.all()],
        "form": form if may_add else None,
        "may_write_report": permissions.may_write_report(user, review),
    }
    return render(request, "reviews/evidence.html", context)


@login_required
def self_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The school's own estimate under each heading and the focus it asks the team to look at,
    recorded before the team arrives (by its contacts, its hub's managers or the central team)."""
    review = _review(request, pk)
    require_change_permission(permissions.may_self_evaluate(request.user, review))
    form = SelfEvaluationForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_evaluation_save(
                review=review,
                grades=form.grades_by_heading(),
                focus=form.cleaned_data["focus"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.StaleReview as error:
            messages.error(request, error.messages[0])
            return redirect("reviews:self_evaluation", pk=review.pk)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Self-evaluation saved.")
            return redirect(review)
    return render(request, "reviews/self_evaluation.html", {"review": review, "form": form})

"""Support requests: raising, the queue, the request page and every action on it."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from brokering import permissions, services
from brokering.filters import SupportRequestFilter
from brokering.forms import (
    AssignForm,
    BulkAssignForm,
    EngagementForm,
    FeedbackForm,
    ProposeForm,
    RespondForm,
    SupportRequestForm,
    TransitionForm,
)
from brokering.matching import ranked_providers
from brokering.models import (
    OPEN_STATUSES,
    SYSTEM,
    Engagement,
    RequestEvent,
    Status,
    SupportRequest,
    find_transition,
    transitions_from,
)
from brokering.tables import SupportRequestTable
from hubs.access import require_change_permission
from partnership.lib import once
from partnership.lib.exports import csv_download
from partnership.lib.tables import paginate
from reviews.models import EvenBetterIf, Review
from reviews.permissions import may_read_school_reviews

EBI_TARGET_WEEKS = 6


def _visible(request: HttpRequest):
    return SupportRequest.objects.visible_to(request.user)


def _error(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    requests = _visible(request).for_table()
    filterset = SupportRequestFilter(request.GET, queryset=requests, request=request)
    table = SupportRequestTable(filterset.qs, exclude=["select"])
    paginate(request, table)
    may_raise = permissions.schools_user_may_raise_for(request.user).exists()
    return render(
        request,
        "brokering/request_list.html",
        {"filter": filterset, "table": table, "may_raise": may_raise},
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not permissions.may_work_the_queue(request.user):
        raise Http404("The queue is the central team's.")
    filterset = SupportRequestFilter(
        request.GET, queryset=SupportRequest.objects.for_table(), request=request
    )
    table = SupportRequestTable(filterset.qs)
    # Counted: the queue says how many requests its filters found (ended ones are left out
    # unless asked for, which keeps the count to the requests still being worked).
    paginate(request, table)
    return render(
        request,
        "brokering/queue.html",
        {
            "filter": filterset,
            "table": table,
            "bulk_form": BulkAssignForm(),
            "first_response_days": settings.FIRST_RESPONSE_WORKING_DAYS,
        },
    )


@login_required
def queue_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered queue as CSV."""
    if not permissions.may_work_the_queue(request.user):
        raise Http404("The queue is the central team's.")
    filterset = SupportRequestFilter(
        request.GET, queryset=SupportRequest.objects.for_table(), request=request
    )
    header = ["reference", "school", "urn", "hub", "practice areas", "status", "broker"]
    header += ["submitted", "first response due", "overdue", "wanted by"]

    def rows():
        yield header
        today = timezone.localdate()
        for r in filterset.qs.order_by("-submitted_at").iterator(chunk_size=2000):
            yield (
                r.reference,
                r.school.name,
                r.school.urn,
                r.hub.name if r.hub else "",
                "; ".join(r.area_names),
                r.get_status_display(),
                r.broker.full_name if r.broker else "",
                timezone.localdate(r.submitted_at).isoformat(),
                r.first_response_due.isoformat(),
                "yes" if r.is_overdue(today) else "no",
                r.target_date.isoformat(),
            )

    return csv_download(rows(), "support-requests.csv")


@login_required
@require_POST
def queue_assign(request: HttpRequest) -> HttpResponse:
    """Assign one broker to the ticked requests."""
    if not permissions.may_work_the_queue(request.user):
        raise Http404("The queue is the central team's.")
    form = BulkAssignForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            count = services.support_requests_assign(
                selections=form.cleaned_data["selected"],
                broker=form.cleaned_data["broker"],
                by=request.user,
            )
            messages.success(
                request, f"{count} request(s) assigned to {form.cleaned_data['broker']}."
            )
        except ValidationError as error:
            _error(request, error)
    return redirect(request.POST.get("next") or reverse("brokering:queue"))


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    schools = permissions.schools_user_may_raise_for(request.user)
    by_urn = permissions.is_central(request.user)
    if not by_urn and not schools.exists():
        raise PermissionDenied("Only a school's contacts and hub managers raise requests.")
    if not by_urn:
        schools = schools.order_by("name")
    ebi = None
    if request.GET.get("ebi") or request.POST.get("ebi"):
        ebi = get_object_or_404(
            _raisable_ebis(request.user), pk=request.GET.get("ebi") or request.POST.get("ebi")
        )
        schools = schools.filter(pk=ebi.review.school_id)
    initial = {"needed": ebi.text} if ebi else {}
    form = SupportRequestForm(
        request.POST or None, schools=schools, by_urn=by_urn and not ebi, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        school = form.chosen_school()
        source = SupportRequest.Source.EBI if ebi else permissions.raises_as(request.user, school)
        try:
            support_request = once.create_once(
                token=form.cleaned_data["submission_token"],
                user=request.user,
                content=once.content_hash(request),
                create=lambda: services.support_request_create(
                    school=school,
                    practice_areas=form.cleaned_data["practice_areas"],
                    needed=form.cleaned_data["needed"],
                    preferred_format=form.cleaned_data["preferred_format"],
                    target_date=form.cleaned_data["target_date"],
                    source=source,
                    raised_by=request.user,
                    ebi=ebi,
                ),
            )
        except once.RepeatedSubmission as repeat:
            return once.repeated_response(request, repeat, reverse("brokering:request_list"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Support request {support_request.reference} raised.")
            return redirect(support_request)
    return render(request, "brokering/request_form.html", {"form": form, "ebi": ebi})


def _raisable_ebis(user):
    return EvenBetterIf.objects.select_related("review", "practice_area").filter(
        review__status=Review.Status.PUBLISHED,
        review__school__in=permissions.schools_user_may_raise_for(user),
    )


@login_required
@require_POST
def request_from_ebi(request: HttpRequest, pk: int) -> HttpResponse:
    """One click from an even better if on a published review.

    With a practice area on the EBI the request is raised at once and the request page opens
    (its details can be edited until triage); without one, the form opens prefilled.
    """
    # Seen on a review the user may read (else 404); raised only by those who may raise for
    # the school (else 403: a senior partner reads the report but raises nothing).
    readable = EvenBetterIf.objects.filter(review__in=Review.objects.visible_to(request.user))
    ebi = get_object_or_404(
        readable.select_related("review__school", "practice_area"),
        pk=pk,
        review__status=Review.Status.PUBLISHED,
    )
    require_change_permission(permissions.may_raise_for(request.user, ebi.review.school))
    if ebi.practice_area is None:
        existing = SupportRequest.objects.filter(ebi=ebi, status__in=OPEN_STATUSES).first()
        if existing is None:
            return redirect(f"{reverse('brokering:request_create')}?ebi={ebi.pk}")
    # The EBI itself is the one-time token: its open request, if any, is what a repeat made.
    support_request, made = services.support_request_from_ebi(
        ebi=ebi,
        target_date=timezone.localdate() + datetime.timedelta(weeks=EBI_TARGET_WEEKS),
        raised_by=request.user,
    )
    if not made:
        messages.info(request, once.REPEAT_MESSAGE)
        return redirect(support_request)
    messages.success(
        request,
        f"Support request {support_request.reference} raised. Check the format and date, "
        "and edit them if needed before the central team triages it.",
    )
    return redirect(support_request)


@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = get_object_or_404(_visible(request), pk=pk)
    if not permissions.acts_for_requester(request.user, support_request):
        raise PermissionDenied("Only the requesting school, its hub or the central team edit this.")
    initial = {
        "practice_areas": support_request.practice_areas.all(),
        "needed": support_request.needed,
        "preferred_format": support_request.preferred_format,
        "target_date": support_request.target_date,
    }
    form = SupportRequestForm(request.POST or None, editing=True, initial=initial)
    version = int(request.POST.get("version") or support_request.version)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_request_update(
                request=support_request, version=version, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                _error(request, error)
                return redirect(support_request)
            # A field refused (a date in the past): the form again, with what was typed.
            form.add_error(None, error)
        else:
            messages.success(request, "Request updated.")
            return redirect(support_request)
    return render(
        request,
        "brokering/request_form.html",
        {"form": form, "support_request": support_request, "version": version},
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = get_object_or_404(
        _visible(request)
        # The query is planned once per connection (prepared statements), so joining the EBI
        # costs less than fetching it on its own.
        .select_related("school", "hub", "broker", "raised_by", "feedback", "ebi")
        .prefetch_related(
            "practice_areas",
            Prefetch("events", queryset=RequestEvent.objects.select_related("by")),
            Prefetch("engagements", queryset=Engagement.objects.select_related("provider")),
        ),
        pk=pk,
    )
    return render(
        request, "brokering/request_detail.html", _detail_context(request, support_request)
    )


def _detail_context(request: HttpRequest, support_request: SupportRequest) -> dict:
    user = request.user
    engagements = list(support_request.engagements.all())
    accepted = next((e for e in engagements if e.status == Engagement.Status.ACCEPTED), None)
    pending = next((e for e in engagements if e.status == Engagement.Status.PROPOSED), None)
    # Spare the permission check a query: the accepted engagement is already loaded.
    support_request.__dict__["accepted_engagement"] = accepted
    central = permissions.is_central(user)
    version = support_request.version
    actions = [
        t
        for t in transitions_from(support_request.status)
        if t.by != SYSTEM and permissions.may_make(user, support_request, t)
    ]
    feedback = getattr(support_request, "feedback", None)
    context = {
        "support_request": support_request,
        "engagements": engagements,
        "accepted": accepted,
        "pending": pending,
        "actions": actions,
        "can_edit": support_request.status == Status.SUBMITTED
        and permissions.acts_for_requester(user, support_request),
        "can_respond": pending is not None and permissions.acts_for_provider(user, pending),
        "can_record": accepted is not None and permissions.acts_for_provider(user, accepted),
        "feedback": feedback,
        "can_give_feedback": feedback is None
        and support_request.status in (Status.COMPLETED, Status.CLOSED)
        and permissions.acts_for_requester(user, support_request),
        "central": central,
        # An EBI's request links to the EBI's place in the school's improvement plan.
        "ebi_plan_url": f"{reverse('reviews:plan', args=[support_request.ebi.review_id])}"
        f"#ebi-{support_request.ebi_id}"
        if support_request.ebi_id and may_read_school_reviews(user, support_request.school)
        else "",
    }
    # The page writes its own small forms (a version, a note, a button); only these two are
    # rendered from form classes, and only when shown.
    if context["can_record"]:
        context["engagement_form"] = EngagementForm(instance=accepted)
    if context["can_give_feedback"]:
        context["feedback_form"] = FeedbackForm()
    if central:
        context["assign_form"] = AssignForm(
            initial={"version": version, "broker": support_request.broker_id}
        )
        # Still shown while a provider is asked: that one is marked, the others stay in view
        # for when it answers.
        if support_request.status in (Status.TRIAGED, Status.MATCHING):
            same_trust = request.GET.get("same_trust") == "1"
            context["same_trust"] = same_trust
            context["suggestions"] = ranked_providers(
                support_request, include_same_trust=same_trust
            )
    return context


def _acted(request: HttpRequest, support_request: SupportRequest, action, success: str):
    """Run a service call, turning a refusal into a message; then back to the request page."""
    try:
        action()
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, success)
    return redirect(support_request)


@login_required
@require_POST
def request_transition(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = get_object_or_404(_visible(request), pk=pk)
    # Read-only viewers (a senior partner) are refused before the form is even read.
    require_change_permission(permissions.may_act_on(request.user, support_request))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(support_request)
    to = form.cleaned_data["to"]
    transition = find_transition(support_request.status, to)
    if transition and not permissions.may_make(request.user, support_request, transition):
        raise PermissionDenied("You cannot make this change to the request.")
    return _acted(
        request,
        support_request,
        lambda: services.support_request_transition(
            request=support_request,
            to=to,
            by=request.user,
            version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        ),
        f"Request is now {Status(to).label.lower()}.",
    )


@login_required
@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = get_object_or_404(_visible(request), pk=pk)
    require_change_permission(permissions.is_central(request.user))
    form = AssignForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(support_request)
    broker = form.cleaned_data["broker"]
    return _acted(
        request,
        support_request,
        lambda: services.support_request_assign(
            request=support_request,
            broker=broker,
            by=request.user,
            version=form.cleaned_data["version"],
        ),
        f"Assigned to {broker}." if broker else "Broker removed.",
    )


@login_required
@require_POST
def request_propose(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = get_object_or_404(_visible(request), pk=pk)
    require_change_permission(permissions.is_central(request.user))
    form = ProposeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(support_request)
    provider = form.cleaned_data["provider"]
    return _acted(
        request,
        support_request,
        lambda: services.engagement_propose(
            request=support_request,
            provider=provider,
            by=request.user,
            version=form.cleaned_data["version"],
            format=form.cleaned_data["format"],
            note=form.cleaned_data["note"],
        ),
        f"{provider.name} has been asked to support this request.",
    )


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(
        Engagement.objects.select_related("request", "provider").filter(
            request__in=_visible(request)
        ),
        pk=pk,
    )


@login_required
@require_POST
def engagement_respond(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require_change_permission(permissions.acts_for_provider(request.user, engagement))
    form = RespondForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(engagement.request)
    accept = form.cleaned_data["accept"]
    return _acted(
        request,
        engagement.request,
        lambda: services.engagement_respond(
            engagement=engagement,
            accept=accept,
            by=request.user,
            version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        ),
        "Accepted: the request is brokered." if accept else "Proposal declined.",
    )


@login_required
@require_POST
def engagement_update(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require_change_permission(permissions.acts_for_provider(request.user, engagement))
    form = EngagementForm(request.POST, instance=Engagement.objects.get(pk=engagement.pk))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(engagement.request)
    return _acted(
        request,
        engagement.request,
        lambda: services.engagement_record(
            engagement=engagement, by=request.user, **form.cleaned_data
        ),
        "Engagement details saved.",
    )


@login_required
@require_POST
def feedback_give(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = get_object_or_404(_visible(request), pk=pk)
    require_change_permission(permissions.acts_for_requester(request.user, support_request))
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(support_request)
    return _acted(
        request,
        support_request,
        lambda: services.feedback_give(
            request=support_request, by=request.user, **form.cleaned_data
        ),
        "Thank you for your feedback.",
    )

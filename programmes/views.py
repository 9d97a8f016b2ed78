"""Programmes, cohorts and enrolments: the pages and every action on them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hubs import permissions as hub_permissions
from hubs.access import require_change_permission, scope_for
from hubs.models import Hub
from hubs.years import current_academic_year
from partnership.lib import once
from partnership.lib.exports import csv_download
from partnership.lib.tables import paginate
from programmes import permissions, services
from programmes.filters import CohortFilter, EnrolmentFilter
from programmes.forms import (
    ApplyForm,
    CohortCreateForm,
    CohortForm,
    CompleteForm,
    ParticipantAddForm,
    ParticipantFormSet,
    ProgrammeCreateForm,
    ProgrammeForm,
    SessionForm,
    TransitionForm,
)
from programmes.models import (
    Attendance,
    Cohort,
    Enrolment,
    Participant,
    Programme,
    Session,
    Status,
    StatusChange,
)
from programmes.tables import CohortEnrolmentTable, CohortTable, EnrolmentTable, ProgrammeTable


def _error(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Programmes


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    year = current_academic_year()
    programmes = Programme.objects.visible_to(request.user).annotate(
        cohorts_this_year=Count("cohorts", filter=Q(cohorts__academic_year=year))
    )
    if not request.GET.get("all"):
        programmes = programmes.filter(is_active=True)
    table = ProgrammeTable(programmes)
    paginate(request, table)
    return render(
        request,
        "programmes/programme_list.html",
        {
            "table": table,
            "may_run": permissions.may_run_programmes(request.user),
            "showing_all": bool(request.GET.get("all")),
        },
    )


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    if not hub_permissions.has_a_role(request.user):
        raise Http404
    require_change_permission(permissions.may_run_programmes(request.user))
    form = ProgrammeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = once.create_once_for_form(
                request, form, lambda: services.programme_save(programme=form.instance)
            )
        except once.RepeatedSubmission as repeat:
            return once.repeated_response(request, repeat, reverse("programmes:programme_list"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Programme “{programme.name}” added.")
            return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form})


def _programme(request: HttpRequest, slug: str) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(request.user), slug=slug)


@login_required
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    require_change_permission(permissions.may_run_programmes(request.user))
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(programme=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Programme saved.")
            return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form, "programme": programme})


@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    cohorts = Cohort.objects.visible_to(request.user).filter(programme=programme).for_table()
    filterset = CohortFilter(request.GET, queryset=cohorts, request=request)
    table = CohortTable(filterset.qs, exclude=[])
    paginate(request, table)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "filter": filterset,
            "table": table,
            "may_run": permissions.may_run_programmes(request.user),
            "may_create_cohorts": programme.is_active
            and permissions.may_create_cohorts(request.user),
        },
    )


# Cohorts


@login_required
def cohort_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    require_change_permission(permissions.may_create_cohorts(request.user))
    national = permissions.may_run_programmes(request.user)
    hubs = permissions.hubs_user_may_run(request.user)
    form = CohortCreateForm(
        request.POST or None,
        hubs=hubs,
        national_allowed=national,
        initial={"academic_year": current_academic_year()},
    )
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in ("submission_token", "version")
        }
        try:
            cohort = once.create_once_for_form(
                request,
                form,
                lambda: services.cohort_create(programme=programme, by=request.user, **data),
            )
        except once.RepeatedSubmission as repeat:
            return once.repeated_response(request, repeat, programme.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Cohort “{cohort.name}” added.")
            return redirect(cohort)
    return render(request, "programmes/cohort_form.html", {"form": form, "programme": programme})


def _cohort(request: HttpRequest, pk: int) -> Cohort:
    return get_object_or_404(
        Cohort.objects.visible_to(request.user).select_related("programme", "hub"), pk=pk
    )


@login_required
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    require_change_permission(permissions.may_run_cohort(request.user, cohort))
    form = CohortForm(
        request.POST or None,
        instance=Cohort.objects.select_related("programme").get(pk=cohort.pk),
        hubs=permissions.hubs_user_may_run(request.user),
        national_allowed=False,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        version = form.cleaned_data.get("version") or cohort.version
        try:
            services.cohort_update(cohort=cohort, version=version, by=request.user, **data)
        except services.Stale as error:
            _error(request, error)
            return redirect("programmes:cohort_edit", pk=cohort.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Cohort saved.")
            return redirect(cohort)
    return render(
        request,
        "programmes/cohort_form.html",
        {"form": form, "programme": cohort.programme, "cohort": cohort},
    )


def _cohort_enrolments(request: HttpRequest, cohort: Cohort):
    return (
        Enrolment.objects.visible_to(request.user)
        .filter(cohort=cohort)
        .for_table()
        .with_waitlist_position()
    )


@login_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(
        Cohort.objects.visible_to(request.user)
        .select_related("programme", "hub")
        .with_places_taken(),
        pk=pk,
    )
    enrolments = _cohort_enrolments(request, cohort)
    filterset = EnrolmentFilter(request.GET, queryset=enrolments, request=request)
    for name in ("programme", "kind", "academic_year"):
        del filterset.filters[name]
    reach = ["pupils_reached", "teachers_reached", "schools_reached"]
    shown_by_page = ["programme", "cohort", "year"]
    table = CohortEnrolmentTable(
        filterset.qs,
        exclude=shown_by_page + ([] if cohort.programme.is_whole_school else reach),
    )
    paginate(request, table)
    may_run = permissions.may_run_cohort(request.user, cohort)
    sessions = list(
        cohort.sessions.annotate(attended=Count("attendance", filter=Q(attendance__attended=True)))
    )
    return render(
        request,
        "programmes/cohort_detail.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "filter": filterset,
            "table": table,
            "sessions": sessions,
            "may_run": may_run,
            "may_apply": cohort.is_open_for_applications()
            and permissions.may_apply(request.user, cohort),
            "is_open": cohort.is_open_for_applications(),
            "is_full": cohort.places_taken >= cohort.capacity,
            "places_free": max(cohort.capacity - cohort.places_taken, 0),
        },
    )


ENROLMENT_HEADER = [
    "school",
    "urn",
    "school's hub",
    "programme",
    "cohort",
    "academic year",
    "cohort hub",
    "status",
    "participants",
    "applied",
    "completed",
    "pupils reached",
    "teachers reached",
    "schools reached",
]


def _enrolment_csv(queryset, filename: str) -> StreamingHttpResponse:
    def rows():
        yield ENROLMENT_HEADER
        for e in queryset.order_by("-applied_at", "-pk").iterator(chunk_size=2000):
            yield (
                e.school.name,
                e.school.urn,
                e.school.hub.name if e.school.hub_id else "",
                e.cohort.programme.name,
                e.cohort.name,
                e.cohort.year_label,
                e.cohort.hub.name if e.cohort.hub_id else "National",
                e.get_status_display(),
                e.participant_count,
                timezone.localdate(e.applied_at).isoformat(),
                e.completed_on.isoformat() if e.completed_on else "",
                e.pupils_reached,
                e.teachers_reached,
                e.schools_reached,
            )

    return csv_download(rows(), filename)


@login_required
def cohort_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    cohort = _cohort(request, pk)
    filterset = EnrolmentFilter(
        request.GET,
        queryset=Enrolment.objects.visible_to(request.user).filter(cohort=cohort).for_table(),
        request=request,
    )
    return _enrolment_csv(filterset.qs, f"cohort-{cohort.pk}-enrolments.csv")


@login_required
def cohort_apply(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    schools = permissions.schools_user_may_enrol(request.user, cohort)
    require_change_permission(schools.exists())
    if not cohort.is_open_for_applications():
        messages.error(request, "Applications to this cohort have closed.")
        return redirect(cohort)
    form = ApplyForm(request.POST or None, schools=schools)
    participants = ParticipantFormSet(
        request.POST or None,
        prefix="participants",
        form_kwargs={"roles": cohort.programme.participant_roles},
    )
    if request.method == "POST" and form.is_valid() and participants.is_valid():
        people = [
            services.NewParticipant(p["full_name"], p["role"], p.get("email") or "")
            for p in participants.cleaned_data
            if p.get("full_name")
        ]
        try:
            enrolment = once.create_once_for_form(
                request,
                form,
                lambda: services.enrolment_apply(
                    cohort=cohort,
                    school=form.cleaned_data["school"],
                    participants=people,
                    by=request.user,
                ),
            )
        except once.RepeatedSubmission as repeat:
            return once.repeated_response(request, repeat, cohort.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if enrolment.status == Status.WAITLISTED:
                messages.warning(
                    request,
                    f"The cohort is full, so {enrolment.school.name} is on its waitlist. "
                    "The school will be emailed if a place frees up.",
                )
            else:
                messages.success(request, f"{enrolment.school.name} has applied and holds a place.")
            return redirect(enrolment)
    return render(
        request,
        "programmes/apply_form.html",
        {"form": form, "participants": participants, "cohort": cohort},
    )


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    require_change_permission(permissions.may_run_cohort(request.user, cohort))
    form = SessionForm(request.POST or None, initial={"held_on": cohort.starts_on})
    if request.method == "POST" and form.is_valid():
        try:
            once.create_once_for_form(
                request,
                form,
                lambda: services.session_create(
                    cohort=cohort,
                    title=form.cleaned_data["title"],
                    held_on=form.cleaned_data["held_on"],
                ),
            )
        except once.RepeatedSubmission as repeat:
            return once.repeated_response(request, repeat, cohort.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Session added.")
            return redirect(cohort)
    return render(request, "programmes/session_form.html", {"form": form, "cohort": cohort})


@login_required
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(
        Session.objects.filter(cohort__in=Cohort.objects.visible_to(request.user)).select_related(
            "cohort__programme", "cohort__hub"
        ),
        pk=pk,
    )
    cohort = session.cohort
    require_change_permission(permissions.may_run_cohort(request.user, cohort))
    participants = list(
        Participant.objects.filter(
            enrolment__cohort=cohort,
            enrolment__status__in=[Status.APPLIED, Status.ACCEPTED, Status.COMPLETED],
        )
        .select_related("enrolment__school")
        .order_by("enrolment__school__name", "full_name", "pk")
    )
    if request.method == "POST":
        ids = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
        count = services.attendance_record(session=session, attended_ids=ids, by=request.user)
        messages.success(request, f"Attendance saved: {count} of {len(participants)} attended.")
        return redirect(cohort)
    attended = set(
        Attendance.objects.filter(session=session, attended=True).values_list(
            "participant_id", flat=True
        )
    )
    return render(
        request,
        "programmes/attendance_form.html",
        {"session": session, "cohort": cohort, "participants": participants, "attended": attended},
    )


# Enrolments


def _enrolment(request: HttpRequest, pk: int) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.visible_to(request.user).select_related(
            "cohort__programme", "cohort__hub", "school__hub", "applied_by"
        ),
        pk=pk,
    )


@login_required
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    user = request.user
    cohort = enrolment.cohort
    participants = list(
        enrolment.participants.annotate(
            attended=Count("attendance", filter=Q(attendance__attended=True))
        )
    )
    changes = list(StatusChange.objects.filter(enrolment=enrolment).select_related("by"))
    actions = [
        (target, label)
        for target, label, by in services.transitions_from(enrolment.status)
        if by != services.SYSTEM
        and target != Status.COMPLETED
        and permissions.may_make(user, enrolment, by)
    ]
    may_change = permissions.may_change_enrolment(user, enrolment)
    may_complete = enrolment.status == Status.ACCEPTED and permissions.may_run_cohort(user, cohort)
    position = None
    if enrolment.status == Status.WAITLISTED:
        position = (
            Enrolment.objects.filter(pk=enrolment.pk)
            .with_waitlist_position()
            .values_list("waitlist_position", flat=True)[0]
        )
    return render(
        request,
        "programmes/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "cohort": cohort,
            "programme": cohort.programme,
            "participants": participants,
            # Attendance counts against the sessions held so far.
            "session_count": cohort.sessions.filter(held_on__lte=timezone.localdate()).count(),
            "changes": changes,
            "actions": actions,
            "may_add_participant": may_change and enrolment.status != Status.WITHDRAWN,
            "participant_form": ParticipantAddForm(),
            "may_complete": may_complete,
            "complete_form": CompleteForm(
                whole_school=cohort.programme.is_whole_school,
                initial={"version": enrolment.version, "completed_on": timezone.localdate()},
            )
            if may_complete
            else None,
            "waitlist_position": position,
        },
    )


@login_required
@require_POST
def enrolment_transition(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    form = TransitionForm(request.POST)
    allowed = {
        target: by
        for target, _, by in services.transitions_from(enrolment.status)
        if by != services.SYSTEM and target != Status.COMPLETED
    }
    require_change_permission(
        any(permissions.may_make(request.user, enrolment, by) for by in allowed.values())
        or permissions.may_change_enrolment(request.user, enrolment)
    )
    if not form.is_valid():
        messages.error(request, "Choose what to do.")
        return redirect(enrolment)
    target = form.cleaned_data["to"]
    if target not in allowed:
        messages.error(request, "That change cannot be made now.")
        return redirect(enrolment)
    require_change_permission(permissions.may_make(request.user, enrolment, allowed[target]))
    try:
        updated = services.enrolment_transition(
            enrolment=enrolment, to=target, by=request.user, version=form.cleaned_data["version"]
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request, f"{updated.school.name} is now {updated.get_status_display().lower()}."
        )
    return redirect(enrolment)


@login_required
@require_POST
def enrolment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_change_permission(permissions.may_run_cohort(request.user, enrolment.cohort))
    form = CompleteForm(request.POST, whole_school=enrolment.cohort.programme.is_whole_school)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}: {error}"
                )
        return redirect(enrolment)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        services.enrolment_transition(
            enrolment=enrolment, to=Status.COMPLETED, by=request.user, version=version, **data
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, "Marked completed.")
    return redirect(enrolment)


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require_change_permission(permissions.may_change_enrolment(request.user, enrolment))
    form = ParticipantAddForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request,
                    f"{form.fields[field].label}: {error}" if field in form.fields else error,
                )
        return redirect(enrolment)
    try:
        participant = services.participant_add(
            enrolment=enrolment, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, f"{participant.full_name} added.")
    return redirect(enrolment)


# Lists of enrolments


def _enrolment_list(request, queryset, template: str, context: dict, *, exclude=(), count=True):
    filterset = EnrolmentFilter(request.GET, queryset=queryset, request=request)
    table = EnrolmentTable(filterset.qs, exclude=list(exclude))
    # The network's list (200,000 enrolments at national scale) pages on without counting them.
    paginate(request, table, count=count)
    totals = None
    if request.GET.get("kind") == "whole_school" or context.get("show_reach"):
        totals = filterset.qs.order_by().reach_totals()
    return render(
        request,
        template,
        {"filter": filterset, "table": table, "reach": totals, **context},
    )


@login_required
def my_school(request: HttpRequest) -> HttpResponse:
    """A school contact's enrolments, and the cohorts their school may still apply to."""
    scope = scope_for(request.user)
    enrolments = Enrolment.objects.filter(school_id__in=scope.contact_school_ids).for_table()
    today = timezone.localdate()
    open_cohorts = (
        list(
            Cohort.objects.visible_to(request.user)
            .filter(
                Q(applications_close_on__gte=today)
                | Q(applications_close_on__isnull=True, starts_on__gte=today)
            )
            .filter(programme__is_active=True)
            .select_related("programme", "hub")
            .order_by("applications_close_on", "starts_on", "pk")[:10]
        )
        if scope.contact_school_ids
        else []
    )
    return _enrolment_list(
        request,
        enrolments,
        "programmes/my_school.html",
        {"open_cohorts": open_cohorts, "is_contact": bool(scope.contact_school_ids)},
        exclude=["urn"],
    )


@login_required
def hub_enrolments(request: HttpRequest, slug: str) -> HttpResponse:
    hub = get_object_or_404(Hub.objects.visible_to(request.user), slug=slug)
    if not permissions.may_see_hub_enrolments(request.user, hub):
        raise Http404
    return _enrolment_list(
        request,
        _hub_enrolments(hub),
        "programmes/enrolment_list.html",
        {"hub": hub, "export_url": reverse("programmes:hub_enrolments_export", args=[hub.slug])},
    )


def _hub_enrolments(hub: Hub):
    """The enrolments of the hub's schools and of its cohorts.

    The ids are read first (two small indexed queries): an OR across two joins would scan every
    enrolment, while an OR of two id lists is two index scans.
    """
    schools = list(hub.schools.values_list("pk", flat=True))
    cohorts = list(hub.cohorts.values_list("pk", flat=True))
    return Enrolment.objects.filter(Q(school_id__in=schools) | Q(cohort_id__in=cohorts)).for_table()


@login_required
def hub_enrolments_export(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    hub = get_object_or_404(Hub.objects.visible_to(request.user), slug=slug)
    if not permissions.may_see_hub_enrolments(request.user, hub):
        raise Http404
    filterset = EnrolmentFilter(request.GET, queryset=_hub_enrolments(hub), request=request)
    return _enrolment_csv(filterset.qs, f"{hub.slug}-enrolments.csv")


@login_required
def network_enrolments(request: HttpRequest) -> HttpResponse:
    if not permissions.may_see_network_enrolments(request.user):
        raise Http404
    return _enrolment_list(
        request,
        Enrolment.objects.for_table(),
        "programmes/enrolment_list.html",
        {"export_url": reverse("programmes:network_enrolments_export")},
        count=False,
    )


@login_required
def network_enrolments_export(request: HttpRequest) -> StreamingHttpResponse:
    if not permissions.may_see_network_enrolments(request.user):
        raise Http404
    filterset = EnrolmentFilter(
        request.GET, queryset=Enrolment.objects.for_table(), request=request
    )
    return _enrolment_csv(filterset.qs, "enrolments.csv")

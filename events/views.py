"""Pages for events: the list, an event and its bookings, a hub's year of events, the calendar
feed.

An event outside the user's scope answers 404; one they may read but not run answers 403 to a
change. The subscription feed needs no sign-in: its secret address is the key.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from events import services
from events.calendar import feed_events, hub_calendar_ics, months_of_year, personal_calendar
from events.forms import BookingForm, EventForm
from events.models import Booking, CalendarFeed, Event
from events.permissions import (
    may_add_hub_event,
    may_book,
    may_book_events,
    may_run_event,
    may_run_national_events,
)
from events.tables import EventTable
from hubs.models import Hub
from hubs.operations.forms import YearForm
from hubs.years import academic_year_label, current_academic_year
from partnership.lib.once import RepeatedSubmission, create_once_for_form, repeated_response
from partnership.lib.sections import Page, sections_for
from partnership.lib.tables import paginate


def require_change(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("You can read this but not change it.")


def selected_year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else current_academic_year()


def hub_in_scope(request: HttpRequest, slug: str, *, change: bool = False) -> Hub:
    """The hub if the user reads its pages (else 404); with change=True, 403 unless they may
    run its events (its managers and its senior partner)."""
    hub = get_object_or_404(Hub.objects.visible_to(request.user), slug=slug)
    if change:
        require_change(may_add_hub_event(request.user, hub))
    return hub


def hub_page_context(request: HttpRequest, hub: Hub, year: int, **extra) -> dict:
    return {
        "hub": hub,
        "year": year,
        "year_label": academic_year_label(year),
        "year_form": YearForm(initial={"year": year}),
        "can_change": may_add_hub_event(request.user, hub),
        **extra,
    }


@login_required
def hub_events(request: HttpRequest, slug: str) -> HttpResponse:
    hub = hub_in_scope(request, slug)
    year = selected_year(request)
    year_events = (
        Event.objects.filter(hub=hub)
        .for_year(year)
        .prefetch_related(Prefetch("schools_attended", to_attr="attended"))
    )
    context = hub_page_context(request, hub, year, months=months_of_year(year, year_events))
    return render(request, "events/hub_events.html", context)


@login_required
def hub_event_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    hub = hub_in_scope(request, slug, change=True)
    event = get_object_or_404(Event, hub=hub, pk=pk) if pk else Event(hub=hub)
    form = EventForm(request.POST or None, instance=event, hub=hub)
    events_url = f"{reverse('events:hub_events', args=[hub.slug])}?year={selected_year(request)}"
    if request.method == "POST" and form.is_valid():
        try:
            event = form.save() if event.pk else create_once_for_form(request, form, form.save)
        except RepeatedSubmission as repeat:
            return repeated_response(request, repeat, events_url)
        messages.success(request, f"{event.title} saved.")
        return redirect(events_url)
    context = hub_page_context(request, hub, selected_year(request), form=form, event=event)
    return render(request, "events/hub_event_form.html", context)


@login_required
def hub_events_ics(request: HttpRequest, slug: str) -> HttpResponse:
    hub = hub_in_scope(request, slug)
    body = hub_calendar_ics(hub, Event.objects.filter(hub=hub).order_by("starts_at"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{hub.slug}.ics"'
    return response


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("when") == "past"
    now = timezone.now()
    events = Event.objects.visible_to(request.user).for_table(request.user)
    events = events.filter(ends_at__lt=now) if past else events.filter(ends_at__gte=now)
    table = EventTable(events, order_by="-starts_at" if past else "starts_at")
    paginate(request, table, count=False)
    context = {
        "table": table,
        "past": past,
        "may_add_national": may_run_national_events(request.user),
    }
    return render(request, "events/event_list.html", context)


def event_in_scope(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(Event.objects.visible_to(request.user).select_related("hub"), pk=pk)


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_in_scope(request, pk)
    user = request.user
    runs = may_run_event(user, event)
    mine = Booking.objects.active().filter(event=event, user=user).first()
    bookings = (
        list(event.bookings.active().select_related("user").order_by("status", "booked_at", "id"))
        if runs
        else []
    )
    booked = (
        sum(1 for b in bookings if b.status == Booking.Status.BOOKED)
        if runs
        else event.bookings.filter(status=Booking.Status.BOOKED).count()
    )
    context = {
        "event": event,
        "mine": mine,
        "may_book": mine is None and may_book(user, event),
        "book_form": BookingForm(),
        "may_cancel": mine is not None and event.may_still_cancel(),
        "runs": runs,
        "booked": booked,
        "full": event.capacity is not None and booked >= event.capacity,
        "places": [b for b in bookings if b.status == Booking.Status.BOOKED],
        "waitlist": [b for b in bookings if b.status == Booking.Status.WAITLISTED],
        "may_mark": runs and event.is_on_or_past_its_day,
        "edit_url": (
            reverse("events:hub_event_edit", args=[event.hub.slug, event.pk])
            if event.hub_id
            else reverse("events:edit", args=[event.pk])
        ),
    }
    return render(request, "events/event_detail.html", context)


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    """A national event: the central team's (anyone else: 404)."""
    if not may_run_national_events(request.user):
        raise Http404
    form = EventForm(request.POST or None, instance=Event(), hub=None)
    if request.method == "POST" and form.is_valid():
        try:
            event = create_once_for_form(request, form, form.save)
        except RepeatedSubmission as repeat:
            return repeated_response(request, repeat, reverse("events:list"))
        messages.success(request, f"{event.title} saved.")
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_in_scope(request, pk)
    require_change(may_run_event(request.user, event))
    form = EventForm(request.POST or None, instance=event, hub=event.hub)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{event.title} saved.")
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_book(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_in_scope(request, pk)
    require_change(may_book_events(request.user))
    form = BookingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please try booking again.")
        return redirect(event)
    try:
        booking = create_once_for_form(
            request, form, lambda: services.booking_create(event=event, user=request.user)
        )
    except RepeatedSubmission as repeat:
        return repeated_response(request, repeat, event.get_absolute_url())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(event)
    if booking.status == Booking.Status.BOOKED:
        messages.success(request, "Your place is booked.")
    else:
        messages.info(request, "The event is full: you are on the waitlist.")
    return redirect(event)


@login_required
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_in_scope(request, pk)
    booking = Booking.objects.active().filter(event=event, user=request.user).first()
    if booking is None:
        messages.info(request, "You have no place at this event to cancel.")
        return redirect(event)
    try:
        services.booking_cancel(booking=booking)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(event)
    messages.success(request, "Your booking is cancelled.")
    return redirect(event)


@login_required
@require_POST
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_in_scope(request, pk)
    require_change(may_run_event(request.user, event))
    try:
        services.attendance_mark(
            event=event,
            attended_ids=[int(v) for v in request.POST.getlist("attended") if v.isdigit()],
            booked_ids=[int(v) for v in request.POST.getlist("booking") if v.isdigit()],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Attendance saved.")
    return redirect(event)


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()
    context = {
        "feed_url": (
            request.build_absolute_uri(reverse("events:feed", args=[feed.token])) if feed else ""
        )
    }
    return render(request, "events/calendar.html", context)


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    """Make the address (the first time), or a new one: the old one stops working."""
    existed = CalendarFeed.objects.filter(user=request.user).exists()
    services.calendar_feed_reset(user=request.user)
    if existed:
        messages.success(request, "Your calendar has a new address; the old one no longer works.")
    else:
        messages.success(request, "Your calendar address is ready.")
    return redirect("events:calendar")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar app's subscription: no sign-in, the token is the key (a wrong one: 404)."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token=token, user__is_active=True
    )
    user = feed.user

    def link(event):
        return services.absolute_url(reverse("events:detail", args=[event.pk]))

    body = personal_calendar(user, feed_events(user), sections_for(Page.CALENDAR, user), link)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response

"""What this app adds to pages: the navigation, the hub page, the school profile and the
programme deadlines of a person's weekly digest."""

from hubs import permissions as hub_permissions
from hubs.access import scope_for
from hubs.models import School
from partnership.lib.digest import DigestBatch, absolute_url, first
from partnership.lib.sections import Page, section
from programmes import permissions
from programmes.models import LIVE, Cohort, Enrolment

ENROLMENTS_SHOWN = 8
# A digest names at most this many deadlines; the rest are on the programmes pages.
DIGEST_DEADLINES = 8


@section(Page.NAVIGATION)
def navigation(user, _) -> list:
    if not hub_permissions.has_a_role(user):
        return []
    entries = [("All programmes", "programmes:programme_list")]
    if hub_permissions.is_school_contact(user):
        entries.append(("My school's programmes", "programmes:my_school"))
    if permissions.may_see_network_enrolments(user):
        entries.append(("The network's enrolments", "programmes:network_enrolments"))
    return [("Programmes", entries)]


@section(Page.HUB_PAGE)
def hub_enrolments(user, hub) -> list:
    if hub is None or not permissions.may_see_hub_enrolments(user, hub):
        return []
    return [("programmes/sections/hub_page.html", {"hub": hub})]


@section(Page.SCHOOL_PROFILE)
def school_enrolments(user, school) -> list:
    if school is None or not hub_permissions.may_read_school_record(user, school):
        return []
    enrolments = list(
        Enrolment.objects.visible_to(user)
        .filter(school=school)
        .select_related("cohort__programme")
        .only(
            "status",
            "applied_at",
            "cohort__name",
            "cohort__academic_year",
            "cohort__programme__name",
        )[:ENROLMENTS_SHOWN]
    )
    return [
        ("programmes/sections/school_profile.html", {"school": school, "enrolments": enrolments})
    ]


def _deadlines(batch: DigestBatch) -> dict:
    """The cohorts whose applications close in the next fortnight (few, network-wide) by hub
    (None: national), the phase and hub of the batch's contacts' schools, and those schools'
    live enrolments in these cohorts: three queries for the whole batch."""
    week = batch.week
    cohorts = list(Cohort.objects.deadlines_between(week.starts_on, week.fortnight_end))
    by_hub: dict[int | None, list] = {}
    for cohort in cohorts:
        by_hub.setdefault(cohort.hub_id, []).append(cohort)
    school_ids = set().union(*(scope_for(user).contact_school_ids for user in batch.users))
    schools, enrolled = {}, {}
    if cohorts and school_ids:
        schools = {
            pk: (name, phase, hub_id)
            for pk, name, phase, hub_id in School.objects.filter(pk__in=school_ids).values_list(
                "pk", "name", "phase", "hub_id"
            )
        }
        by_pk = {cohort.pk: cohort for cohort in cohorts}
        live = Enrolment.objects.filter(
            cohort__in=list(by_pk), school_id__in=school_ids, status__in=LIVE
        ).values_list("cohort_id", "school_id", "status")
        for cohort_id, school_id, status in live:
            enrolled.setdefault(school_id, []).append((by_pk[cohort_id], status))
    return {"by_hub": by_hub, "schools": schools, "enrolled": enrolled}


def _deadline_line(cohort) -> tuple[str, str]:
    text = (
        f"{cohort.applications_close_on:%a %-d %b}: applications close for "
        f"{cohort.programme.name}, {cohort.name} ({cohort.where})"
    )
    return text, absolute_url(cohort.get_absolute_url())


def _with_note(line: tuple[str, str], notes: list[str]) -> tuple[str, str]:
    text, url = line
    return (f"{text} ({'; '.join(notes)})" if notes else text), url


def _closing_order(cohort) -> tuple:
    return cohort.applications_close_on, cohort.pk


@section(Page.DIGEST)
def digest(user, batch: DigestBatch) -> list[tuple[str, list]]:
    """Programme deadlines in the next fortnight. Hub staff: their hubs' and the national
    cohorts'. A school's contacts: the cohorts open to their school (national or their hub's,
    for the school's phase) and those their school has applied to, with how it stands."""
    scope = scope_for(user)
    if not (scope.hub_ids or scope.contact_school_ids):
        return []
    found = batch.once("programme deadlines", _deadlines)
    by_hub = found["by_hub"]
    if not by_hub:
        return []
    notes: dict = {}
    if scope.hub_ids:
        for hub_id in (None, *scope.hub_ids):
            for cohort in by_hub.get(hub_id, []):
                notes[cohort] = []
    else:
        for school_id in sorted(scope.contact_school_ids):
            name, phase, hub_id = found["schools"][school_id]
            for cohort in by_hub.get(None, []) + (by_hub.get(hub_id, []) if hub_id else []):
                if cohort.programme.admits_phase(phase):
                    notes.setdefault(cohort, [])
            for cohort, status in found["enrolled"].get(school_id, []):
                label = Enrolment.Status(status).label.lower()
                notes.setdefault(cohort, []).append(f"{name}: {label}")
    chosen = first(notes, DIGEST_DEADLINES, key=_closing_order)
    lines = [_with_note(batch.line(c, _deadline_line), notes[c]) for c in chosen]
    return [("Programme deadlines", lines)] if lines else []

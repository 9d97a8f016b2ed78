"""Who may do what with programmes, cohorts and enrolments (seeing them is each model's
`visible_to`). The central team runs programmes and national cohorts; a hub manager runs their
hub's cohorts and enrols their hub's schools; a school's contact applies for their school and
names its participants."""

from django.db.models import Q, QuerySet

from hubs import permissions as hubs
from hubs.access import scope_for
from hubs.models import Hub, School
from programmes.models import Cohort, Enrolment
from programmes.services import RUNNER, SCHOOL


def may_run_programmes(user) -> bool:
    """Programmes themselves, and national cohorts, are the central team's."""
    return hubs.is_central_team(user)


def may_create_cohorts(user) -> bool:
    return hubs.is_central_team(user) or hubs.manages_a_hub(user)


def hubs_user_may_run(user) -> QuerySet[Hub]:
    """The hubs whose cohorts the user may create: all for the central team, else managed."""
    scope = scope_for(user)
    if scope.whole_network:
        return Hub.objects.all()
    return Hub.objects.filter(pk__in=scope.managed_hub_ids)


def may_run_cohort(user, cohort: Cohort) -> bool:
    """A national cohort is the central team's; a hub's cohort its managers' too."""
    scope = scope_for(user)
    return scope.whole_network or (
        cohort.hub_id is not None and cohort.hub_id in scope.managed_hub_ids
    )


def schools_user_may_enrol(user, cohort: Cohort | None = None) -> QuerySet[School]:
    """Contacts their own schools, hub managers their hub's schools, the central team any;
    for a hub's cohort, only that hub's schools."""
    scope = scope_for(user)
    if scope.whole_network:
        schools = School.objects.all()
    else:
        schools = School.objects.filter(
            Q(id__in=scope.contact_school_ids) | Q(hub_id__in=scope.managed_hub_ids)
        )
    if cohort is not None and cohort.hub_id is not None:
        schools = schools.filter(hub_id=cohort.hub_id)
    return schools


def may_apply(user, cohort: Cohort) -> bool:
    return schools_user_may_enrol(user, cohort).exists()


def acts_for_school(user, enrolment: Enrolment) -> bool:
    """The school's contacts, its hub's managers and the central team."""
    scope = scope_for(user)
    return (
        scope.whole_network
        or enrolment.school_id in scope.contact_school_ids
        or (
            enrolment.school.hub_id is not None and enrolment.school.hub_id in scope.managed_hub_ids
        )
    )


def may_change_enrolment(user, enrolment: Enrolment) -> bool:
    """Names participants, withdraws: the school's side, and those who run the cohort."""
    return acts_for_school(user, enrolment) or may_run_cohort(user, enrolment.cohort)


def may_make(user, enrolment: Enrolment, by: str) -> bool:
    if by == RUNNER:
        return may_run_cohort(user, enrolment.cohort)
    if by == SCHOOL:
        return may_change_enrolment(user, enrolment)
    return False


def may_see_network_enrolments(user) -> bool:
    return hubs.is_central_team(user)


def may_see_hub_enrolments(user, hub: Hub) -> bool:
    return hubs.may_read_hub(user, hub)

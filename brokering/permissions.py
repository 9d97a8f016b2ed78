"""Who may act on a support request (seeing it is `SupportRequest.objects.visible_to`)."""

from django.db.models import Q, QuerySet

from brokering.models import CENTRAL, PROVIDER, REQUESTER, Engagement, SupportRequest, Transition
from hubs import permissions as hubs
from hubs.access import scope_for
from hubs.models import School


def is_central(user) -> bool:
    return hubs.is_central_team(user)


def may_work_the_queue(user) -> bool:
    """The queue (its list, CSV and bulk assigning) is the central team's: 404 to anyone else."""
    return is_central(user)


def sees_broker_filters(user) -> bool:
    """Filtering by broker (or "assigned to me") is for those who broker: the central team."""
    return is_central(user)


def may_see_support_requests(user) -> bool:
    """The requests list of their hubs' and schools' requests, for hub staff and contacts."""
    return hubs.has_a_role(user)


def may_see_school_requests(user, school: School) -> bool:
    """All of a school's requests, as its profile lists them: the school's own people."""
    return hubs.may_read_school_record(user, school)


def schools_user_may_raise_for(user) -> QuerySet[School]:
    """Their own schools for contacts, their hub's schools for hub managers, all for central."""
    scope = scope_for(user)
    if scope.whole_network:
        return School.objects.all()
    return School.objects.filter(
        Q(id__in=scope.contact_school_ids) | Q(hub_id__in=scope.managed_hub_ids)
    )


def may_raise_for(user, school: School) -> bool:
    """The school's contacts, the managers of its hub, and the central team."""
    return hubs.is_contact_for(user, school) or hubs.manages_school(user, school)


def raises_as(user, school: School) -> str:
    """Whose request it is when this user raises one for the school: its source."""
    if is_central(user):
        return SupportRequest.Source.CENTRAL
    if hubs.is_contact_for(user, school):
        return SupportRequest.Source.SCHOOL
    return SupportRequest.Source.HUB


def acts_for_requester(user, request: SupportRequest) -> bool:
    """The requesting school's contacts, the managers of its hub, and the central team."""
    scope = scope_for(user)
    return (
        scope.whole_network
        or request.school_id in scope.contact_school_ids
        or (request.hub_id is not None and request.hub_id in scope.managed_hub_ids)
    )


def acts_for_provider(user, engagement: Engagement | None) -> bool:
    """The provider school's contacts, and the central team."""
    scope = scope_for(user)
    if scope.whole_network:
        return True
    return engagement is not None and engagement.provider_id in scope.contact_school_ids


def may_act_on(user, request: SupportRequest) -> bool:
    """Someone who may move the request on at all: its requesting side or its provider."""
    return acts_for_requester(user, request) or acts_for_provider(user, request.accepted_engagement)


def may_make(user, request: SupportRequest, transition: Transition) -> bool:
    if transition.by == CENTRAL:
        return is_central(user)
    if transition.by == REQUESTER:
        return acts_for_requester(user, request)
    if transition.by == PROVIDER:
        return acts_for_provider(user, request.accepted_engagement)
    return False

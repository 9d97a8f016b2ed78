"""Who may act on a support request (seeing it is `SupportRequest.objects.visible_to`)."""

from django.db.models import Q, QuerySet

from brokering.models import CENTRAL, PROVIDER, REQUESTER, Engagement, SupportRequest, Transition
from hubs.access import scope_for
from hubs.models import School


def schools_user_may_raise_for(user) -> QuerySet[School]:
    """Their own schools for contacts, their hub's schools for hub managers, all for central."""
    scope = scope_for(user)
    if scope.whole_network:
        return School.objects.all()
    return School.objects.filter(
        Q(id__in=scope.contact_school_ids) | Q(hub_id__in=scope.managed_hub_ids)
    )


def may_raise_for(user, school: School) -> bool:
    scope = scope_for(user)
    return (
        scope.whole_network
        or school.pk in scope.contact_school_ids
        or (school.hub_id is not None and school.hub_id in scope.managed_hub_ids)
    )


def is_central(user) -> bool:
    return scope_for(user).whole_network


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

"""Who may do what with events: the predicates that views, sections and pages ask.

The central team runs national events; a hub's managers run its events, and the hub's senior
partner may edit them too. Which events a user sees at all is `Event.objects.visible_to(user)`.
"""

from hubs.access import scope_for
from partnership.lib.sections import Page, sections_for


def may_run_national_events(user) -> bool:
    return scope_for(user).whole_network


def may_run_event(user, event) -> bool:
    """Edit the event, see its bookings and mark who came."""
    scope = scope_for(user)
    if scope.whole_network:
        return True
    if event.hub_id is None:
        return False
    return event.hub_id in scope.managed_hub_ids or event.hub_id in scope.partner_hub_ids


def may_add_hub_event(user, hub) -> bool:
    scope = scope_for(user)
    return scope.whole_network or hub.pk in scope.managed_hub_ids or hub.pk in scope.partner_hub_ids


def is_reviewer(user) -> bool:
    """Asked of the reviews app through its section, so that events does not import it."""
    return any(sections_for(Page.EVENT_BOOKERS, user))


def may_book_events(user) -> bool:
    """Bookings are open to school contacts, hub managers and reviewers."""
    scope = scope_for(user)
    return scope.is_school_contact or scope.is_hub_manager or is_reviewer(user)


def may_book(user, event) -> bool:
    return not event.has_started and may_book_events(user)

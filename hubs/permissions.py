"""Who may do what with hubs and schools: the predicates that views, sections and pages ask.

Built on `hubs.access.scope_for`. Which rows a user sees in a list is each model's
`visible_to(user)`; these say whether a user may open a page or make a change. Reading a hub
(its dashboard, operations and reports) is for its managers and its senior partner; changing
it is for its managers, except that its senior partner, who leads it, edits its action plan and
agrees its spend targets; the central team (and admins) may do everything, everywhere.
"""

from hubs.access import scope_for


def is_central_team(user) -> bool:
    """The central team and admins: every hub and school, and the network's own pages."""
    return scope_for(user).whole_network


def manages_a_hub(user) -> bool:
    return scope_for(user).is_hub_manager


def is_senior_partner(user) -> bool:
    return scope_for(user).is_senior_partner


def is_hub_staff(user) -> bool:
    """A hub manager or a senior partner, of at least one hub."""
    return bool(scope_for(user).hub_ids)


def is_school_contact(user) -> bool:
    return scope_for(user).is_school_contact


def has_a_role(user) -> bool:
    """The central team, hub staff or a school's contact: anyone with schools to see."""
    return is_central_team(user) or is_hub_staff(user) or is_school_contact(user)


def staffed_hub_ids(user) -> frozenset[int]:
    """The hubs whose dashboard a hub manager or senior partner reads (none for the central
    team, who read every hub's figures as the network's)."""
    return scope_for(user).hub_ids


def contact_school_ids(user) -> frozenset[int]:
    """The schools the user acts for as one of their contacts."""
    return scope_for(user).contact_school_ids


def may_list_hubs(user) -> bool:
    return is_central_team(user) or is_hub_staff(user)


def may_list_schools(user) -> bool:
    return has_a_role(user)


def may_read_hub(user, hub) -> bool:
    """Its managers and senior partner read a hub's pages (others in the network get 404)."""
    scope = scope_for(user)
    return scope.whole_network or (hub is not None and hub.pk in scope.hub_ids)


def may_read_hub_page(user, hub) -> bool:
    """The hub's page (its schools, people and events, not its money) is also read by the
    contacts of its schools."""
    return may_read_hub(user, hub) or (
        hub is not None and hub.pk in scope_for(user).contact_hub_ids
    )


def may_manage_hub(user, hub) -> bool:
    """Its managers change a hub's operations; its senior partner only reads them (403)."""
    scope = scope_for(user)
    return scope.whole_network or (hub is not None and hub.pk in scope.managed_hub_ids)


def may_lead_hub(user, hub) -> bool:
    """Its managers and its senior partner, who leads the hub, change its action plan."""
    scope = scope_for(user)
    return scope.whole_network or (hub is not None and hub.pk in scope.hub_ids)


def may_agree_spend_targets(user, hub) -> bool:
    """A hub's spend targets per category are agreed by its senior partner (or the central
    team); its managers read them against their spend."""
    scope = scope_for(user)
    return scope.whole_network or (hub is not None and hub.pk in scope.partner_hub_ids)


def is_contact_for(user, school) -> bool:
    return school.pk in scope_for(user).contact_school_ids


def headteacher_school_ids(user) -> frozenset[int]:
    """The schools the user is the contact marked as headteacher of."""
    return scope_for(user).headteacher_school_ids


def manages_school(user, school) -> bool:
    """The central team, and the managers of the school's hub."""
    scope = scope_for(user)
    return scope.whole_network or (
        school.hub_id is not None and school.hub_id in scope.managed_hub_ids
    )


def may_edit_school(user, school) -> bool:
    """A school's details are edited by those who manage it."""
    return manages_school(user, school)


def may_read_school_record(user, school) -> bool:
    """The school's own people read all of its record (its reviews, its support requests):
    its contacts, its hub's staff and the central team."""
    scope = scope_for(user)
    return (
        scope.whole_network
        or school.pk in scope.contact_school_ids
        or (school.hub_id is not None and school.hub_id in scope.hub_ids)
    )


def may_set_funding(user) -> bool:
    """Allocations and membership fees are the central team's to set; hub staff read them."""
    return is_central_team(user)


def may_confirm_membership_changes(user) -> bool:
    return is_central_team(user)


def may_import_data(user) -> bool:
    """The GIAS and membership imports change schools across the network."""
    return is_central_team(user)

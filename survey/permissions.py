"""Who may answer the survey and read its results."""

from hubs.permissions import is_central_team, is_contact_for, is_hub_staff


def may_answer_for(user, school) -> bool:
    """A school's own contacts answer its survey."""
    return is_contact_for(user, school)


def may_read_results(user) -> bool:
    """The central team (every hub) and hub staff (their hubs, beside the network)."""
    return is_central_team(user) or is_hub_staff(user)

"""Who may do what with public data (views, sections and navigation ask these)."""

from hubs.permissions import is_central_team, may_read_school_record


def may_import_public_data(user) -> bool:
    """The imports change figures across the network: the central team's job, as GIAS is."""
    return is_central_team(user)


def may_read_public_data(user, school) -> bool:
    """Published data is shown to whoever may read the school's profile."""
    return may_read_school_record(user, school)

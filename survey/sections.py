"""What this app adds to pages: in the navigation, the survey for a school's contacts and its
results for the central team and hub staff."""

from hubs.permissions import is_school_contact
from partnership.lib.sections import Page, section
from survey.permissions import may_read_results


@section(Page.NAVIGATION)
def navigation(user, _) -> list:
    items = []
    if is_school_contact(user):
        items.append(("Member survey", "survey:mine"))
    if may_read_results(user):
        items.append(("Network data", [("Member survey results", "survey:results")]))
    return items

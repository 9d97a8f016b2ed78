"""What this app adds to pages: the network's finances in the navigation's "Network data"."""

from finance.permissions import may_manage_finances
from partnership.lib.sections import Page, section


@section(Page.NAVIGATION)
def navigation(user, _) -> list:
    if not may_manage_finances(user):
        return []
    return [("Network data", [("Network finances", "finance:overview")])]

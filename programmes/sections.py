"""What this app adds to pages: the navigation, the hub page and the school profile."""

from hubs import permissions as hub_permissions
from partnership.lib.sections import Page, section
from programmes import permissions
from programmes.models import Enrolment

ENROLMENTS_SHOWN = 8


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

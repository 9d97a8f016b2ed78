"""A hub manager opens a cohort; schools apply until it fills and the next is waitlisted; one
withdraws, and the waitlisted school moves up and is emailed. axe checks every page on the way."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from hubs.years import academic_year_of
from partnership.lib.jobs import run_queued_here
from programmes.models import Cohort, Enrolment, Status
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.hubs import SchoolContactFactory, SchoolFactory
from tests.factories.programmes import ProgrammeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def apply_as(page, user, cohort, people) -> Enrolment:
    page.context.clear_cookies()
    sign_in(page, user)
    page.goto(f"{page.base_url}{cohort.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("link", name="Apply for a place").or_(
        page.get_by_role("link", name="Join the waitlist")
    ).click()
    assert_accessible(page)
    for n, (name, role) in enumerate(people, start=1):
        page.get_by_label(f"Participant {n}: name").fill(name)
        page.get_by_label(f"Participant {n}: role").select_option(label=role)
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".enrolment-status")).to_be_visible()
    assert_accessible(page)
    return Enrolment.objects.filter(applied_by=user).get()


def test_a_cohort_fills_waitlists_and_moves_up(page, settings, hub_a, hub_manager_a, contact_a):
    settings.SITE_URL = "https://partnership.example.org"
    programme = ProgrammeFactory(name="Middle Leadership Programme", slug="middle-leadership")
    second = SchoolContactFactory(school=SchoolFactory(name="Beech Infants", hub=hub_a)).user
    third = SchoolContactFactory(
        school=SchoolFactory(name="Cherry Juniors", hub=hub_a), user__email="head.cherry@x.org"
    ).user
    starts = timezone.localdate() + datetime.timedelta(days=30)

    # The hub manager opens a cohort of two school places for the hub.
    sign_in(page, hub_manager_a)
    page.goto(f"{page.base_url}{programme.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("link", name="Add a cohort").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Spring cohort")
    page.get_by_label("Academic year").select_option(str(academic_year_of(starts)))
    page.get_by_label("Capacity").fill("2")
    page.get_by_label("Starts on").fill(starts.isoformat())
    page.get_by_label("Ends on").fill((starts + datetime.timedelta(days=90)).isoformat())
    page.get_by_label("Budget line").select_option(label="Staff training")
    page.get_by_role("button", name="Add cohort").click()
    expect(page.locator(".cohort-places")).to_contain_text("0 of 2 places taken")
    assert_accessible(page)
    cohort = Cohort.objects.get(name="Spring cohort")
    assert cohort.hub == hub_a

    # A school applies naming two participants; a second takes the last place.
    first = apply_as(page, contact_a, cohort, [("Ann Lee", "Middle leader"), ("Bo Kim", "Teacher")])
    assert first.status == Status.APPLIED
    assert sorted(first.participants.values_list("full_name", flat=True)) == ["Ann Lee", "Bo Kim"]
    apply_as(page, second, cohort, [("Cy Day", "Middle leader")])

    # The cohort is full: the next applicant joins the waitlist.
    waiting = apply_as(page, third, cohort, [("Di Fox", "Middle leader")])
    assert waiting.status == Status.WAITLISTED
    expect(page.get_by_text("number 1 on the waitlist")).to_be_visible()

    # The hub manager sees the cohort full, with its waitlist.
    page.context.clear_cookies()
    sign_in(page, hub_manager_a)
    page.goto(f"{page.base_url}{cohort.get_absolute_url()}")
    expect(page.locator(".cohort-places")).to_contain_text("full")
    expect(page.get_by_role("cell", name="Waitlisted (number 1 on the waitlist)")).to_be_visible()
    assert_accessible(page)

    # The first school withdraws; the waitlisted school moves up and is emailed.
    page.context.clear_cookies()
    sign_in(page, contact_a)
    page.goto(f"{page.base_url}{first.get_absolute_url()}")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator(".enrolment-status")).to_have_text("Withdrawn")
    assert_accessible(page)
    waiting.refresh_from_db()
    assert waiting.status == Status.APPLIED
    run_queued_here()  # the worker's part: send the queued email
    [message] = [m for m in mail.outbox if "head.cherry@x.org" in m.to]
    assert "Cherry Juniors" in message.subject
    assert f"https://partnership.example.org/programmes/enrolments/{waiting.pk}/" in message.body

    # The school that moved up sees its place and how it got it.
    page.context.clear_cookies()
    sign_in(page, third)
    page.goto(f"{page.base_url}{waiting.get_absolute_url()}")
    expect(page.locator(".enrolment-status")).to_have_text("Applied")
    expect(page.locator(".status-history")).to_contain_text("A place freed up.")
    assert_accessible(page)

"""From an even better if to brokered support and its feedback, then the directory."""

import re

import pytest
from playwright.sync_api import expect

from brokering.models import Engagement, Feedback, Status, SupportRequest
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.brokering import AreaOfExcellenceFactory, EvenBetterIfFactory, default_area
from tests.factories.hubs import SchoolContactFactory, SchoolFactory
from tests.factories.reviews import published_review

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def move_on(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".alert").first).to_be_visible()


def test_a_school_gets_support_from_an_ebi_through_to_feedback(
    page, central_team, contact_b, school_b, hub_a
):
    maths = default_area()
    review = published_review(school=school_b)
    ebi = EvenBetterIfFactory(review=review, practice_area=maths, text="Sharpen maths fluency.")
    provider = SchoolFactory(name="Cedar Primary", hub=hub_a)
    AreaOfExcellenceFactory(
        school=provider, practice_area=maths, description="Fluency through daily number talks."
    )
    provider_head = SchoolContactFactory(school=provider, user__full_name="Pru Provider").user

    # The school asks for support in one click from the EBI on its published review.
    sign_in(page, contact_b)
    page.goto(f"{page.base_url}{review.get_absolute_url()}")
    page.get_by_role("button", name=re.compile("Ask for support.*Sharpen maths")).click()
    request = SupportRequest.objects.get(ebi=ebi)
    expect(page.get_by_role("heading", level=1)).to_contain_text(request.reference)
    assert_accessible(page)

    # The central team triages it, starts matching and proposes the suggested provider.
    page.context.clear_cookies()
    sign_in(page, central_team)
    page.goto(f"{page.base_url}{request.get_absolute_url()}")
    assert_accessible(page)
    move_on(page, "Mark triaged")
    move_on(page, "Start matching")
    page.get_by_role("button", name="Propose Cedar Primary").click()
    assert Engagement.objects.get(request=request).provider == provider
    assert_accessible(page)

    # The provider's headteacher accepts, which brokers the request.
    page.context.clear_cookies()
    sign_in(page, provider_head)
    page.goto(f"{page.base_url}{request.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Accept")).click()
    request.refresh_from_db()
    assert request.status == Status.BROKERED
    move_on(page, "Mark in progress")
    move_on(page, "Mark completed")

    # The school rates the support.
    page.context.clear_cookies()
    sign_in(page, contact_b)
    page.goto(f"{page.base_url}{request.get_absolute_url()}")
    page.get_by_label("Quality of support (1 to 10)").fill("9")
    page.get_by_label("Central team service (1 to 10)").fill("8")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("9 out of 10")).to_be_visible()
    feedback = Feedback.objects.get(request=request)
    assert (feedback.quality_rating, feedback.service_rating) == (9, 8)

    # The directory finds the provider by the words of its area of excellence.
    page.goto(f"{page.base_url}/brokering/directory/")
    page.get_by_label("Words in an area of excellence").fill("number talks")
    page.get_by_role("button", name=re.compile("Search|Filter|Apply")).first.click()
    expect(page.get_by_role("link", name="Cedar Primary")).to_be_visible()
    assert_accessible(page)

"""The request workflow through the pages: transitions, timeline, first-response target."""

import datetime
import uuid

import pytest
from django.urls import reverse

from brokering.models import (
    TRANSITIONS,
    Engagement,
    RequestEvent,
    Status,
    SupportRequest,
    add_working_days,
)
from partnership.lib import once
from tests.factories.brokering import EngagementFactory, SupportRequestFactory
from tests.factories.people import CentralTeamFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_first_response_is_due_five_working_days_later():
    friday = datetime.date(2026, 1, 16)

    assert add_working_days(friday, 5) == datetime.date(2026, 1, 23)
    assert add_working_days(datetime.date(2026, 1, 17), 1) == datetime.date(2026, 1, 19)


def test_a_new_request_stores_its_first_response_date(request_b):
    # Submitted Monday 12 January 2026: five working days later is Monday 19 January.
    assert request_b.first_response_due == datetime.date(2026, 1, 19)


def test_first_response_target_follows_the_setting(settings, school_b, maths):
    settings.FIRST_RESPONSE_WORKING_DAYS = 2

    request = SupportRequestFactory(school=school_b, practice_areas=[maths])

    assert request.first_response_due == datetime.date(2026, 1, 14)


def test_every_transition_is_in_one_table_with_no_duplicates():
    pairs = [(t.source, t.target) for t in TRANSITIONS]

    assert len(pairs) == len(set(pairs))
    assert {t.target for t in TRANSITIONS} | {Status.SUBMITTED} == set(Status.values)


def test_central_team_triages_with_a_note_on_the_timeline(client_for, central_team, request_b):
    url = reverse("brokering:request_transition", args=[request_b.pk])

    response = client_for(central_team).post(
        url,
        {"to": Status.TRIAGED, "version": 1, "note": "Maths lead to call the head."},
        follow=True,
    )

    request_b.refresh_from_db()
    assert request_b.status == Status.TRIAGED
    assert request_b.first_responded_at is not None
    assert request_b.version == 2
    event = request_b.events.get(kind=RequestEvent.Kind.STATUS)
    assert (event.from_status, event.to_status, event.by) == (
        Status.SUBMITTED,
        Status.TRIAGED,
        central_team,
    )
    page = response.content.decode()
    assert "Maths lead to call the head." in page
    assert "Cass Central" in page


def test_an_invalid_transition_is_refused_and_changes_nothing(client_for, central_team, request_b):
    url = reverse("brokering:request_transition", args=[request_b.pk])

    response = client_for(central_team).post(
        url, {"to": Status.COMPLETED, "version": 1}, follow=True
    )

    assert "A request that is submitted cannot become completed." in _messages(response)
    request_b.refresh_from_db()
    assert (request_b.status, request_b.version) == (Status.SUBMITTED, 1)
    assert not request_b.events.filter(kind=RequestEvent.Kind.STATUS).exists()


def test_brokered_cannot_be_set_by_hand(client_for, central_team, school_b, maths):
    request = SupportRequestFactory(school=school_b, practice_areas=[maths], status=Status.MATCHING)
    url = reverse("brokering:request_transition", args=[request.pk])

    response = client_for(central_team).post(url, {"to": Status.BROKERED, "version": 1})

    # Only a provider's acceptance brokers a request.
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == Status.MATCHING


def test_a_stale_page_gets_a_clear_message(client_for, central_team, request_b):
    url = reverse("brokering:request_transition", args=[request_b.pk])
    SupportRequest.objects.filter(pk=request_b.pk).update(version=2)

    response = client_for(central_team).post(url, {"to": Status.TRIAGED, "version": 1}, follow=True)

    assert "Someone else changed this request" in _messages(response)
    request_b.refresh_from_db()
    assert request_b.status == Status.SUBMITTED


def test_school_withdraws_its_own_request(client_for, contact_b, request_b):
    url = reverse("brokering:request_transition", args=[request_b.pk])

    client_for(contact_b).post(url, {"to": Status.WITHDRAWN, "version": 1})

    request_b.refresh_from_db()
    assert request_b.status == Status.WITHDRAWN


def test_the_whole_journey_from_triage_to_close(
    client_for, central_team, contact_b, provider, provider_contact, request_b
):
    central = client_for(central_team)
    pk = request_b.pk

    def version():
        request_b.refresh_from_db()
        return request_b.version

    central.post(
        reverse("brokering:request_transition", args=[pk]), {"to": "triaged", "version": 1}
    )
    central.post(
        reverse("brokering:request_propose", args=[pk]),
        {"provider": provider.pk, "version": version(), "note": "Strong maths lead."},
    )
    request_b.refresh_from_db()
    assert request_b.status == Status.MATCHING
    engagement = Engagement.objects.get(request=request_b)
    assert engagement.status == Engagement.Status.PROPOSED

    provider_client = client_for(provider_contact)
    page = provider_client.get(request_b.get_absolute_url()).content.decode()
    assert "Accept on behalf of Cedar Primary" in page
    provider_client.post(
        reverse("brokering:engagement_respond", args=[engagement.pk]),
        {"accept": "yes", "version": version()},
    )
    request_b.refresh_from_db()
    assert request_b.status == Status.BROKERED

    provider_client.post(
        reverse("brokering:engagement_update", args=[engagement.pk]),
        {
            "format": "visit",
            "starts_on": "2026-02-02",
            "ends_on": "2026-02-03",
            "delivered": "Two days of co-planning.",
        },
    )
    engagement.refresh_from_db()
    assert engagement.delivered == "Two days of co-planning."
    for to in ["in_progress", "completed"]:
        provider_client.post(
            reverse("brokering:request_transition", args=[pk]), {"to": to, "version": version()}
        )
    client_for(contact_b).post(
        reverse("brokering:feedback_give", args=[pk]),
        {"quality_rating": 9, "service_rating": 8, "comment": "Very useful."},
    )
    central.post(
        reverse("brokering:request_transition", args=[pk]), {"to": "closed", "version": version()}
    )

    request_b.refresh_from_db()
    assert request_b.status == Status.CLOSED
    assert request_b.feedback.quality_rating == 9
    kinds = list(request_b.events.values_list("kind", flat=True))
    assert kinds.count(RequestEvent.Kind.STATUS) == 6
    assert RequestEvent.Kind.PROPOSED in kinds and RequestEvent.Kind.FEEDBACK in kinds


def test_provider_declining_leaves_the_request_matching(
    client_for, provider_contact, provider, school_b, maths
):
    engagement = EngagementFactory(
        request__school=school_b, request__practice_areas=[maths], provider=provider
    )

    client_for(provider_contact).post(
        reverse("brokering:engagement_respond", args=[engagement.pk]),
        {"accept": "no", "version": 1, "note": "No capacity this term."},
    )

    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.DECLINED
    assert engagement.request.status == Status.MATCHING
    assert engagement.request.events.get().note == "No capacity this term."


def test_proposing_the_same_provider_twice_is_refused(
    client_for, central_team, provider, school_b, maths
):
    request = SupportRequestFactory(school=school_b, practice_areas=[maths], status=Status.MATCHING)
    EngagementFactory(request=request, provider=provider, status=Engagement.Status.DECLINED)
    url = reverse("brokering:request_propose", args=[request.pk])

    response = client_for(central_team).post(
        url, {"provider": provider.pk, "version": 1}, follow=True
    )

    assert "already been proposed for this request" in _messages(response)
    assert request.engagements.count() == 1
    request.refresh_from_db()
    assert request.version == 1


def test_a_second_proposal_waits_for_the_first_answer(
    client_for, central_team, provider, school_a, school_b, maths
):
    request = SupportRequestFactory(school=school_b, practice_areas=[maths], status=Status.MATCHING)
    EngagementFactory(request=request, provider=provider)
    url = reverse("brokering:request_propose", args=[request.pk])

    response = client_for(central_team).post(
        url, {"provider": school_a.pk, "version": 1}, follow=True
    )

    assert "wait for their answer first" in _messages(response)
    assert request.engagements.count() == 1


def test_a_school_cannot_be_proposed_for_its_own_request(client_for, central_team, school_b, maths):
    request = SupportRequestFactory(school=school_b, practice_areas=[maths], status=Status.MATCHING)

    response = client_for(central_team).post(
        reverse("brokering:request_propose", args=[request.pk]),
        {"provider": school_b.pk, "version": 1},
        follow=True,
    )

    assert "cannot support its own request" in _messages(response)
    assert not request.engagements.exists()


def test_request_details_are_editable_until_triage(client_for, contact_b, request_b, maths):
    url = reverse("brokering:request_edit", args=[request_b.pk])
    data = {
        "practice_areas": [maths.pk],
        "needed": "Reading fluency in year 2.",
        "preferred_format": "remote",
        "target_date": "2027-04-30",
        "version": 1,
    }

    client_for(contact_b).post(url, data)
    request_b.refresh_from_db()
    assert request_b.needed == "Reading fluency in year 2."

    SupportRequest.objects.filter(pk=request_b.pk).update(status=Status.TRIAGED)
    response = client_for(contact_b).post(
        url, {**data, "needed": "Changed", "version": 2}, follow=True
    )
    assert "until the central team triages" in _messages(response)
    request_b.refresh_from_db()
    assert request_b.needed == "Reading fluency in year 2."


def test_school_contact_raises_a_request(client_for, contact_b, school_b, maths):
    response = client_for(contact_b).post(
        reverse("brokering:request_create"),
        {
            "school": school_b.pk,
            "practice_areas": [maths.pk],
            "needed": "Support for a new maths lead.",
            "preferred_format": "visit",
            "target_date": "2027-06-30",
            "submission_token": uuid.uuid4(),
        },
    )

    request = SupportRequest.objects.get()
    assert response.url == request.get_absolute_url()
    assert (request.school, request.hub, request.source) == (
        school_b,
        school_b.hub,
        SupportRequest.Source.SCHOOL,
    )
    assert request.events.get().kind == RequestEvent.Kind.RAISED


def test_hub_manager_cannot_raise_for_another_hubs_school(
    client_for, hub_manager_a, school_a, school_b, maths
):
    response = client_for(hub_manager_a).post(
        reverse("brokering:request_create"),
        {
            "school": school_b.pk,
            "practice_areas": [maths.pk],
            "needed": "x",
            "preferred_format": "visit",
            "target_date": "2027-06-30",
            "submission_token": uuid.uuid4(),
        },
    )

    assert response.status_code == 200
    assert not SupportRequest.objects.exists()


def test_central_team_raises_a_request_by_urn(client_for, central_team, school_b, maths):
    client_for(central_team).post(
        reverse("brokering:request_create"),
        {
            "urn": school_b.urn,
            "practice_areas": [maths.pk],
            "needed": "Whole-school review follow-up.",
            "preferred_format": "consultancy",
            "target_date": "2027-06-30",
            "submission_token": uuid.uuid4(),
        },
    )

    assert SupportRequest.objects.get().source == SupportRequest.Source.CENTRAL


def test_a_new_broker_is_recorded_on_the_timeline(client_for, central_team, request_b):
    colleague = CentralTeamFactory(full_name="Bea Broker")

    client_for(central_team).post(
        reverse("brokering:request_assign", args=[request_b.pk]),
        {"broker": colleague.pk, "version": 1},
    )

    request_b.refresh_from_db()
    assert request_b.broker == colleague
    assert request_b.events.get(kind=RequestEvent.Kind.ASSIGNED).note == "Assigned to Bea Broker"


def _raise_form(school, area, **changes) -> dict:
    return {
        "school": school.pk,
        "practice_areas": [area.pk],
        "needed": "Support for a new maths lead.",
        "preferred_format": "visit",
        "target_date": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
        "submission_token": uuid.uuid4(),
        **changes,
    }


def test_a_request_wanted_by_a_past_date_is_refused_with_what_was_typed(
    client_for, contact_b, school_b, maths
):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)

    response = client_for(contact_b).post(
        reverse("brokering:request_create"),
        _raise_form(school_b, maths, target_date=yesterday.isoformat()),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["target_date"] == [
        "The date the support is wanted by cannot be in the past."
    ]
    assert "Support for a new maths lead." in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_the_date_input_offers_today_onwards(client_for, contact_b, school_b):
    response = client_for(contact_b).get(reverse("brokering:request_create"))

    field = response.context["form"]["target_date"]
    assert f'min="{datetime.date.today().isoformat()}"' in str(field)
    assert 'max="' in str(field)


def test_a_date_years_ahead_is_refused(client_for, contact_b, school_b, maths):
    response = client_for(contact_b).post(
        reverse("brokering:request_create"), _raise_form(school_b, maths, target_date="9999-12-31")
    )

    assert "must be within 2 years" in response.context["form"].errors["target_date"][0]
    assert not SupportRequest.objects.exists()


def test_a_request_whose_date_has_passed_is_still_edited_but_not_moved_into_the_past(
    client_for, contact_b, request_b, maths
):
    SupportRequest.objects.filter(pk=request_b.pk).update(target_date=datetime.date(2020, 1, 1))
    url = reverse("brokering:request_edit", args=[request_b.pk])
    data = {
        "practice_areas": [maths.pk],
        "needed": "Reading fluency in year 2.",
        "preferred_format": "remote",
        "target_date": "2020-01-01",
        "version": 1,
    }

    client_for(contact_b).post(url, data)
    request_b.refresh_from_db()
    assert request_b.needed == "Reading fluency in year 2."

    response = client_for(contact_b).post(
        url, {**data, "needed": "Kept", "target_date": "2021-01-01", "version": 2}
    )
    assert response.status_code == 200
    assert "cannot be in the past" in response.content.decode()
    assert "Kept" in response.content.decode()
    request_b.refresh_from_db()
    assert request_b.target_date == datetime.date(2020, 1, 1)


def test_the_same_raise_form_sent_again_makes_no_second_request(
    client_for, contact_b, school_b, maths
):
    client = client_for(contact_b)
    form = _raise_form(school_b, maths)

    first = client.post(reverse("brokering:request_create"), form)
    again = client.post(reverse("brokering:request_create"), form, follow=True)

    request = SupportRequest.objects.get()
    assert first.url == request.get_absolute_url()
    assert again.redirect_chain[-1][0] == request.get_absolute_url()
    assert once.REPEAT_MESSAGE in _messages(again)


def test_a_school_contacts_dashboard_offers_to_ask_for_support(client_for, contact_b, school_b):
    page = client_for(contact_b).get(reverse("dashboard")).content.decode()

    card = page[page.index('id="brokering-school-heading"') :]
    link = reverse("brokering:request_create")
    assert f'<a class="btn btn-primary btn-sm" href="{link}">Ask for support</a>' in card


def test_the_same_details_sent_again_with_a_new_token_make_no_second_request(
    client_for, contact_b, school_b, maths
):
    # Back to the form fetches it with a new token; the browser puts the typed details back.
    client = client_for(contact_b)
    form = _raise_form(school_b, maths)
    client.post(reverse("brokering:request_create"), form)

    again = client.post(
        reverse("brokering:request_create"),
        {**form, "submission_token": uuid.uuid4()},
        follow=True,
    )

    request = SupportRequest.objects.get()
    assert again.redirect_chain[-1][0] == request.get_absolute_url()
    assert once.REPEAT_MESSAGE in _messages(again)
    different = client.post(
        reverse("brokering:request_create"),
        {**form, "submission_token": uuid.uuid4(), "needed": "Something else."},
    )
    assert different.status_code == 302
    assert SupportRequest.objects.count() == 2


def test_the_edit_form_shows_the_wanted_by_date_as_a_date_field_reads_it(
    client_for, contact_b, request_b
):
    SupportRequest.objects.filter(pk=request_b.pk).update(target_date=datetime.date(2027, 4, 30))

    response = client_for(contact_b).get(reverse("brokering:request_edit", args=[request_b.pk]))

    assert 'name="target_date" value="2027-04-30"' in response.content.decode()

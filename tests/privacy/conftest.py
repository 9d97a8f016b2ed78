"""A person who took part in everything the app records about people, for the privacy tests.

Pat Leaver: a contact of school A (hub A), a manager of hub A, a peer reviewer who sat on a
review, gave feedback on a review and on support, raised a support request, made a change
recorded in the history, failed to sign in once, has an authenticator with recovery codes, a
signed-in session and a one-time form token.
"""

import uuid

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client

from brokering.models import SupportRequest
from partnership.models import FormSubmission
from tests.factories.brokering import FeedbackFactory as SupportFeedbackFactory
from tests.factories.brokering import SupportRequestFactory
from tests.factories.hubs import SchoolContactFactory
from tests.factories.people import UserFactory
from tests.factories.reviews import FeedbackFactory, ReviewerFactory, TeamMemberFactory
from tests.security.totp import confirmed_device_for

LEAVER_NAME = "Pat Leaver"
LEAVER_EMAIL = "pat.leaver@example.org"


@pytest.fixture
def leaver(hub_a, school_a):
    person = UserFactory(email=LEAVER_EMAIL, full_name=LEAVER_NAME, job_title="Deputy head")
    # A change to the account, so its history holds more than one row with the name.
    person.job_title = "Headteacher"
    person.save()
    SchoolContactFactory(user=person, school=school_a)
    hub_a.managers.add(person)
    member = TeamMemberFactory(reviewer=ReviewerFactory(user=person))
    FeedbackFactory(review__school=school_a, given_by=person)
    request = SupportRequestFactory(school=school_a, raised_by=person)
    SupportFeedbackFactory(request__school=school_a, given_by=person)
    # A change they made, as the history middleware records it.
    SupportRequest.history.filter(id=request.pk).update(history_user=person)
    # Made now: django-axes deletes attempts older than its cool-off whenever someone signs in.
    AccessAttempt.objects.create(
        username=LEAVER_EMAIL,
        ip_address="192.0.2.7",
        user_agent="Firefox",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    confirmed_device_for(person)
    RecoveryCodes.activate(person)
    EmailAddress.objects.create(user=person, email=LEAVER_EMAIL, verified=True, primary=True)
    FormSubmission.objects.create(token=uuid.uuid4(), user=person, result_url="/brokering/")
    Client().force_login(person)
    person.refresh_from_db()
    person.team_member = member
    person.request = request
    return person


@pytest.fixture
def session_count():
    return lambda: Session.objects.count()

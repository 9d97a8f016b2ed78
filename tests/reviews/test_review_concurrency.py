"""Two central-team members changing one review at the same moment, on two real connections;
and two workers sending the reminders at once.

The review row is locked (select_for_update) and carries a version: the second waits for the
first to commit, finds the version moved on, and is told; nothing of theirs is saved. A review's
reminder is recorded once (unique per review and kind): the second worker stops there.
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from reviews import emails, services
from reviews.models import Review, ReviewEmail, TeamMember
from tests.factories.hubs import SchoolContactFactory, SchoolFactory
from tests.factories.people import CentralTeamFactory
from tests.factories.reviews import LeadReviewerFactory, ReviewFactory


def race(actions) -> tuple[list, list[str]]:
    barrier = threading.Barrier(len(actions))
    done, refused = [], []

    def run(action):
        try:
            barrier.wait()
            done.append(action())
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return done, refused


@pytest.mark.django_db(transaction=True)
def test_two_people_naming_a_lead_at_once_one_wins_the_other_is_told(hub_a, hub_b):
    review = ReviewFactory(school=SchoolFactory(hub=hub_b))
    leads = [LeadReviewerFactory(school=SchoolFactory(hub=hub_a)) for _ in range(2)]
    people = [CentralTeamFactory(), CentralTeamFactory()]

    done, refused = race(
        [
            lambda lead=lead, by=by: services.team_member_add(
                review=Review.objects.get(pk=review.pk),
                reviewer=lead,
                role="lead",
                version=review.version,
                by=by,
            )
            for lead, by in zip(leads, people, strict=True)
        ]
    )

    assert (len(done), len(refused)) == (1, 1)
    assert "Someone else changed this review" in refused[0]
    assert TeamMember.objects.filter(review=review).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_status_changes_at_once_one_wins_the_other_is_told(hub_b):
    review = ReviewFactory(school=SchoolFactory(hub=hub_b))
    people = [CentralTeamFactory(), CentralTeamFactory()]

    done, refused = race(
        [
            lambda by=by: services.review_transition(
                review=Review.objects.get(pk=review.pk),
                to=Review.Status.CANCELLED,
                version=review.version,
                by=by,
            )
            for by in people
        ]
    )

    assert (len(done), len(refused)) == (1, 1)
    review.refresh_from_db()
    assert review.status == Review.Status.CANCELLED
    assert review.status_changes.filter(to_status=Review.Status.CANCELLED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_reminders_at_once_remind_each_review_once(hub_b):
    today = datetime.date(2024, 10, 21)
    reviews = [
        ReviewFactory(
            school=SchoolFactory(hub=hub_b),
            status=Review.Status.TEAM_CONFIRMED,
            starts_on=today + datetime.timedelta(days=days),
            ends_on=today + datetime.timedelta(days=days),
        )
        for days in (3, 10)
    ]
    for review in reviews:
        SchoolContactFactory(school=review.school)

    done, refused = race([lambda: emails.send_review_reminders(today) for _ in range(2)])

    # Between them the two runs remind each review, whichever run takes which.
    assert sum(done) == 2 and refused == []
    assert ReviewEmail.objects.count() == 2
    queued = ProcrastinateJob.objects.filter(task_name="partnership.lib.mail.send_email")
    assert sorted(job.args["subject"].split(",")[0] for job in queued) == sorted(
        f"Review in {days} days: {review.school.name}"
        for days, review in zip((3, 10), reviews, strict=True)
    )

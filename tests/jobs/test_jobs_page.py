"""The central team's jobs page: jobs by state, a failed job's log and reason, trying it again;
bounded queries whatever the number of jobs."""

import pytest
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from partnership.lib.jobs import run_queued_here
from partnership.lib.mail import email_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2


def queue_emails(count: int) -> list[int]:
    return [
        email_send(subject=f"Hello {n}", body="Secret body", recipients=["a@example.org"])
        for n in range(count)
    ]


def test_the_list_shows_jobs_by_state(client_for, central_team, smtp_down):
    failed = queue_emails(1)[0]
    run_queued_here()
    queued = queue_emails(1)[0]
    client = client_for(central_team)

    everything = client.get(reverse("jobs:list")).content.decode()
    only_failed = client.get(reverse("jobs:list"), {"status": "failed"}).content.decode()

    assert f">{failed}</a>" in everything and f">{queued}</a>" in everything
    assert f">{failed}</a>" in only_failed and f">{queued}</a>" not in only_failed


def test_a_failed_job_shows_why_hides_the_message_and_can_be_tried_again(
    client_for, central_team, smtp_down
):
    job_id = queue_emails(1)[0]
    run_queued_here()
    client = client_for(central_team)

    page = client.get(reverse("jobs:detail", args=[job_id])).content.decode()
    client.post(reverse("jobs:retry", args=[job_id]))

    assert "Failed" in page and "Connection refused" in page
    assert "Secret body" not in page
    assert ProcrastinateJob.objects.get(pk=job_id).status == "todo"


def test_a_job_that_has_not_failed_is_not_tried_again(client_for, central_team):
    job_id = queue_emails(1)[0]

    response = client_for(central_team).post(reverse("jobs:retry", args=[job_id]), follow=True)

    assert "Only a failed job can be tried again." in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_and_a_job_take_the_same_queries_whatever_their_number(
    client_for, central_team, django_assert_num_queries, count, smtp_down
):
    jobs = queue_emails(count)
    run_queued_here()
    client = client_for(central_team)
    client.get(reverse("jobs:list"))  # the session and user, loaded once

    # Session, user, the page of jobs, the counts by state.
    with django_assert_num_queries(4):
        client.get(reverse("jobs:list"))
    # Session, user, the job, its events, its log.
    with django_assert_num_queries(5):
        client.get(reverse("jobs:detail", args=[jobs[-1]]))

"""The report page is one form: estimates, summary, strengths and even better ifs are saved
together (edited, removed or added), once, and never over someone else's change."""

import uuid

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import Review
from tests.factories.reviews import (
    EvenBetterIfFactory,
    ReviewFactory,
    StrengthFactory,
    practice_area,
)


@pytest.fixture
def on_site(school_b):
    return ReviewFactory(school=school_b, status=Review.Status.ON_SITE)


def _post(review, **extra) -> dict:
    data = {
        "version": review.version,
        "summary": "",
        "new_strength": "",
        "new_ebi": "",
        "new_ebi_area": "",
        "submission_token": str(uuid.uuid4()),
    }
    for heading in review.framework.headings.all():
        data[f"heading_{heading.pk}"] = ""
    for strength in review.strengths.all():
        data[f"strength_{strength.pk}"] = strength.text
    for ebi in review.ebis.all():
        data[f"ebi_{ebi.pk}"] = ebi.text
        data[f"ebi_{ebi.pk}_area"] = ebi.practice_area_id or ""
    data.update(extra)
    return data


def test_estimates_strength_and_ebi_are_saved_together(client_for, central_team, on_site):
    heading = on_site.framework.headings.first()
    grade = on_site.framework.grades.get(label="Effective")
    maths = practice_area("Maths")
    data = _post(
        on_site,
        **{f"heading_{heading.pk}": grade.pk},
        summary="A calm, purposeful school.",
        new_strength="Reading is taught superbly.",
        new_ebi="Sharpen assessment in maths.",
        new_ebi_area=maths.pk,
    )
    response = client_for(central_team).post(reverse("reviews:report", args=[on_site.pk]), data)

    assert response.status_code == 302
    on_site.refresh_from_db()
    assert on_site.what_went_well_summary == "A calm, purposeful school."
    assert on_site.estimates.get().grade == grade
    assert list(on_site.strengths.values_list("text", flat=True)) == ["Reading is taught superbly."]
    ebi = on_site.ebis.get()
    assert (ebi.text, ebi.practice_area) == ("Sharpen assessment in maths.", maths)


def test_points_are_edited_and_removed(client_for, central_team, on_site):
    kept = StrengthFactory(review=on_site, text="Old wording")
    gone = StrengthFactory(review=on_site, text="To remove")
    ebi = EvenBetterIfFactory(review=on_site, text="Old EBI")
    data = _post(
        on_site,
        **{
            f"strength_{kept.pk}": "New wording",
            f"strength_{gone.pk}_remove": "on",
            f"ebi_{ebi.pk}": "New EBI",
            f"ebi_{ebi.pk}_area": "",
        },
    )
    client_for(central_team).post(reverse("reviews:report", args=[on_site.pk]), data)

    assert list(on_site.strengths.values_list("text", flat=True)) == ["New wording"]
    ebi.refresh_from_db()
    assert (ebi.text, ebi.practice_area) == ("New EBI", None)
    assert kept.history.count() == 2  # the edit is recorded in the history


def test_an_emptied_point_is_refused_and_the_typing_kept(client_for, central_team, on_site):
    strength = StrengthFactory(review=on_site, text="Keep me")
    data = _post(on_site, **{f"strength_{strength.pk}": " "}, new_strength="Typed and kept")
    response = client_for(central_team).post(reverse("reviews:report", args=[on_site.pk]), data)

    assert response.status_code == 200
    assert "tick Remove to take it out" in response.content.decode()
    assert "Typed and kept" in response.content.decode()
    strength.refresh_from_db()
    assert strength.text == "Keep me"
    assert on_site.strengths.count() == 1


def test_the_same_form_sent_twice_adds_once(client_for, central_team, on_site):
    client = client_for(central_team)
    data = _post(on_site, new_strength="Once only", new_ebi="And this once")
    client.post(reverse("reviews:report", args=[on_site.pk]), data)
    response = client.post(reverse("reviews:report", args=[on_site.pk]), data, follow=True)

    assert on_site.strengths.count() == 1
    assert on_site.ebis.count() == 1
    assert "nothing new was saved" in response.content.decode()


def test_a_concurrent_change_is_refused_and_what_was_typed_shown(client_for, central_team, on_site):
    data = _post(on_site, new_strength="Mine, typed on a stale page", summary="My summary")
    # Someone else saves first.
    services.report_save(
        review=on_site,
        grades={},
        summary="Their summary",
        strengths={},
        ebis={},
        new_strength="Theirs",
        version=on_site.version,
    )
    response = client_for(central_team).post(reverse("reviews:report", args=[on_site.pk]), data)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this review" in page
    assert "Mine, typed on a stale page" in page  # shown to copy across, not saved
    on_site.refresh_from_db()
    assert on_site.what_went_well_summary == "Their summary"
    assert list(on_site.strengths.values_list("text", flat=True)) == ["Theirs"]
    assert response.context["form"]["version"].value() == on_site.version

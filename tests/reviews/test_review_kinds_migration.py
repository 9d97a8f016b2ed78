"""Moving reviews from the kind choices onto ReviewKind rows loses nothing, their history
included, and moving back restores the choices."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.migrations import back_to_the_latest, migrate  # noqa: F401 (a fixture)

BEFORE = [("reviews", "0020_reviewer_register_and_improvement_plans")]
AFTER = [("reviews", "0023_review_kind_required")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_every_review_and_its_history_moves_onto_its_kind_and_back():
    old = migrate(BEFORE)
    School = old.get_model("hubs", "School")
    Framework = old.get_model("reviews", "Framework")
    Review = old.get_model("reviews", "Review")
    History = old.get_model("reviews", "HistoricalReview")
    school = School.objects.create(urn="100001", name="Alder Primary")
    framework = Framework.objects.get_or_create(
        effective_from_year=2019, defaults={"name": "QA review framework"}
    )[0]
    day = datetime.date(2024, 11, 4)
    made = {}
    for kind, scope, status in [
        ("annual", "", "published"),
        ("annual", "", "cancelled"),
        ("spotlight", "Maths", "planned"),
        ("immersion", "", "planned"),
    ]:
        review = Review.objects.create(
            school=school,
            kind=kind,
            spotlight_scope=scope,
            academic_year=2024,
            framework=framework,
            starts_on=day,
            ends_on=day,
            status=status,
        )
        made[review.pk] = (kind, status)
    moment = datetime.datetime(2024, 10, 1, 9, tzinfo=datetime.UTC)
    for pk, (kind, status) in made.items():
        History.objects.create(
            id=pk,
            school_id=school.pk,
            kind=kind,
            spotlight_scope="",
            academic_year=2024,
            framework_id=framework.pk,
            starts_on=day,
            ends_on=day,
            status=status,
            what_went_well_summary="",
            version=1,
            history_date=moment,
            history_type="+",
        )

    new = migrate(AFTER)
    Review = new.get_model("reviews", "Review")
    History = new.get_model("reviews", "HistoricalReview")
    ReviewKind = new.get_model("reviews", "ReviewKind")
    kinds = {k.slug: k for k in ReviewKind.objects.all()}
    assert set(kinds) == {"annual", "spotlight", "immersion"}
    annual, spotlight, immersion = kinds["annual"], kinds["spotlight"], kinds["immersion"]
    # Today's rules, less the full team and every heading outside the annual review.
    assert (annual.min_peers, annual.max_peers, annual.every_heading_estimated) == (2, 5, True)
    assert (spotlight.min_peers, spotlight.every_heading_estimated, spotlight.needs_scope) == (
        0,
        False,
        True,
    )
    assert (immersion.min_peers, immersion.every_heading_estimated, immersion.single_day) == (
        0,
        False,
        True,
    )
    assert annual.one_per_school_per_year and not spotlight.one_per_school_per_year
    moved = {r.pk: (r.kind.slug, r.status, r.once_a_year) for r in Review.objects.all()}
    assert moved == {pk: (kind, status, kind == "annual") for pk, (kind, status) in made.items()}
    assert {h.id: kinds_slug(kinds, h.kind_id) for h in History.objects.all()} == {
        pk: kind for pk, (kind, _) in made.items()
    }
    # The one-annual-a-year rule holds in the database on the moved rows.
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(status="cancelled").update(status="planned")

    back = migrate(BEFORE)
    Review = back.get_model("reviews", "Review")
    History = back.get_model("reviews", "HistoricalReview")
    assert dict(Review.objects.values_list("pk", "kind")) == {
        pk: kind for pk, (kind, _) in made.items()
    }
    assert dict(History.objects.values_list("id", "kind")) == {
        pk: kind for pk, (kind, _) in made.items()
    }


def kinds_slug(kinds: dict, kind_id: int) -> str:
    return next(slug for slug, kind in kinds.items() if kind.pk == kind_id)

"""The three kinds of review, with the rules each had when kinds were fixed choices, and every
review (and every historical row of one) moved onto its kind.

The full team (a lead and 2 to 5 peers) and an estimate under every heading are kept for the
annual QA review only: a spotlight review looks at one subject, phase or topic, and an immersion
day is a single day, so neither needs the whole framework graded nor the whole team.
"""

from django.db import migrations

KINDS = [
    {
        "slug": "annual",
        "name": "Annual QA review",
        "description": "The school's yearly peer review against every heading of the framework.",
        "position": 1,
        "needs_lead": True,
        "min_peers": 2,
        "max_peers": 5,
        "every_heading_estimated": True,
        "needs_strengths_and_ebis": True,
        "one_per_school_per_year": True,
        "single_day": False,
        "needs_scope": False,
    },
    {
        "slug": "spotlight",
        "name": "Spotlight review",
        "description": "A closer look at one subject, phase or topic.",
        "position": 2,
        "needs_lead": True,
        "min_peers": 0,
        "max_peers": 5,
        "every_heading_estimated": False,
        "needs_strengths_and_ebis": True,
        "one_per_school_per_year": False,
        "single_day": False,
        "needs_scope": True,
    },
    {
        "slug": "immersion",
        "name": "Immersion day",
        "description": "A single day in the school.",
        "position": 3,
        "needs_lead": True,
        "min_peers": 0,
        "max_peers": 5,
        "every_heading_estimated": False,
        "needs_strengths_and_ebis": True,
        "one_per_school_per_year": False,
        "single_day": True,
        "needs_scope": False,
    },
]


def add_review_kinds(apps, schema_editor):
    """The three kinds; those that exist are left as they are (a flushed database gets them back
    from here too, see demo.reviews)."""
    ReviewKind = apps.get_model("reviews", "ReviewKind")
    for kind in KINDS:
        ReviewKind.objects.get_or_create(slug=kind["slug"], defaults=kind)


def move_reviews_onto_kinds(apps, schema_editor):
    ReviewKind = apps.get_model("reviews", "ReviewKind")
    add_review_kinds(apps, schema_editor)
    for model in ("Review", "HistoricalReview"):
        rows = apps.get_model("reviews", model).objects
        # A value outside the three choices (the column never had a check) becomes a kind of
        # its own with the annual review's rules less the once-a-year one, so nothing is lost.
        for slug in (
            rows.exclude(kind__in=[k["slug"] for k in KINDS])
            .values_list("kind", flat=True)
            .distinct()
        ):
            ReviewKind.objects.get_or_create(
                slug=slug[:100] or "unnamed",
                defaults={"name": (slug or "Unnamed kind").capitalize(), "position": 9},
            )
        for kind in ReviewKind.objects.all():
            rows.filter(kind=kind.slug).update(
                kind_ref=kind, once_a_year=kind.one_per_school_per_year
            )
        rows.filter(kind="").update(kind_ref=ReviewKind.objects.filter(slug="unnamed").first())


def back_to_choices(apps, schema_editor):
    ReviewKind = apps.get_model("reviews", "ReviewKind")
    for model in ("Review", "HistoricalReview"):
        rows = apps.get_model("reviews", model).objects
        for kind in ReviewKind.objects.all():
            rows.filter(kind_ref=kind).update(kind=kind.slug[:20])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0021_review_kinds_as_data")]

    operations = [migrations.RunPython(move_reviews_onto_kinds, back_to_choices)]

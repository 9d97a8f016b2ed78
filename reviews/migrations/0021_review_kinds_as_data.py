"""ReviewKind, and a nullable link to it beside the old kind choice while reviews move over."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0020_reviewer_register_and_improvement_plans"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Dropped here rather than with the old column, so that migrating back restores the
        # choices (0022) before the constraint is made again.
        migrations.RemoveConstraint(model_name="review", name="review_one_annual_per_school_year"),
        migrations.AddField(
            model_name="historicalreview",
            name="once_a_year",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="review",
            name="once_a_year",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.CreateModel(
            name="HistoricalReviewKind",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=100)),
                ("slug", models.SlugField(max_length=100)),
                ("description", models.TextField(blank=True)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "needs_lead",
                    models.BooleanField(
                        default=True,
                        help_text="The team is confirmed with one lead.",
                        verbose_name="needs a lead reviewer",
                    ),
                ),
                (
                    "min_peers",
                    models.PositiveSmallIntegerField(
                        default=2, verbose_name="fewest peer reviewers"
                    ),
                ),
                (
                    "max_peers",
                    models.PositiveSmallIntegerField(default=5, verbose_name="most peer reviewers"),
                ),
                (
                    "every_heading_estimated",
                    models.BooleanField(
                        default=True,
                        help_text="The report is published only with an estimate under every heading of the framework; otherwise estimates are optional.",
                    ),
                ),
                (
                    "needs_strengths_and_ebis",
                    models.BooleanField(
                        default=True,
                        help_text="The report is published only with a strength and an even better if.",
                        verbose_name="needs strengths and EBIs",
                    ),
                ),
                (
                    "one_per_school_per_year",
                    models.BooleanField(
                        default=False,
                        help_text="A school has at most one (not cancelled) each academic year.",
                    ),
                ),
                (
                    "single_day",
                    models.BooleanField(default=False, help_text="It starts and ends on one day."),
                ),
                (
                    "needs_scope",
                    models.BooleanField(
                        default=False, help_text="It names the subject, phase or topic it looks at."
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical review kind",
                "verbose_name_plural": "historical review kinds",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ReviewKind",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("description", models.TextField(blank=True)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "needs_lead",
                    models.BooleanField(
                        default=True,
                        help_text="The team is confirmed with one lead.",
                        verbose_name="needs a lead reviewer",
                    ),
                ),
                (
                    "min_peers",
                    models.PositiveSmallIntegerField(
                        default=2, verbose_name="fewest peer reviewers"
                    ),
                ),
                (
                    "max_peers",
                    models.PositiveSmallIntegerField(default=5, verbose_name="most peer reviewers"),
                ),
                (
                    "every_heading_estimated",
                    models.BooleanField(
                        default=True,
                        help_text="The report is published only with an estimate under every heading of the framework; otherwise estimates are optional.",
                    ),
                ),
                (
                    "needs_strengths_and_ebis",
                    models.BooleanField(
                        default=True,
                        help_text="The report is published only with a strength and an even better if.",
                        verbose_name="needs strengths and EBIs",
                    ),
                ),
                (
                    "one_per_school_per_year",
                    models.BooleanField(
                        default=False,
                        help_text="A school has at most one (not cancelled) each academic year.",
                    ),
                ),
                (
                    "single_day",
                    models.BooleanField(default=False, help_text="It starts and ends on one day."),
                ),
                (
                    "needs_scope",
                    models.BooleanField(
                        default=False, help_text="It names the subject, phase or topic it looks at."
                    ),
                ),
            ],
            options={
                "ordering": ["position", "name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("min_peers__lte", models.F("max_peers"))),
                        name="review_kind_peers_range",
                        violation_error_message="The fewest peer reviewers cannot exceed the most.",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="historicalreview",
            name="kind_ref",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="reviews.reviewkind",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="kind_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reviews",
                to="reviews.reviewkind",
            ),
        ),
    ]

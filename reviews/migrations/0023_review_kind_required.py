"""Review.kind is the ForeignKey to its ReviewKind; one review a school a year is held by the
copy of the kind's rule on the review (once_a_year) instead of the "annual" value."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reviews", "0022_reviews_onto_their_kinds")]

    operations = [
        migrations.RemoveField(model_name="review", name="kind"),
        migrations.RemoveField(model_name="historicalreview", name="kind"),
        migrations.RenameField(model_name="review", old_name="kind_ref", new_name="kind"),
        migrations.RenameField(model_name="historicalreview", old_name="kind_ref", new_name="kind"),
        migrations.AlterField(
            model_name="review",
            name="kind",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reviews",
                to="reviews.reviewkind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreview",
            name="kind",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="reviews.reviewkind",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.UniqueConstraint(
                condition=models.Q(("once_a_year", True))
                & models.Q(("status", "cancelled"), _negated=True),
                fields=("school", "academic_year"),
                name="review_once_a_year_per_school",
                violation_error_message="This school already has a review of this kind that year.",
            ),
        ),
    ]

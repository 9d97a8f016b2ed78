"""Full-text index over area of excellence descriptions for the directory search.

The table belongs to reviews, but only the directory searches it this way, so the index lives
here. Its expression must match brokering.filters.AOE_SEARCH_VECTOR exactly.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("brokering", "0001_support_requests"),
        ("reviews", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS brokering_aoe_description_fts "
                "ON reviews_areaofexcellence USING gin "
                "(to_tsvector('english'::regconfig, COALESCE(description, '')))"
            ),
            reverse_sql="DROP INDEX IF EXISTS brokering_aoe_description_fts",
        )
    ]

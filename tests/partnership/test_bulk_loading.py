"""Bulk loading takes keys and indexes off for the load and puts every one of them back."""

import pytest
from django.db import IntegrityError, connection

from demo.context import bulk_loading, copy_rows
from reviews.models import ReviewStatusChange, TeamMember
from tests.factories.reviews import ReviewerFactory, ReviewFactory

pytestmark = pytest.mark.django_db

LOADED = [TeamMember, ReviewStatusChange]

SCHEMA = """
    SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid)
      FROM pg_constraint WHERE conrelid = ANY(%(tables)s::regclass[])
    UNION ALL
    SELECT 'index', indrelid::regclass::text, indexrelid::regclass::text,
           pg_get_indexdef(indexrelid)
      FROM pg_index WHERE indrelid = ANY(%(tables)s::regclass[])
    ORDER BY 1, 2, 3
"""


def schema(models) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(SCHEMA, {"tables": [model._meta.db_table for model in models]})
        return cursor.fetchall()


def test_every_key_and_index_is_back_after_the_load():
    before = schema(LOADED)
    kinds = {row[3].split(" (")[0] for row in before}
    # The premise: the tables have foreign keys, unique constraints and plain indexes.
    assert {"FOREIGN KEY", "UNIQUE", "PRIMARY KEY"} <= kinds
    assert any(row[0] == "index" and "UNIQUE" not in row[3] for row in before)
    with bulk_loading(LOADED):
        during = schema(LOADED)
    after = schema(LOADED)
    assert after == before
    # Primary keys and checks stay through the load (no other table's key relies on these
    # tables); foreign keys and unique constraints go.
    kept = {row[3].split(" (")[0] for row in during if row[0] == "constraint"}
    assert kept == {"PRIMARY KEY", "CHECK"}
    assert all(row[2].endswith("_pkey") for row in during if row[0] == "index")


def test_a_duplicate_loaded_while_the_index_was_off_fails_the_load():
    review, reviewer = ReviewFactory(), ReviewerFactory()
    row = (review.id, reviewer.id, "peer", "", "", review.academic_year)
    fields = ["review_id", "reviewer_id", "role", "conflict_override_reason"]
    fields += ["overridden_conflicts", "academic_year"]
    with pytest.raises(IntegrityError), bulk_loading([TeamMember]):
        copy_rows(TeamMember, fields, [row, row])
    assert not TeamMember.objects.exists()


def test_a_row_pointing_at_nothing_fails_the_load():
    review = ReviewFactory()
    fields = ["review_id", "reviewer_id", "role", "conflict_override_reason"]
    fields += ["overridden_conflicts", "academic_year"]
    with pytest.raises(IntegrityError), bulk_loading([TeamMember]):
        copy_rows(TeamMember, fields, [(review.id, 987654, "peer", "", "", 2025)])
    assert not TeamMember.objects.exists()

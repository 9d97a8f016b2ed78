"""Changes to public data that more than one import or page makes."""

from django.db import transaction

from hubs.models import Hub, School
from hubs.services import school_sync_hub


def school_history_carry_over(*, predecessor: School, successor: School) -> int:
    """Move every record that belongs to the predecessor school onto its successor.

    Reviews, memberships, support requests, designations, contacts … point at the School row;
    each relation is found from the model's own metadata, so an app added later is carried over
    too without this module knowing it. Records published by URN (inspections, exam results)
    stay under their URN: the chain of links brings them together. Returns the number of rows
    moved; raises IntegrityError, changing nothing, when the successor already holds something
    the predecessor's records would clash with (e.g. both have an open membership).
    """
    moved = 0
    with transaction.atomic():
        for relation in School._meta.related_objects:
            if relation.many_to_many:
                through = relation.through
                column = relation.field.m2m_reverse_field_name()
                moved += through._base_manager.filter(**{column: predecessor}).update(
                    **{column: successor}
                )
            elif relation.related_model is not School:
                name = relation.field.name
                moved += relation.related_model._base_manager.filter(**{name: predecessor}).update(
                    **{name: successor}
                )
        moved += Hub.objects.filter(lead_school=predecessor).update(lead_school=successor)
        # The open membership moved with the rest: each school's hub follows its memberships.
        school_sync_hub(school=predecessor)
        school_sync_hub(school=successor)
    return moved

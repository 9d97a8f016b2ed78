"""The subject-access export: everything the app holds about one person, as one JSON document."""

import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from partnership.lib.sections import Page, sections_for

logger = logging.getLogger(__name__)


def personal_data(*, person, user) -> dict[str, list[dict]]:
    """Each app's records about the person by name (Page.PERSONAL_DATA), in app order."""
    data: dict[str, list[dict]] = {}
    for name, rows in sections_for(Page.PERSONAL_DATA, user, person):
        data.setdefault(name, []).extend(rows)
    return data


def personal_data_export(*, person, user) -> str:
    """The download: who it is about, when and by whom it was made, then every app's records."""
    document = {
        "about": {"user_id": person.pk, "email": person.email, "full_name": person.full_name},
        "exported_at": timezone.now(),
        "exported_by": user.email,
        "records": personal_data(person=person, user=user),
    }
    # Who read whose data is itself worth keeping: one line in the log, no personal data in it.
    logger.info("Personal data of user %s exported by user %s", person.pk, user.pk)
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)

"""Building people's weekly digests from the apps' `Page.DIGEST` sections, a batch at a time."""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse

from hubs.access import scopes_for
from partnership.lib.digest import DigestBatch, DigestWeek, absolute_url
from partnership.lib.sections import Page, sections_for


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    parts: list


def digests_for(users: Iterable, week: DigestWeek) -> Iterator[tuple[object, Digest | None]]:
    """Each person's digest for the week (None when no app has anything to tell them), the
    sections' questions asked once for all of `users` (a few hundred at a time)."""
    batch = DigestBatch(week, users)
    scopes_for(batch.users)
    # The same for everyone: worked out once rather than per person.
    common = {
        "week": week,
        "week_end": week.starts_on + datetime.timedelta(days=6),
        "site_url": absolute_url(reverse("dashboard")),
        "settings_url": absolute_url(reverse("digest:preview")),
        "subject": f"Your week: {week.starts_on:%-d %b %Y}",
    }
    for user in batch.users:
        yield user, _render(user, sections_for(Page.DIGEST, user, batch), common)


def digest_for(user, week: DigestWeek) -> Digest | None:
    """One person's digest for the week, as the preview shows it."""
    ((_, digest),) = digests_for([user], week)
    return digest


def _render(user, parts: list, common: dict) -> Digest | None:
    if not parts:
        return None
    context = {**common, "user": user, "parts": parts}
    return Digest(
        subject=common["subject"],
        text=render_to_string("emails/digest/weekly.txt", context),
        html=render_to_string("emails/digest/weekly.html", context),
        parts=parts,
    )

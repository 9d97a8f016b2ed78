"""Building one person's weekly digest from the apps' `Page.DIGEST` sections."""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse

from partnership.lib.digest import DigestWeek, absolute_url
from partnership.lib.sections import Page, sections_for


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    parts: list


def digest_for(user, week: DigestWeek) -> Digest | None:
    """The person's digest for the week, or None when no app has anything to tell them."""
    parts = sections_for(Page.DIGEST, user, week)
    if not parts:
        return None
    context = {
        "user": user,
        "week": week,
        "week_end": week.starts_on + datetime.timedelta(days=6),
        "parts": parts,
        "site_url": absolute_url(reverse("dashboard")),
        "settings_url": absolute_url(reverse("digest:preview")),
    }
    subject = f"Your week: {week.starts_on:%-d %b %Y}"
    return Digest(
        subject=subject,
        text=render_to_string("emails/digest/weekly.txt", context),
        html=render_to_string("emails/digest/weekly.html", context),
        parts=parts,
    )

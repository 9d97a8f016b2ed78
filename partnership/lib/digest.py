"""The week a weekly digest covers, and the batch of people whose digests are built together.

A digest is sent on a Monday (`starts_on`): it looks back over the week before and ahead over
the week starting that day (a fortnight ahead for reviews). Each app's `@section(Page.DIGEST)`
function takes `(user, batch)` and returns `(heading, [(text, absolute URL), ...])` pairs,
nothing when it has nothing to say, so a week with nothing for a person sends them nothing.

Digests are built a few hundred people at a time (a `DigestBatch`; the preview is a batch of
one). A section asks its database questions once for the whole batch, through
`batch.once(key, compute)`, and picks each person's lines from the answer: the queries of a
batch do not grow with the number of people in it, so 50,000 people cost a few hundred batches
rather than half a million queries.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from partnership.lib.mail import absolute_url  # noqa: F401 (the digest sections link with it)


@dataclass(frozen=True)
class DigestWeek:
    starts_on: datetime.date

    @classmethod
    def of(cls, day: datetime.date) -> "DigestWeek":
        """The week (Monday to Sunday) that holds `day`."""
        return cls(day - datetime.timedelta(days=day.weekday()))

    @property
    def past_start(self) -> datetime.date:
        return self.starts_on - datetime.timedelta(days=7)

    @property
    def ahead_end(self) -> datetime.date:
        """The last day of the week ahead."""
        return self.starts_on + datetime.timedelta(days=6)

    @property
    def fortnight_end(self) -> datetime.date:
        return self.starts_on + datetime.timedelta(days=13)


class DigestBatch:
    """The people whose digests for `week` are built together, and what the sections worked out
    once for all of them (each person's scope is known before the sections run)."""

    def __init__(self, week: DigestWeek, users: Iterable):
        self.week = week
        self.users = list(users)
        self._answers: dict[str, Any] = {}

    def once(self, key: str, compute: Callable[["DigestBatch"], Any]) -> Any:
        """`compute(batch)` the first time a section asks for `key` in this batch, then its
        answer again; nothing is asked for a batch whose people never need it."""
        if key not in self._answers:
            self._answers[key] = compute(self)
        return self._answers[key]

    def line(self, obj, make: Callable) -> Any:
        """`make(obj)`, a row's line, worked out once however many people's digests show the
        row (building its link is most of the cost of a line)."""
        return self.once(f"line {type(obj).__name__} {obj.pk}", lambda _: make(obj))

    @property
    def user_ids(self) -> list[int]:
        return [user.pk for user in self.users]


def first(items: Iterable, limit: int, key: Callable) -> list:
    """The first `limit` distinct items by `key` (a person's lines merged from several hubs or
    schools may hold the same row twice)."""
    seen, picked = set(), []
    for item in sorted(items, key=key):
        marker = item.pk
        if marker in seen:
            continue
        seen.add(marker)
        picked.append(item)
        if len(picked) == limit:
            break
    return picked

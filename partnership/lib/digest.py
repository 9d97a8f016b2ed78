"""The week a weekly digest covers, as the apps' digest sections receive it.

A digest is sent on a Monday (`starts_on`): it looks back over the week before and ahead over
the week starting that day (a fortnight ahead for reviews). Each app's `@section(Page.DIGEST)`
function returns `(heading, [(text, absolute URL), ...])` pairs, nothing when it has nothing to
say, so a week with nothing for a person sends them nothing.
"""

import datetime
from dataclasses import dataclass

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

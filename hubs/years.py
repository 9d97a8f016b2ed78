"""Academic years run September to August and are named by the year they start (2025 = 2025/26)."""

import datetime

SEPTEMBER = 9
# The first year the pages offer; nothing dated before it can be found again.
FIRST_ACADEMIC_YEAR = 2015


def academic_year_of(day: datetime.date) -> int:
    return day.year if day.month >= SEPTEMBER else day.year - 1


def academic_year_start(year: int) -> datetime.date:
    return datetime.date(year, SEPTEMBER, 1)


def academic_year_end(year: int) -> datetime.date:
    return datetime.date(year + 1, 8, 31)


def academic_year_label(year: int) -> str:
    return f"{year}/{str(year + 1)[-2:]}"


def current_academic_year(today: datetime.date | None = None) -> int:
    return academic_year_of(today or datetime.date.today())


def academic_year_choices(
    first: int = FIRST_ACADEMIC_YEAR, last: int | None = None
) -> list[tuple[int, str]]:
    last = last if last is not None else current_academic_year() + 1
    return [(year, academic_year_label(year)) for year in range(last, first - 1, -1)]

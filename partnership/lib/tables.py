"""What every app's django-tables2 tables share."""

import datetime

import django_tables2 as tables
from django.utils import dateformat, timezone
from django_tables2 import LazyPaginator, RequestConfig

# Rows on a page of any list. A screenful: enough to scan, and every row costs render time on
# every view of the page.
ROWS_PER_PAGE = 25


def paginate(request, table, *, per_page: int | None = ROWS_PER_PAGE, count: bool = True) -> None:
    """Sort and page a table from the request's query string.

    per_page=None shows every row. count=False pages on without a COUNT over every row the
    filters let through (LazyPaginator): for lists too long to number their pages.
    """
    options: dict | bool = False
    if per_page is not None:
        options = {"per_page": per_page}
        if not count:
            options["paginator_class"] = LazyPaginator
    RequestConfig(request, paginate=options).configure(table)


class DateColumn(tables.Column):
    """A date (or a date and time, in local time) in a Django date format, on screen and in CSV.

    django-tables2's own DateColumn renders a template for each cell; a date needs no template.
    """

    def __init__(self, *args, format: str = "j M Y", **kwargs):
        self.format = format
        super().__init__(*args, **kwargs)

    def render(self, value):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        return dateformat.format(value, self.format)

    def value(self, value):
        return self.render(value)

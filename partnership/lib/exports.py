"""The one CSV exporter: every download of the app (a table's rows, the queue) goes through it.

Rows stream, so a national list of 25,000 schools is not built in memory as one file, and each
cell is written so that a spreadsheet opening the file never runs it as a formula.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import StreamingHttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object that hands back what the csv writer writes: one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value):
    """The value as a CSV cell: text that starts like a formula gets a leading apostrophe.

    Numbers are written as they are, so a negative amount stays a number a spreadsheet can add
    up; a number cannot carry a formula.
    """
    if isinstance(value, int | float | Decimal):
        return value
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_download(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    """Stream `rows` (the header first) as a CSV attachment named `filename`."""
    writer = csv.writer(_Echo())
    lines = (writer.writerow([csv_cell(value) for value in row]) for row in rows)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(table, filename: str) -> StreamingHttpResponse:
    """Every row of a django-tables2 table (not one page), under its column headers."""
    return csv_download(table.as_values(), filename)


class CsvExportMixin:
    """`?_export=csv` on a table view downloads its filtered rows (as django-tables2's
    ExportMixin), through `csv_response`."""

    export_trigger_param = "_export"
    export_name = "table"

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get(self.export_trigger_param) == "csv":
            table = self.get_table_class()(self.get_table_data())
            table.order_by = self.request.GET.get(table.prefixed_order_by_field)
            return csv_response(table, f"{self.export_name}.csv")
        return super().render_to_response(context, **kwargs)

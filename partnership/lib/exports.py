"""CSV download of a django-tables2 table: the same rows the page shows, unpaginated."""

import csv

from django.http import StreamingHttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(table, filename: str) -> StreamingHttpResponse:
    """Stream the table's rows (every page) as CSV, with the table's column headers."""
    writer = csv.writer(_Echo())
    rows = (writer.writerow([_safe(value) for value in row]) for row in table.as_values())
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CsvExportMixin:
    """`?_export=csv` on a table view downloads its filtered rows, as django-tables2's ExportMixin.

    Streams, so a national list of 25,000 schools is not built in memory as one file.
    """

    export_trigger_param = "_export"
    export_name = "table"

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get(self.export_trigger_param) == "csv":
            table = self.get_table_class()(self.get_table_data())
            table.order_by = self.request.GET.get(table.prefixed_order_by_field)
            return csv_response(table, f"{self.export_name}.csv")
        return super().render_to_response(context, **kwargs)

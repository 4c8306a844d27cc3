"""CSV and Excel exports of a contract's KPI series per quarter. Counts of 1 to 4 are "fewer than 5" here too."""

import csv
import io
from collections.abc import Sequence

import xlsxwriter  # type: ignore[import-untyped]

from carershub.commissioning.rules.rag import Period
from carershub.commissioning.selectors.monitoring import KpiRow, shown

HEADER_START = ["KPI", "For", "Source", "Quarter", "Period", "Figure", "Target", "RAG"]


def kpi_series_table(rows: Sequence[KpiRow], quarters: Sequence[Period]) -> list[list[str]]:
    """One line per KPI per quarter, figures already suppressed (`KpiRow` from the monitoring selectors)."""
    table = [HEADER_START]
    for row in rows:
        scope = str(row.kpi.lot) if row.kpi.lot else "The whole contract"
        for quarter, figure in zip(quarters, row.series, strict=True):
            value = "" if figure.value is None else shown(figure.value, figure.base, suppressed=figure.is_suppressed)
            table.append(
                [
                    str(row.kpi),
                    scope,
                    row.source,
                    quarter.short_label,
                    quarter.label,
                    value,
                    f"{figure.target.normalize():f}",
                    figure.rag or "",
                ]
            )
    return table


def as_csv(table: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in table:
        # A cell starting with = + - @ would run as a formula in a spreadsheet: quote it (CSV injection).
        writer.writerow([f"'{cell}" if cell[:1] in "=+-@" else cell for cell in line])
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(table: Sequence[Sequence[str]], *, title: str) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    sheet = workbook.add_worksheet("KPIs")
    bold = workbook.add_format({"bold": True})
    sheet.write(0, 0, title, bold)
    for row_index, line in enumerate(table, start=2):
        for column, cell in enumerate(line):
            if row_index == 2:
                sheet.write_string(row_index, column, cell, bold)
            elif cell.replace(".", "", 1).isdigit():
                sheet.write_number(row_index, column, float(cell))  # Excel stores numbers as floats; these are counts
            else:
                sheet.write_string(row_index, column, cell)
    sheet.set_column(0, 2, 40)
    sheet.set_column(3, 7, 18)
    workbook.close()
    return buffer.getvalue()

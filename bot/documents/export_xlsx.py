"""The staff's Excel export: one row per application, formatted for people who use Excel.

Sheets: the applications (fixed columns, the campaign's form fields, the check and review
columns), the eligibility answers, and a count per status. Numbers stay numbers (``Decimal``
is written exactly), times are shown in the campaign's time zone, and text typed by
applicants is always written as text, never as a formula.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.campaign.schema import Campaign
from bot.documents.export_model import (
    Column,
    ExportLabels,
    ExportRow,
    Kind,
    application_columns,
    eligibility_columns,
    recommendation_columns,
)
from bot.documents.workbook import add_sheet, append, new_workbook, put, text_value, to_bytes
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.texts.render import Renderer

NUMBER_FORMATS: dict[Kind, str] = {
    "money": "#,##0.00",
    "score": "0.00",
    "int": "0",
    "count": "#,##0",
    "datetime": "yyyy-mm-dd hh:mm",
}
MAX_WIDTH: dict[Kind, int] = {"wrap": 50, "hash": 20}
DEFAULT_MAX_WIDTH = 36
MIN_WIDTH = 6
HEADER_WIDTH_CAP = 24  # longer headers wrap onto a second line instead of widening the column
LINE_HEIGHT = 15.0  # points per line of text at the default font size
MAX_LINES = 8  # taller rows make the sheet hard to scan; the cell still holds all the text

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
TOP = Alignment(vertical="top")
TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)


def build_export(
    campaign: Campaign, rows: Sequence[ExportRow], renderer: Renderer, lang: str = OFFICIAL_LANGUAGE
) -> bytes:
    """The .xlsx file's bytes."""
    labels = ExportLabels(renderer, lang)
    zone = campaign.zone
    workbook, main = new_workbook(labels.get("sheet_applications"))
    _write_table(main, application_columns(campaign, labels), rows, zone, labels)
    main.freeze_panes = "B2"
    eligibility = add_sheet(workbook, labels.get("sheet_eligibility"))
    _write_table(eligibility, eligibility_columns(campaign, labels), rows, zone, labels)
    eligibility.freeze_panes = "B2"
    _write_summary(add_sheet(workbook, labels.get("sheet_summary")), rows, labels)
    recommendations = add_sheet(workbook, labels.get("sheet_recommendations"))
    _write_table(recommendations, recommendation_columns(labels), rows, zone, labels)
    recommendations.freeze_panes = "B2"
    _write_verification(add_sheet(workbook, labels.get("sheet_verification")), rows, zone, labels)
    return to_bytes(workbook)


def _write_table(
    ws: Worksheet, columns: Sequence[Column], rows: Sequence[ExportRow], zone: ZoneInfo, labels: ExportLabels
) -> None:
    """Header row, one row per application, widths, heights and an auto filter."""
    append(ws, [c.header for c in columns])
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    widths = [_column_width(c, rows, zone, labels) for c in columns]
    for index, row in enumerate(rows, start=2):
        lines = 1
        for col, (column, width) in enumerate(zip(columns, widths, strict=True), start=1):
            value = _cell_value(column.value(row), column.kind, zone, labels)
            if value is None:
                continue
            cell = put(ws, index, col, value)
            cell.number_format = NUMBER_FORMATS.get(column.kind, "General")
            cell.alignment = TOP_WRAPPED if column.kind == "wrap" else TOP
            if column.kind == "wrap":
                lines = max(lines, _line_count(str(value), width))
        if lines > 1:
            ws.row_dimensions[index].height = LINE_HEIGHT * min(lines, MAX_LINES)
    header_lines = max((_line_count(c.header, w) for c, w in zip(columns, widths, strict=True)), default=1)
    ws.row_dimensions[1].height = LINE_HEIGHT * min(header_lines, MAX_LINES) + 4
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{len(rows) + 1}"


def _write_summary(ws: Worksheet, rows: Sequence[ExportRow], labels: ExportLabels) -> None:
    """One line per status with its count (most frequent first), then the total."""
    append(ws, [labels.get("col_status"), labels.get("col_count")])
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    counts = Counter(_clean_text(row.status) for row in rows)
    for status, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        append(ws, [status, count])
    append(ws, [labels.get("total"), len(rows)])
    for cell in ws[ws.max_row]:
        cell.font = HEADER_FONT
    texts = [*counts, labels.get("col_status"), labels.get("total")]
    widest = max(display_width(text) for text in texts)
    ws.column_dimensions["A"].width = min(max(widest + 2, MIN_WIDTH), DEFAULT_MAX_WIDTH)
    ws.column_dimensions["B"].width = max(display_width(labels.get("col_count")) + 4, MIN_WIDTH * 2)
    ws.freeze_panes = "A2"


VERIFICATION_HEADERS = (
    "col_number",
    "col_item",
    "col_reported",
    "col_consistent",
    "col_verified",
    "col_expert",
    "col_checked_at",
)


def _write_verification(
    ws: Worksheet, rows: Sequence[ExportRow], zone: ZoneInfo, labels: ExportLabels
) -> None:
    """One line per verified item: what was reported, whether it held, what the expert found."""
    append(ws, [labels.get(name) for name in VERIFICATION_HEADERS])
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    for row in rows:
        at = local_naive(row.checked_at, zone) if row.checked_at else None
        for item in row.checked:
            held = None if item.consistent is None else labels.get("yes" if item.consistent else "no")
            values = [row.number, item.label, item.reported, held, item.verified, row.expert, at]
            number = append(ws, values)  # the one writer: text from people is never a formula
            ws.cell(row=number, column=7).number_format = NUMBER_FORMATS["datetime"]
    for letter, width in zip("ABCDEFG", (14, 30, 24, 10, 24, 14, 18), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"


def _cell_value(value: object, kind: Kind, zone: ZoneInfo, labels: ExportLabels) -> object:
    """What openpyxl writes: numbers as numbers, times local and naive, text cleaned; None = empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return labels.get("yes" if value else "no")
    if isinstance(value, datetime):
        return local_naive(value, zone)
    if isinstance(value, int | float | Decimal):
        return value
    text = _clean_text(str(value))
    return text or None


def local_naive(moment: datetime, zone: ZoneInfo) -> datetime:
    """``moment`` in ``zone`` without tzinfo (Excel has no time zones); naive input is taken as UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).replace(tzinfo=None)


def _clean_text(text: str) -> str:
    """What the workbook writer will store: XML-safe, stripped, within Excel's cell limit."""
    return text_value(text)


def display_width(text: str) -> int:
    """Width in Excel's character units of the longest line: wide (CJK) characters count two."""
    return max((_line_width(line) for line in text.splitlines()), default=0)


def _line_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)


def _line_count(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` wide (an estimate)."""
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(_line_width(line) / usable)) for line in text.splitlines() or [""])


def _column_width(column: Column, rows: Sequence[ExportRow], zone: ZoneInfo, labels: ExportLabels) -> float:
    """Wide enough for the header (up to a cap) and the longest value, within the kind's maximum."""
    values = (_cell_value(column.value(row), column.kind, zone, labels) for row in rows)
    widest = max((_value_width(v, column.kind) for v in values if v is not None), default=0)
    wanted = max(min(display_width(column.header), HEADER_WIDTH_CAP), widest) + 2
    return float(min(max(wanted, MIN_WIDTH), MAX_WIDTH.get(column.kind, DEFAULT_MAX_WIDTH)))


def _value_width(value: object, kind: Kind) -> int:
    if isinstance(value, datetime):
        return len("yyyy-mm-dd hh:mm")
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if kind == "money":
            return len(f"{value:,.2f}")
        if kind == "score":
            return len(f"{value:.2f}")
        return len(f"{value:,}" if kind == "count" else str(value))
    return display_width(str(value))

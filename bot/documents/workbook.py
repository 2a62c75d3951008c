"""The one writer of every .xlsx the bot makes (the export, the ranking, anything later).

A value that came from a person is never a formula: every string is written as a text cell,
whatever it starts with (``=``, ``+``, ``-``, ``@``, a tab), after dropping what XML cannot hold
and cutting it to Excel's cell limit. Numbers and times stay numbers and times. No other module
calls ``Workbook()`` or sets a cell's value itself, so no sheet can miss the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from bot.documents.doc_text import doc_text

EXCEL_CELL_LIMIT = 32767
EXCEL_SHEET_TITLE_LIMIT = 31
VERBATIM = (int, float, Decimal, datetime, date, time)


def new_workbook(first_sheet: str) -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet, titled ``first_sheet``."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = sheet_title(first_sheet)
    return workbook, sheet


def add_sheet(workbook: Workbook, title: str) -> Worksheet:
    return workbook.create_sheet(sheet_title(title))


def sheet_title(title: str) -> str:
    """A title Excel accepts: no ``[]:*?/\\``, at most 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in text_value(title))
    return cleaned[:EXCEL_SHEET_TITLE_LIMIT] or "Sheet"


def text_value(value: object) -> str:
    """Any value as the text of a text cell: XML-safe, stripped, within the cell limit."""
    return doc_text(value).strip()[:EXCEL_CELL_LIMIT]


def put(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one cell: numbers and times as such, ``None`` empty, everything else as text."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, VERBATIM):
        cell.value = value
        return cell
    text = text_value(value)
    if not text:
        return cell
    cell.value = text
    cell.data_type = "s"  # openpyxl would take a leading "=" as a formula
    return cell


def append(sheet: Worksheet, values: Iterable[object]) -> int:
    """Write ``values`` as a new row below the last one; the row's number."""
    empty = sheet.max_row == 1 and all(cell.value is None for cell in sheet[1])
    row = 1 if empty else sheet.max_row + 1
    for column, value in enumerate(values, start=1):
        put(sheet, row, column, value)
    return row


def to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The ranking as a one-sheet workbook, headers from ``export/labels.j2``."""

from __future__ import annotations

from openpyxl.styles import Font

from bot.documents.export_model import ExportLabels
from bot.documents.workbook import append, new_workbook, to_bytes
from bot.rules.ranking import Ranking

COLUMNS = (
    "rank_position",
    "col_number",
    "rank_name",
    "col_verified_level",
    "col_verified_score",
    "col_case_score",
    "rank_selected",
    "rank_tied",
)


def build_ranking_xlsx(ranking: Ranking, labels: ExportLabels, level_names: dict[int, str]) -> bytes:
    book, sheet = new_workbook(labels.get("sheet_ranking"))
    append(sheet, [labels.get(c) for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in ranking.rows:
        c = row.candidate
        append(
            sheet,
            [
                row.position,
                c.number,
                c.name,
                level_names.get(c.level, str(c.level)),
                c.score,
                c.case_score,
                labels.get("yes") if row.selected else labels.get("no"),
                labels.get("yes") if row.tied_at_cutoff else "",
            ],
        )
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGH", (6, 16, 36, 16, 10, 10, 8, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    return to_bytes(book)

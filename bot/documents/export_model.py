"""What the Excel export shows: one ``ExportRow`` per application, and the columns to write.

Columns are data: the fixed ones (number, status, times), one per form field of the campaign
in campaign order (header = the field's label), then the check and review columns. Fixed
headers come from ``templates/messages/<lang>/export/labels.j2``; nothing here names a fact
of the notice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from markupsafe import Markup

from bot.campaign.schema import Campaign, FormField
from bot.domain.languages import LANGUAGES, OFFICIAL_LANGUAGE
from bot.texts.render import Renderer

# How a column's cells are written and formatted (see ``export_xlsx.NUMBER_FORMATS``).
Kind = Literal["text", "wrap", "money", "score", "int", "count", "datetime", "bool", "hash"]

FIELD_KINDS: dict[str, Kind] = {
    "money_wan": "money",
    "money_wan_signed": "money",
    "money_usd_wan": "money",
    "score": "score",
    "year": "int",
    "level": "int",
    "multiline": "wrap",
    "address": "wrap",
}

# The check and review columns: (ExportRow attribute, kind); the header is the label col_<attribute>.
REVIEW_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("pdf_pages", "int"),
    ("pdf_sha256", "hash"),
    ("case_total_chars", "count"),
    ("case_images", "count"),
    ("case_ok", "bool"),
    ("case_errors", "count"),
    ("case_warnings", "count"),
    ("verified_level", "int"),
    ("verified_score", "score"),
    ("inconsistencies", "count"),
    ("case_score", "score"),
    ("result", "text"),
)

# The district opinions sheet: one row per application with its district's opinion.
RECOMMENDATION_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("number", "text"),
    ("name", "text"),
    ("district", "text"),
    ("department", "text"),
    ("status", "text"),
    ("opinion", "text"),
    ("opinion_text", "wrap"),
    ("opinion_at", "datetime"),
)

FIXED_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("number", "text"),
    ("status", "text"),
    ("created_at", "datetime"),
    ("submitted_at", "datetime"),
)


@dataclass(frozen=True)
class ExportRow:
    """One application as the export shows it; ``None`` means not known (an empty cell).

    ``form`` maps field ids to values: ``Decimal`` for amounts and scores, ``int`` for years and
    levels, ``str`` otherwise. ``eligibility`` maps question ids to the answer's label.
    """

    number: str
    status: str
    created_at: datetime | None = None
    submitted_at: datetime | None = None
    form: Mapping[str, object] = field(default_factory=dict)
    eligibility: Mapping[str, str] = field(default_factory=dict)
    pdf_pages: int | None = None
    pdf_sha256: str | None = None
    case_total_chars: int | None = None
    case_images: int | None = None
    case_ok: bool | None = None
    case_errors: int | None = None
    case_warnings: int | None = None
    verified_level: int | None = None
    verified_score: Decimal | None = None
    inconsistencies: int | None = None
    case_score: Decimal | None = None
    result: str | None = None
    name: str | None = None
    district: str | None = None
    department: str | None = None
    opinion: str | None = None
    opinion_text: str | None = None
    opinion_at: datetime | None = None
    checked: tuple[CheckedItem, ...] = ()  # the item-by-item verification, if any
    expert: int | None = None
    checked_at: datetime | None = None


@dataclass(frozen=True)
class CheckedItem:
    """One item of the verification: reported, consistent or not, the verified value."""

    label: str
    reported: str | None
    consistent: bool | None  # None: not yet marked
    verified: str | None


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind
    value: Callable[[ExportRow], object]


class ExportLabels:
    """The macros of ``<lang>/export/labels.j2`` as plain text (Excel and charts are not HTML)."""

    def __init__(self, renderer: Renderer, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else OFFICIAL_LANGUAGE
        template = renderer.env.get_template(f"{self.lang}/export/labels.j2")
        self._module = template.make_module({"lang": self.lang})

    def get(self, name: str, /, **context: Any) -> str:
        macro = getattr(self._module, name)
        return Markup(str(macro(**context))).unescape().strip()


def application_columns(campaign: Campaign, labels: ExportLabels) -> list[Column]:
    """The columns of the main sheet: fixed, then form fields in campaign order, then review."""
    fixed = [_attribute_column(name, kind, labels) for name, kind in FIXED_COLUMNS]
    fields = campaign.form.fields if campaign.form else []
    return [
        *fixed,
        *(_field_column(f, labels.lang) for f in fields),
        *(_attribute_column(name, kind, labels) for name, kind in REVIEW_COLUMNS),
    ]


def recommendation_columns(labels: ExportLabels) -> list[Column]:
    return [_attribute_column(name, kind, labels) for name, kind in RECOMMENDATION_COLUMNS]


def eligibility_columns(campaign: Campaign, labels: ExportLabels) -> list[Column]:
    """The number, then one column per eligibility question (header = the question)."""
    number = _attribute_column("number", "text", labels)
    return [number, *(_question_column(q.id, q.text.get(labels.lang)) for q in campaign.questions)]


def _attribute_column(name: str, kind: Kind, labels: ExportLabels) -> Column:
    def value(row: ExportRow) -> object:
        return getattr(row, name)

    return Column(labels.get(f"col_{name}"), kind, value)


def _field_column(form_field: FormField, lang: str) -> Column:
    field_id = form_field.id

    def value(row: ExportRow) -> object:
        return row.form.get(field_id)

    return Column(form_field.label.get(lang), FIELD_KINDS.get(form_field.type, "text"), value)


def _question_column(question_id: str, header: str) -> Column:
    def value(row: ExportRow) -> object:
        return row.eligibility.get(question_id)

    return Column(header, "wrap", value)

"""The campaign file's schema: everything that comes from a notice, as data.

A campaign file (TOML) is validated into ``Campaign``. Code reads its rules from here and
holds no fact of any particular notice. See ``docs/campaigns.md`` for every key.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.domain.languages import DEFAULT_LANGUAGE, LANGUAGES

FIELD_TYPES = (
    "text",
    "multiline",
    "address",
    "credit_code",
    "money_wan",
    "money_wan_signed",
    "money_usd_wan",
    "choice",
    "district",
    "mobile",
    "year",
    "level",
    "score",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(Strict):
    """A text in both languages of the bot."""

    zh_CN: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        text: str = getattr(self, lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
        return text


class Clause(Strict):
    """The clause of the notice quoted when a condition fails."""

    ref: str = Field(min_length=1)
    text: LocalText


class Option(Strict):
    id: str = Field(min_length=1, max_length=24, pattern=r"^[A-Za-z0-9_\-]+$")
    text: LocalText
    aliases: list[str] = []
    former: list[str] = []  # names it had before: answered with "did you mean", not taken silently


class Level(Strict):
    """One maturity level and the score band that usually goes with it."""

    level: int = Field(ge=1)
    name: LocalText
    min_score: float
    max_score: float


class Question(Strict):
    """One eligibility question; ``kind`` decides how it is asked and how it passes."""

    id: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    kind: Literal["yes_no", "choice", "year", "level", "score", "text"]
    text: LocalText
    clause: Clause | None = None
    pass_if: Literal["yes", "no"] | None = None
    options: list[Option] = []
    pass_options: list[str] = []
    min: float | None = None
    max: float | None = None
    min_level: int | None = None
    level_question: str | None = None
    min_len: int = 1
    max_len: int = 200

    @model_validator(mode="after")
    def _kind_needs(self) -> Question:
        if self.kind == "yes_no" and self.pass_if is None:
            raise ValueError('a yes_no question needs pass_if = "yes" or "no"')
        if self.kind == "choice" and not self.options:
            raise ValueError("a choice question needs options")
        unknown = set(self.pass_options) - {o.id for o in self.options}
        if unknown:
            raise ValueError(f"pass_options names unknown options: {sorted(unknown)}")
        if self.kind in ("year", "score") and (self.min is None or self.max is None):
            raise ValueError(f"a {self.kind} question needs min and max")
        if self.can_fail and self.clause is None:
            raise ValueError("a question that can fail needs a clause to quote")
        return self

    @property
    def can_fail(self) -> bool:
        return (
            self.kind == "yes_no"
            or bool(self.pass_options)
            or self.kind == "year"
            or (self.kind == "level" and self.min_level is not None)
        )


class FormField(Strict):
    id: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    label: LocalText
    type: str
    required: bool = True
    carry_from: str | None = None
    options: list[Option] = []
    min_len: int = 1
    max_len: int = 200
    hint: LocalText | None = None
    group: str | None = None  # a label spanning several rows of the printed form
    outside: list[str] = []  # choice/district: places outside the region; naming one is refused

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in FIELD_TYPES:
            raise ValueError(f"unknown field type {value!r}; expected one of {', '.join(FIELD_TYPES)}")
        return value


class Plausibility(Strict):
    """Figures worth a second look (a warning asking to confirm, never a refusal)."""

    ceiling_wan: float = Field(default=10_000_000, gt=0)  # any amount above it, in 万元
    revenue_field: str  # the amount the others are compared with
    at_most_revenue: list[str] = []  # fields that cannot exceed it (profit, tax)
    export_field: str | None = None  # in 万美元: compared with revenue at usd_rate
    usd_rate: float | None = Field(default=None, gt=0)  # 元 per US dollar


class Form(Strict):
    """The recommendation form: fields asked in order, and how the printed .docx lays them out."""

    title: str = Field(min_length=1)
    unit_note: str = ""
    name_line: str = ""
    commitment: LocalText
    signature_lines: list[str] = []
    recommendation_title: str = ""
    recommendation_text: str = ""
    home_place: str | None = None  # an address should mention it (warning otherwise)
    home_place_aliases: list[str] = []  # other spellings an address may use instead (English: Chongqing)
    home_division: str | None = None  # credit codes registered here start with it (warning otherwise)
    name_field: str = "enterprise_name"  # the field that names the enterprise (lists, ranking)
    fields: list[FormField] = []
    layout: list[list[str]] = []  # rows of the printed table: field ids, one or two per row
    department_name: str = "{district}"  # a district department's name, unless bot.toml names it
    recommendation_signed: str = "{department}\n{year}-{month}-{day}"  # under a recorded opinion
    plausibility: Plausibility | None = None
    # Departments the pattern does not name (district name → department), e.g. the three zones.
    departments: dict[str, str] = {}

    @model_validator(mode="after")
    def _departments_name_districts(self) -> Form:
        names = {o.text.zh_CN for f in self.fields if f.type == "district" for o in f.options}
        unknown = sorted(set(self.departments) - names)
        if unknown:
            raise ValueError(f"departments names unknown districts: {unknown}")
        return self

    @model_validator(mode="after")
    def _layout_fields_exist(self) -> Form:
        ids = {f.id for f in self.fields}
        if self.plausibility:
            named = [self.plausibility.revenue_field, *self.plausibility.at_most_revenue]
            named += [self.plausibility.export_field] if self.plausibility.export_field else []
            if sorted(set(named) - ids):
                raise ValueError(f"plausibility names unknown fields: {sorted(set(named) - ids)}")
        unknown = sorted({i for row in self.layout for i in row} - ids)
        if unknown:
            raise ValueError(f"layout names unknown fields: {unknown}")
        if any(not 1 <= len(row) <= 2 for row in self.layout):
            raise ValueError("each layout row holds one or two field ids")
        return self


class CaseSection(Strict):
    title: str = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)
    target: int = Field(gt=0)
    guidance: str = ""

    @field_validator("keywords")
    @classmethod
    def _no_empty_keyword(cls, value: list[str]) -> list[str]:
        if any(not k.strip() for k in value):
            raise ValueError("key words must not be empty")
        return value


class Kpi(Strict):
    name: str = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)


class CaseRules(Strict):
    """The case-study structure and the checks applied to an uploaded .docx."""

    template_title: str = Field(min_length=1)
    requirement: str = ""
    min_total_chars: int = Field(gt=0)
    short_section_ratio: float = Field(default=0.5, gt=0, le=1)
    require_images: bool = True
    kpi_section: int | None = None
    kpis: list[Kpi] = []
    sections: list[CaseSection] = Field(min_length=1)

    @model_validator(mode="after")
    def _kpi_section_exists(self) -> CaseRules:
        if self.kpi_section is not None and not 1 <= self.kpi_section <= len(self.sections):
            raise ValueError(f"kpi_section must be between 1 and {len(self.sections)}")
        return self


class CheckItem(Strict):
    """An item experts verify on site beyond the form's fields (e.g. the case study's figures)."""

    id: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    label: LocalText


class Review(Strict):
    fail_at_inconsistencies: int = Field(gt=0)
    accept_before_opinion: bool = True  # city staff may accept before the district's opinion
    verify_fields: list[str] | None = None  # form fields experts check; default: carried and figures
    items: list[CheckItem] = []  # further items experts check, after the form's


class CalendarYear(Strict):
    """A year's official holiday schedule for a year ``chinese-calendar`` does not carry yet."""

    year: int = Field(ge=2000)
    holidays: list[date] = []  # days off (statutory holidays, weekdays included)
    workdays: list[date] = []  # 调休: weekend days that are working days


class Ranking(Strict):
    top_n: int = Field(gt=0)
    keys: list[Literal["level", "score", "case_score"]] = ["level", "score", "case_score"]
    level_question: str | None = None
    score_question: str | None = None
    publicity_days: int = Field(default=5, gt=0)  # working days the 公示 list stays up
    publicity_contacts: list[str] = []  # names from [[contacts]] who take objections; empty: all
    publicity_title: str = ""  # the 公示 list's title; the campaign name when empty
    publicity_issuer: str = ""  # who publishes it (signs the list)
    casebook_title: str = ""  # the compiled cases' title; the campaign name when empty
    calendar: list[CalendarYear] = []  # holiday schedules of years the calendar library lacks


class Uploads(Strict):
    """Quotas on what one application may upload."""

    max_versions: int = Field(default=20, gt=0)  # versions per kind (form scan, case study)


class Privacy(Strict):
    """What /privacy tells an applicant, and how long their data is kept (``purge``)."""

    retention_days: int = Field(default=1095, gt=0)  # kept this long after the deadline
    contact: LocalText | None = None  # whom to ask about one's data


class Contact(Strict):
    """A person the notice names for questions or submissions (shown wherever the bot says no)."""

    name: str = Field(min_length=1)
    role: LocalText
    phone: str = ""
    email: str = ""


class Phrases(Strict):
    """Ways of saying one thing, in both languages of the bot (a list each)."""

    zh_CN: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)


class FaqEntry(Strict):
    """A question the notice answers: how people ask it, the answer and the clause it comes from.

    ``answer`` is a Jinja text given the campaign's facts (``bot/usecases/faq.py``: ``deadline``,
    ``years``, ``min_level``, ``min_total_chars``, ``sections``, ``top_n``, ``fail_at``, ``mailbox``,
    ``contacts`` …) and ``asked``, the figures the question names (``asked.year``, ``asked.level``,
    ``asked.chars``), so a fact is written once in the campaign file and a figure asked about can be
    compared with it. ``clause_from`` quotes the clause of an eligibility question instead of
    ``clause``."""

    id: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    asked: Phrases
    answer: LocalText
    clause: Clause | None = None
    clause_from: str | None = None


class Campaign(Strict):
    id: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9\-]*$")
    name: LocalText
    notice: str = ""
    number_prefix: str = Field(min_length=1, max_length=12, pattern=r"^[A-Za-z0-9\-]+$")
    deadline: datetime
    deadline_grace_seconds: int = Field(default=0, ge=0, le=3600)  # clock skew allowed after it
    # A button carries no time: a confirmation pressed within this many minutes of the step that
    # offered it counts at that step's time (a /submit before the deadline, confirmed after it).
    confirm_window_minutes: int = Field(default=30, ge=0, le=24 * 60)
    timezone: str
    intro: LocalText
    levels: list[Level] = []
    questions: list[Question] = Field(min_length=1)
    form: Form | None = None
    case: CaseRules | None = None
    review: Review
    ranking: Ranking
    contacts: list[Contact] = []
    uploads: Uploads = Uploads()
    privacy: Privacy = Privacy()
    faq: list[FaqEntry] = []

    @field_validator("deadline")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("the deadline needs a UTC offset, e.g. 2030-08-10T23:59:59+08:00")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}, e.g. Asia/Shanghai") from exc
        return value

    @model_validator(mode="after")
    def _references(self) -> Campaign:
        ids = [q.id for q in self.questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate question ids: {duplicates}")
        for q in self.questions:
            if q.level_question and q.level_question not in ids:
                raise ValueError(f"question {q.id}: level_question {q.level_question!r} is not a question id")
            if q.kind == "level" and not self.levels:
                raise ValueError(f"question {q.id} is a level question but [[levels]] is empty")
        self._ranking_questions()
        if self.form:
            field_ids = [f.id for f in self.form.fields]
            dup = sorted({i for i in field_ids if field_ids.count(i) > 1})
            if dup:
                raise ValueError(f"duplicate form field ids: {dup}")
            for f in self.form.fields:
                if f.carry_from and f.carry_from not in ids:
                    raise ValueError(f"form field {f.id}: carry_from {f.carry_from!r} is not a question id")
        self._check_review_items()
        self._check_faq(ids)
        return self

    def _check_faq(self, question_ids: list[str]) -> None:
        faq_ids = [e.id for e in self.faq]
        if len(set(faq_ids)) != len(faq_ids):
            raise ValueError("faq: ids must not repeat")
        for entry in self.faq:
            if entry.clause_from is not None and entry.clause_from not in question_ids:
                raise ValueError(f"faq {entry.id}: clause_from {entry.clause_from!r} is not a question id")
            if entry.clause is None and entry.clause_from is None:
                raise ValueError(f"faq {entry.id}: needs the clause it comes from (clause or clause_from)")

    def faq_clause(self, entry: FaqEntry) -> Clause | None:
        """The clause an FAQ answer quotes."""
        return entry.clause if entry.clause_from is None else self.question(entry.clause_from).clause

    def _ranking_questions(self) -> None:
        """``[ranking] level_question`` / ``score_question`` name a level / score question."""
        kinds = {q.id: q.kind for q in self.questions}
        for key, kind in (("level_question", "level"), ("score_question", "score")):
            ref = getattr(self.ranking, key)
            if ref is not None and kinds.get(ref) != kind:
                raise ValueError(f"ranking.{key} {ref!r} is not a {kind} question id")

    def _check_review_items(self) -> None:
        fields = {f.id for f in self.form.fields} if self.form else set()
        unknown = sorted(set(self.review.verify_fields or []) - fields)
        if unknown:
            raise ValueError(f"review.verify_fields names unknown form fields: {unknown}")
        item_ids = [*(self.review.verify_fields or []), *(i.id for i in self.review.items)]
        if len(set(item_ids)) != len(item_ids):
            raise ValueError("review: verify_fields and items must not repeat an id")

    @model_validator(mode="after")
    def _publicity_contacts(self) -> Campaign:
        names = {c.name for c in self.contacts}
        unknown = [n for n in self.ranking.publicity_contacts if n not in names]
        if unknown:
            raise ValueError(f"ranking.publicity_contacts: {unknown} not among [[contacts]] names")
        return self

    @property
    def objection_contacts(self) -> list[Contact]:
        """Who takes objections to the 公示 list: the named contacts, else all of them."""
        wanted = self.ranking.publicity_contacts
        return [c for c in self.contacts if not wanted or c.name in wanted]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def kept_until(self) -> datetime:
        """Until when applications and their files are kept: the deadline plus the retention."""
        return self.deadline + timedelta(days=self.privacy.retention_days)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def level_name(self, level: int, lang: str) -> str:
        for item in self.levels:
            if item.level == level:
                return item.name.get(lang)
        return str(level)

"""One registry of eligibility question kinds, like ``PARSERS`` for form field types.

A kind knows how its answer is typed (sharing the form's parsers: one level parser, one score
parser, one year parser), which buttons offer it, how a button's value is read back, how the
answer reads, and when it passes. A new kind is one class here and its entry in ``KINDS`` (and
its name in the schema's ``Question.kind``; a test checks that the two agree).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from bot.rules.choice import match_option
from bot.rules.errors import RuleError
from bot.rules.field_types import parse_level
from bot.rules.maturity import bands_from_levels
from bot.rules.numbers import parse_score, parse_year
from bot.rules.text_field import parse_text

if TYPE_CHECKING:
    from bot.campaign.schema import Campaign, Question

# Years typed outside this window are not plausible answers at all (a typo, not a failure).
PLAUSIBLE_YEARS = (1949, 2100)


class Reader(Protocol):
    """Whoever reads an answer: a language and its labels."""

    @property
    def lang(self) -> str: ...

    def label(self, name: str, /, **context: Any) -> str: ...


@dataclass(frozen=True)
class Typed:
    """What a typed answer is read against: the campaign, and the words for yes and no."""

    campaign: Campaign
    words: Mapping[str, frozenset[str]] = field(default_factory=dict)  # "yes"/"no" → lower-cased words


ButtonRows = list[list[tuple[str, str | int]]]  # rows of (button text, value carried by the button)


class QuestionKind:
    name: ClassVar[str]

    def typed(self, question: Question, text: str, context: Typed) -> Any:
        raise RuleError("use_buttons")

    def from_button(self, question: Question, raw: str) -> Any:
        raise RuleError("bad_button")

    def buttons(self, question: Question, campaign: Campaign, reader: Reader) -> ButtonRows:
        return []

    def display(self, question: Question, campaign: Campaign, value: Any, reader: Reader) -> str:
        return str(value)

    def passes(self, question: Question, value: Any) -> bool:
        return True


def _pairs(items: list[tuple[str, str | int]], width: int) -> ButtonRows:
    return [items[i : i + width] for i in range(0, len(items), width)]


class YesNo(QuestionKind):
    name = "yes_no"

    def typed(self, question: Question, text: str, context: Typed) -> Any:
        lowered = text.strip().lower()
        for value in ("yes", "no"):
            if lowered in context.words.get(value, frozenset()):
                return value
        raise RuleError("use_buttons")

    def from_button(self, question: Question, raw: str) -> Any:
        if raw not in ("yes", "no"):
            raise RuleError("bad_button")
        return raw

    def buttons(self, question: Question, campaign: Campaign, reader: Reader) -> ButtonRows:
        return [[(reader.label("yes"), "yes"), (reader.label("no"), "no")]]

    def display(self, question: Question, campaign: Campaign, value: Any, reader: Reader) -> str:
        return reader.label(str(value))

    def passes(self, question: Question, value: Any) -> bool:
        return bool(value == question.pass_if)


class Choice(QuestionKind):
    name = "choice"

    def typed(self, question: Question, text: str, context: Typed) -> Any:
        try:
            return match_option(text, question.options).id
        except RuleError:
            raise RuleError("use_buttons") from None

    def from_button(self, question: Question, raw: str) -> Any:
        if raw not in {o.id for o in question.options}:
            raise RuleError("bad_button")
        return raw

    def buttons(self, question: Question, campaign: Campaign, reader: Reader) -> ButtonRows:
        return _pairs([(o.text.get(reader.lang), o.id) for o in question.options], 2)

    def display(self, question: Question, campaign: Campaign, value: Any, reader: Reader) -> str:
        option = next((o for o in question.options if o.id == value), None)
        return option.text.get(reader.lang) if option else str(value)

    def passes(self, question: Question, value: Any) -> bool:
        return not question.pass_options or value in question.pass_options


class Year(QuestionKind):
    name = "year"

    def typed(self, question: Question, text: str, context: Typed) -> Any:
        return int(parse_year(text.strip(), *PLAUSIBLE_YEARS).value)

    def from_button(self, question: Question, raw: str) -> Any:
        return raw if raw == "other" else _int(raw)

    def buttons(self, question: Question, campaign: Campaign, reader: Reader) -> ButtonRows:
        assert question.min is not None and question.max is not None
        years: list[tuple[str, str | int]] = [
            (str(y), y) for y in range(int(question.min), int(question.max) + 1)
        ]
        return [*_pairs(years, 3), [(reader.label("other_year"), "other")]]

    def display(self, question: Question, campaign: Campaign, value: Any, reader: Reader) -> str:
        return reader.label("other_year") if value == "other" else str(value)

    def passes(self, question: Question, value: Any) -> bool:
        assert question.min is not None and question.max is not None
        return isinstance(value, int) and question.min <= value <= question.max


class Level(QuestionKind):
    name = "level"

    def typed(self, question: Question, text: str, context: Typed) -> Any:
        campaign = context.campaign
        names = {band.level: band.name for band in campaign.levels}
        return parse_level(text, bands_from_levels(campaign.levels), names)

    def from_button(self, question: Question, raw: str) -> Any:
        return _int(raw)

    def buttons(self, question: Question, campaign: Campaign, reader: Reader) -> ButtonRows:
        return [[(band.name.get(reader.lang), band.level)] for band in campaign.levels]

    def display(self, question: Question, campaign: Campaign, value: Any, reader: Reader) -> str:
        return campaign.level_name(int(value), reader.lang)

    def passes(self, question: Question, value: Any) -> bool:
        return question.min_level is None or (isinstance(value, int) and value >= question.min_level)


class Score(QuestionKind):
    name = "score"

    def typed(self, question: Question, text: str, context: Typed) -> Any:
        assert question.min is not None and question.max is not None
        low, high = Decimal(str(question.min)), Decimal(str(question.max))
        return str(parse_score(text.strip(), low, high).value)


class Text(QuestionKind):
    name = "text"

    def typed(self, question: Question, text: str, context: Typed) -> Any:
        return str(parse_text(text.strip(), question.min_len, question.max_len).value)


def _int(raw: str) -> int:
    if not raw.isdigit():
        raise RuleError("bad_button")
    return int(raw)


KINDS: dict[str, QuestionKind] = {
    kind.name: kind for kind in (YesNo(), Choice(), Year(), Level(), Score(), Text())
}


def kind_of(question: Question) -> QuestionKind:
    return KINDS[question.kind]

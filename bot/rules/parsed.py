"""The result every field parser returns.

``value`` keeps the Python type (``Decimal`` for money and scores, ``int`` for years and
levels, ``str`` otherwise). ``stored`` is what goes into the JSON column: ``Decimal`` becomes
its exact decimal string (``"12000"``, ``"-35.5"``), never a float; ``str`` and ``int`` stay
as they are. ``bot.rules.field_types.load_value`` turns a stored value back.

``display`` is the normalised echo, language-neutral (numbers, codes, names, no units):
templates add ``万元`` / ``10k CNY`` and the like.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.rules.errors import RuleWarning

Value = str | int | Decimal
Stored = str | int


def decimal_text(value: Decimal) -> str:
    """Plain decimal notation without exponent or trailing zeros: ``1.2E+4`` → ``"12000"``."""
    text = format(value, "f")  # not normalize(): it rounds to the context's 28 digits
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def to_stored(value: Value) -> Stored:
    """The JSON-safe form of a parsed value."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    return value


@dataclass(frozen=True)
class Parsed:
    value: Value
    display: str
    warnings: tuple[RuleWarning, ...] = ()

    @property
    def stored(self) -> Stored:
        return to_stored(self.value)

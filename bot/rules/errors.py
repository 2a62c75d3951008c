"""Domain errors and warnings that name a message template instead of carrying text.

Rules never hold user-facing text: they raise ``RuleError(code, **params)`` or return
``RuleWarning(code, params)``; the renderer turns the code into a sentence in the user's
language (``templates/messages/<lang>/<area>/<code>.j2``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RuleWarning:
    """A non-blocking finding: the value is accepted but the user should re-check it."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class RuleError(ValueError):
    """A refused value; ``code`` names the template that explains why."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

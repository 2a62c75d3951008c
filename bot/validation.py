"""Turn pydantic validation errors into one line per problem: file, key, what is expected."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def key_path(location: tuple[int | str, ...]) -> str:
    """``("questions", 2, "text", "en")`` → ``questions[2].text.en``."""
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    text = str(error.get("msg", "invalid"))
    return text.removeprefix("Value error, ")


def describe(error: ValidationError, file_name: str) -> list[str]:
    """One ``file: key: problem`` line per error, in the order pydantic found them."""
    lines = []
    for item in error.errors():
        location = tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        lines.append(f"{file_name}: {key_path(location)}: {_message(dict(item))}")
    return lines


class ConfigError(Exception):
    """A config or campaign file that cannot be used; ``lines`` names each problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines

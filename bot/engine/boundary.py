"""The one input boundary: every text a person sends is cleaned here, before any handler.

``Engine.handle`` passes each event through ``clean_event``, so typed text, command
arguments, file names and the sender's name reach the handlers (and the database) without
code points XML cannot hold, without bidi controls, in NFC, with ASCII letters and digits
half-width and odd spaces made plain. A file name is also made safe to store: no path,
no NUL, at most ``MAX_FILE_NAME`` characters with its extension kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from bot.domain.words import command_of_word
from bot.engine.events import Command, Document, Event, Text
from bot.rules.text_norm import halfwidth_alnum, xml_safe

MAX_FILE_NAME = 200  # characters; PostgreSQL's column holds 255, and a name is for display
MAX_EXTENSION = 10
MAX_SENDER_NAME = 64  # Telegram's own limit for a first name
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Letters that draw nothing (Hangul fillers, the blank Braille pattern): a name made of them
# looks empty or like another's.
_BLANK_LETTERS = dict.fromkeys(map(ord, "\u115f\u1160\u3164\uffa0\u2800"))
_ODD_SPACES = re.compile(r"[^\S\n]")  # tab, NBSP, U+3000 ideographic space …
_RUNS = re.compile(r" {2,}")
_PATH = re.compile(r"[/\\]+")


def _visible(text: str) -> str:
    """``text`` without format characters (Unicode category Cf: direction marks such as U+200E,
    invisible operators such as U+2061, joiners, tags …) and blank letters. Chinese needs none
    of them: CJK punctuation, ideographic spaces (made plain below) and variation selectors stay."""
    text = text.translate(_INVISIBLE).translate(_BLANK_LETTERS)
    return "".join(c for c in text if unicodedata.category(c) != "Cf") if not text.isascii() else text


def clean_text(text: str) -> str:
    """Typed text or a caption: safe for XML, NFC, visible, half-width letters/digits, plain spaces."""
    text = _visible(unicodedata.normalize("NFC", xml_safe(text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _RUNS.sub(" ", _ODD_SPACES.sub(" ", halfwidth_alnum(text)))
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def clean_line(text: str, limit: int) -> str:
    """One line (a name): ``clean_text`` with newlines as spaces, at most ``limit`` characters."""
    return _RUNS.sub(" ", clean_text(text).replace("\n", " "))[:limit].strip()


def clean_file_name(name: str) -> str:
    """A file name to store and show: no folders, one line, cut with its extension kept."""
    name = clean_line(_PATH.sub("_", name), len(name) + 1).strip(". ")
    if len(name) <= MAX_FILE_NAME:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and stem and len(extension) <= MAX_EXTENSION:
        return f"{stem[: MAX_FILE_NAME - len(extension) - 1].rstrip()}.{extension}"
    return name[:MAX_FILE_NAME]


def clean_event(event: Event) -> Event:
    """``event`` with every person-supplied text cleaned (button data is signed: left alone)."""
    sender = replace(event.sender, first_name=clean_line(event.sender.first_name, MAX_SENDER_NAME))
    if isinstance(event, Text):
        text = clean_text(event.text)
        word = command_of_word(text) if sender.is_private else None
        if word is not None:  # a word of the words table is its command, on every channel
            return Command(
                update_id=event.update_id, sender=sender, sent_at=event.sent_at, name=word[0], args=word[1]
            )
        return replace(event, sender=sender, text=text)
    if isinstance(event, Command):
        return replace(event, sender=sender, args=clean_text(event.args))
    if isinstance(event, Document):
        return replace(
            event,
            sender=sender,
            file_name=clean_file_name(event.file_name),
            mime_type=clean_line(event.mime_type, 255),
        )
    return replace(event, sender=sender)

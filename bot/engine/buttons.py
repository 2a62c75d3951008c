"""Every kind of inline button the bot makes: one small frozen dataclass per kind, registered
under the short tag that leads its callback data (``bot/engine/codec.py`` signs and reads them).

Fields are ``int`` (non-negative, ASCII digits on the wire) or ``str`` (no ``:`` or ``|``), in
the order they are declared; a button's data is ``tag:field:field…``. Route tables
(``handlers/*/routes.py``) map these classes to handlers, which receive the typed value.

To add a kind: a dataclass here with ``@button_kind("xy")`` (a tag not taken), the handler taking
it, and its line in the audience's route table; ``tests/engine/test_buttons.py`` checks that every
kind has exactly one handler whose parameter is that kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import ClassVar, TypeVar, get_type_hints

MAX_DIGITS = 18  # an int field longer than this is not one the bot made


class BadPayload(ValueError):
    """Signed data whose parts do not fit its kind (a button of an older version of the bot)."""


class UnknownKind(ValueError):
    """Signed data whose tag names no kind this bot knows."""


@dataclass(frozen=True)
class Payload:
    tag: ClassVar[str] = ""


@dataclass(frozen=True)
class OfCampaign(Payload):
    campaign: int  # the campaign's position in the registry (see ``campaign_at`` in ``handlers/common.py``)


@dataclass(frozen=True)
class OfApplication(Payload):
    application: int  # the application's id


KINDS: dict[str, type[Payload]] = {}
_FIELD_TYPES: dict[type[Payload], tuple[tuple[str, type], ...]] = {}
P = TypeVar("P", bound=Payload)


def button_kind(tag: str) -> Callable[[type[P]], type[P]]:
    def register(cls: type[P]) -> type[P]:
        if tag in KINDS or not tag or ":" in tag or "|" in tag:
            raise ValueError(f"button tag {tag!r} is taken or not allowed")
        hints = get_type_hints(cls)
        types = tuple((f.name, hints[f.name]) for f in fields(cls))
        if any(kind not in (int, str) for _, kind in types):
            raise TypeError(f"{cls.__name__}: button fields are int or str")
        cls.tag = tag
        KINDS[tag] = cls
        _FIELD_TYPES[cls] = types
        return cls

    return register


def to_parts(payload: Payload) -> tuple[str, ...]:
    """``(tag, field, …)`` as text, in declaration order."""
    kind = type(payload)
    if kind not in _FIELD_TYPES:
        raise TypeError(f"{kind.__name__} is not a registered button kind")
    return (kind.tag, *(str(getattr(payload, name)) for name, _ in _FIELD_TYPES[kind]))


def from_parts(parts: tuple[str, ...]) -> Payload:
    """The payload ``parts`` spell; ``UnknownKind`` or ``BadPayload`` if they spell none."""
    kind = KINDS.get(parts[0]) if parts else None
    if kind is None:
        raise UnknownKind(parts[0] if parts else "")
    types = _FIELD_TYPES[kind]
    raw = parts[1:]
    if len(raw) != len(types):
        raise BadPayload(kind.tag)
    values: dict[str, int | str] = {}
    for (name, field_type), text in zip(types, raw, strict=True):
        if field_type is int:
            if not (text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS):
                raise BadPayload(kind.tag)
            values[name] = int(text)
        else:
            values[name] = text
    return kind(**values)


# Applicants: the campaign menu, consent, the eligibility questions
@button_kind("c")
@dataclass(frozen=True)
class ChooseCampaign(OfCampaign): ...


@button_kind("ok")
@dataclass(frozen=True)
class Consent(OfCampaign): ...


@button_kind("rs")
@dataclass(frozen=True)
class Resume(OfCampaign): ...


@button_kind("a")
@dataclass(frozen=True)
class Answer(OfCampaign):
    question: int
    value: str


@button_kind("bk")
@dataclass(frozen=True)
class PreviousQuestion(OfCampaign): ...


@button_kind("ed")
@dataclass(frozen=True)
class ChangeAnswer(OfCampaign):
    question: int


@button_kind("lg")
@dataclass(frozen=True)
class ChooseLanguage(Payload):
    lang: str


# Applicants: the recommendation form
@button_kind("fm")
@dataclass(frozen=True)
class StartForm(OfCampaign): ...


@button_kind("fo")
@dataclass(frozen=True)
class FieldOption(OfCampaign):
    field: int
    option: int


@button_kind("fp")
@dataclass(frozen=True)
class OptionPage(OfCampaign):
    field: int
    page: int


@button_kind("fb")
@dataclass(frozen=True)
class PreviousField(OfCampaign):
    field: int


@button_kind("fs")
@dataclass(frozen=True)
class SkipField(OfCampaign):
    field: int


@button_kind("fe")
@dataclass(frozen=True)
class ChangeField(OfCampaign):
    field: int


@button_kind("fc")
@dataclass(frozen=True)
class ConfirmForm(OfCampaign): ...


@button_kind("fv")
@dataclass(frozen=True)
class ViewForm(OfCampaign): ...


@button_kind("cm")
@dataclass(frozen=True)
class Commit(OfCampaign): ...


@button_kind("fd")
@dataclass(frozen=True)
class DownloadForm(OfCampaign): ...


# Applicants: submitting, colleagues, their data
@button_kind("sb")
@dataclass(frozen=True)
class SubmitNow(OfCampaign): ...


@button_kind("sc")
@dataclass(frozen=True)
class ConfirmSubmit(OfCampaign):
    pdf: int  # the upload ids the shown package holds (0: none)
    case: int
    offered: int = 0  # when the /submit that showed it was sent (Unix seconds; 0: unknown)


@button_kind("hx")
@dataclass(frozen=True)
class Fingerprints(OfCampaign): ...


@button_kind("mr")
@dataclass(frozen=True)
class RemoveMember(Payload):
    member: int  # the colleague's user id


@button_kind("mh")
@dataclass(frozen=True)
class HandOver(Payload):
    member: int  # the colleague who becomes the first contact


@button_kind("dx")
@dataclass(frozen=True)
class ConfirmDelete(OfCampaign):
    application: int


# City staff
@button_kind("sa")
@dataclass(frozen=True)
class Accept(OfApplication): ...


@button_kind("sr")
@dataclass(frozen=True)
class ReturnPackage(OfApplication): ...


@button_kind("sd")
@dataclass(frozen=True)
class Details(OfApplication): ...


@button_kind("sx")
@dataclass(frozen=True)
class Extend(OfApplication): ...


@button_kind("sv")
@dataclass(frozen=True)
class VerifyFigures(OfApplication): ...


@button_kind("so")
@dataclass(frozen=True)
class RecordObjection(OfApplication): ...


@button_kind("rx")
@dataclass(frozen=True)
class RankingFile(OfCampaign): ...


@button_kind("ap")
@dataclass(frozen=True)
class PreviewAnnouncement(OfCampaign): ...


@button_kind("ac")
@dataclass(frozen=True)
class ConfirmAnnouncement(OfCampaign): ...


@button_kind("ar")
@dataclass(frozen=True)
class RefreshResults(OfCampaign): ...


@button_kind("pb")
@dataclass(frozen=True)
class PublicityFiles(OfCampaign): ...


@button_kind("cb")
@dataclass(frozen=True)
class Casebook(OfCampaign): ...


@button_kind("ps")
@dataclass(frozen=True)
class PhaseStep(OfCampaign):
    move: str  # a staff move of the call's phase (``bot/domain/phase.py``): close, review


@button_kind("ae")
@dataclass(frozen=True)
class ConfirmEarlyAnnouncement(OfCampaign):
    deadline: str  # the date the results go out before (YYYYMMDD), named on the button


@button_kind("pn")
@dataclass(frozen=True)
class PromoteNext(OfApplication): ...  # add the next in the ranking to the 公示 list


# District departments
@button_kind("dr")
@dataclass(frozen=True)
class Recommend(OfApplication): ...


@button_kind("dd")
@dataclass(frozen=True)
class Decline(OfApplication): ...


@button_kind("dv")
@dataclass(frozen=True)
class DistrictDetails(OfApplication): ...


# Experts (and city staff) verifying item by item
@button_kind("vs")
@dataclass(frozen=True)
class StartVerification(OfApplication): ...


@button_kind("vc")
@dataclass(frozen=True)
class ItemConsistent(OfApplication):
    item: int


@button_kind("vi")
@dataclass(frozen=True)
class ItemInconsistent(OfApplication):
    item: int

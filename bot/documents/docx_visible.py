"""A case study as it reads, for the 案例集: only what its author shows on the page.

``visible_docx`` rewrites an uploaded .docx so that, composed into the 案例集, it carries:
tracked changes accepted (insertions kept, deletions and the record of who changed what gone),
no hidden text (``w:vanish``), no comments (their marks in the text and the comments part), and no
field that fetches anything when Word updates it (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE …: the
field and its last result removed). Relationships to anything outside the package are dropped.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
FETCHING = ("INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT", "DATABASE")
_STORY = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")  # what the 案例集 takes
_DROPPED = (  # deletions, the record of formatting changes (with their authors), comment marks
    "del",
    "moveFrom",
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "tblGridChange",
    "numberingChange",
    "commentRangeStart",
    "commentRangeEnd",
)
_UNWRAPPED = ("ins", "moveTo")
_COMMENT_PARTS = ("comments", "commentsExtended", "commentsIds", "commentsExtensible", "people")


def visible_docx(data: bytes) -> bytes:
    """``data`` (a .docx) with only its visible, self-contained content (above)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name = info.filename
            if _is_comment_part(name):
                continue
            content = source.read(info)
            if name in _STORY:
                content = _clean_story(content)
            elif name.endswith(".rels"):
                content = _clean_rels(content)
            elif name == "[Content_Types].xml":
                content = _clean_types(content)
            target.writestr(info, content)
    return out.getvalue()


def _is_comment_part(name: str) -> bool:
    base = name.rsplit("/", 1)[-1].removesuffix(".xml")
    return name.startswith("word/") and base in _COMMENT_PARTS


def _parse(content: bytes) -> etree._Element:
    return etree.fromstring(
        content, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    )


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _clean_story(content: bytes) -> bytes:
    root = _parse(content)
    for tag in _DROPPED:
        for element in list(root.iter(_W + tag)):
            _remove(element)
    for tag in _UNWRAPPED:
        for element in list(root.iter(_W + tag)):
            _unwrap(element)
    for run in list(root.iter(_W + "r")):
        if run.find(f"{_W}commentReference") is not None or _hidden(run):
            _remove(run)
    _drop_fetching_fields(root)
    return _serialise(root)


def _hidden(run: etree._Element) -> bool:
    properties = run.find(_W + "rPr")
    if properties is None:
        return False
    for tag in ("vanish", "specVanish", "webHidden"):
        mark = properties.find(_W + tag)
        if mark is not None and mark.get(_W + "val", "true").lower() not in ("false", "0", "off"):
            return True
    return False


def _drop_fetching_fields(root: etree._Element) -> None:
    for simple in list(root.iter(_W + "fldSimple")):
        if _fetches(simple.get(_W + "instr", "")):
            _remove(simple)
    open_fields: list[_Field] = []  # complex fields (begin … separate … end) open at this run
    doomed: list[etree._Element] = []
    for run in list(root.iter(_W + "r")):
        char = run.find(_W + "fldChar")
        kind = char.get(_W + "fldCharType") if char is not None else None
        if kind == "begin":
            open_fields.append(_Field())
        for field in open_fields:
            field.runs.append(run)
            field.instruction += "".join(t.text or "" for t in run.iter(_W + "instrText"))
        if kind == "end" and open_fields:
            field = open_fields.pop()
            if _fetches(field.instruction):
                doomed.extend(field.runs)
    for run in doomed:
        _remove(run)


@dataclass
class _Field:
    runs: list[etree._Element] = dataclass_field(default_factory=list)
    instruction: str = ""


def _fetches(instruction: str) -> bool:
    words = instruction.strip().split()
    return bool(words) and words[0].upper() in FETCHING


def _clean_rels(content: bytes) -> bytes:
    root = _parse(content)
    for relationship in list(root.iter(f"{{{REL}}}Relationship")):
        kind = relationship.get("Type") or ""
        external = (relationship.get("TargetMode") or "").lower() == "external"
        if (external and not kind.endswith("/hyperlink")) or kind.rsplit("/", 1)[-1] in _COMMENT_PARTS:
            _remove(relationship)
    return _serialise(root)


def _clean_types(content: bytes) -> bytes:
    root = _parse(content)
    for override in list(root):
        if _is_comment_part((override.get("PartName") or "").lstrip("/")):
            _remove(override)
    return _serialise(root)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    position = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(position + offset, child)
    parent.remove(element)

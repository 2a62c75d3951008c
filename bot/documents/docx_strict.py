"""Strict Open XML (ISO/IEC 29500 Strict) read as the Transitional names the reader knows.

Word's 「Strict Open XML 文档」 (另存为 → Strict Open XML Document) writes the same package as a
.docx, the same parts and relationships, but every markup namespace under
``http://purl.oclc.org/ooxml/…`` instead of ``http://schemas.openxmlformats.org/…`` (the
package relationships of OPC keep their namespace; the relationship *types* move too, and the
reader matches those by their last segment). The elements the reader uses keep their local
names, so renaming the namespaces of a parsed part is all it takes.
"""

from __future__ import annotations

from lxml import etree

# Strict namespace prefix → Transitional namespace prefix (what follows is the same in both).
_STRICT_TO_TRANSITIONAL = (
    (
        "http://purl.oclc.org/ooxml/wordprocessingml/",
        "http://schemas.openxmlformats.org/wordprocessingml/2006/",
    ),
    ("http://purl.oclc.org/ooxml/drawingml/", "http://schemas.openxmlformats.org/drawingml/2006/"),
    (
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
    ("http://purl.oclc.org/ooxml/officeDocument/", "http://schemas.openxmlformats.org/officeDocument/2006/"),
)
_STRICT = "{http://purl.oclc.org/ooxml/"


def _transitional(name: str) -> str:
    """``{strict-ns}local`` → ``{transitional-ns}local``; any other name unchanged."""
    if not name.startswith(_STRICT):
        return name
    namespace, local = name[1:].split("}", 1)
    for strict, transitional in _STRICT_TO_TRANSITIONAL:
        if namespace.startswith(strict):
            return f"{{{transitional}{namespace[len(strict) :]}}}{local}"
    return name


def is_strict(root: etree._Element) -> bool:
    return isinstance(root.tag, str) and root.tag.startswith(_STRICT)


def as_transitional(root: etree._Element) -> etree._Element:
    """Rename, in place, the Strict namespaces of ``root``'s elements and attributes to the
    Transitional ones; a Transitional part is returned untouched."""
    if not is_strict(root):
        return root
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments and processing instructions
            continue
        element.tag = _transitional(element.tag)
        for key in [k for k in element.attrib if k.startswith(_STRICT)]:
            value = element.attrib.pop(key)
            element.set(_transitional(key), value)
    etree.cleanup_namespaces(root)
    return root

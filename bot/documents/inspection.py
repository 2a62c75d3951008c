"""A sent file read once, before the update's transaction and off the event loop.

The adapter downloads a file and hands it here (in a thread) before the engine opens the
update's transaction, so the slow reading of a 20 MB .docx or PDF holds no database lock and no
other applicant's update. Handlers take the outcome from the event (``checked_pdf`` /
``read_case``) and only read the file themselves when no inspection was made.
"""

from __future__ import annotations

import asyncio

from bot.documents.docx_reader import DocxError, read_docx
from bot.documents.pdf_check import check_pdf
from bot.engine.events import Inspection
from bot.rules.document import Document as DocxDocument
from bot.rules.document import PdfInfo
from bot.rules.errors import RuleError

ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"


def inspect(data: bytes, file_name: str) -> Inspection:
    """Read ``data`` as what its first bytes say it is: a PDF, or a zip (a .docx)."""
    pdf: PdfInfo | RuleError | None = None
    docx: DocxDocument | RuleError | None = None
    if PDF_MAGIC in data[:1024]:
        try:
            pdf = check_pdf(data)
        except RuleError as error:
            pdf = error
    elif data.startswith(ZIP_MAGIC):
        try:
            docx = read_docx(data, file_name=file_name)
        except DocxError as error:
            docx = error
    return Inspection(pdf=pdf, docx=docx)


async def checked_pdf(data: bytes, inspection: Inspection | None) -> PdfInfo:
    """``check_pdf(data)``, from the inspection when it made one; raises its ``RuleError``."""
    found = inspection.pdf if inspection is not None else None
    if found is None:
        return await asyncio.to_thread(check_pdf, data)
    if isinstance(found, RuleError):
        raise found
    return found


async def read_case(data: bytes, file_name: str, inspection: Inspection | None) -> DocxDocument:
    """``read_docx(data)``, from the inspection when it made one; raises its ``DocxError``."""
    found = inspection.docx if inspection is not None else None
    if found is None:
        return await asyncio.to_thread(read_docx, data, file_name=file_name)
    if isinstance(found, RuleError):  # the DocxError it raised
        raise found
    return found

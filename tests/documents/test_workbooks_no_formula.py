"""Every workbook the bot makes (the /export workbook per campaign, the ranking workbook) keeps
what applicants typed as text: nothing they send becomes a live formula."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import load_workbook
from sqlalchemy import update

from bot.campaign.schema import Campaign
from bot.config import PROJECT_ROOT
from bot.engine.effects import SendFile
from storage.models import Application
from tests.support.seed import seed_verified
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Stub

HOSTILE = (
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "=1+1",
)
FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


async def hostile_applications(stub: Stub, campaign: Campaign) -> None:
    """Verified applications whose every typed text field starts like a formula."""
    made = await seed_verified(stub.services.database, campaign, len(HOSTILE), BEFORE_DEADLINE)
    text_fields = (
        [f.id for f in campaign.form.fields if f.type in ("text", "multiline")] if campaign.form else []
    )
    async with stub.services.database.unit_of_work() as session:
        for (user, _), value in zip(made, HOSTILE, strict=True):
            form = (
                dict.fromkeys(text_fields, value) | {campaign.form.name_field: value} if campaign.form else {}
            )
            await session.execute(
                update(Application).where(Application.applicant_id == user).values(form=form)
            )


async def workbooks(stub: Stub) -> dict[str, bytes]:
    """Every .xlsx the staff can get: /export, and the ranking's workbook button."""
    files: dict[str, bytes] = {}
    await stub.command(STAFF_USER, "/export", chat_id=STAFF_CHAT)
    files |= {e.file_name: e.data for e in stub.last_effects if isinstance(e, SendFile)}
    [ranking] = await stub.command(STAFF_USER, "/ranking", chat_id=STAFF_CHAT)
    for _, data in ranking.buttons():
        if data.startswith("rx:"):
            await stub.press_data(STAFF_USER, data, chat_id=STAFF_CHAT)
            files |= {e.file_name: e.data for e in stub.last_effects if isinstance(e, SendFile)}
    return {name: data for name, data in files.items() if name.endswith(".xlsx")}


async def test_no_workbook_has_a_formula(stub: Stub, shipped_campaign: Campaign) -> None:
    await hostile_applications(stub, shipped_campaign)
    found = await workbooks(stub)
    assert len(found) == 2, sorted(found)
    for name, data in found.items():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if member.startswith("xl/worksheets/"):
                    assert not FORMULA.search(archive.read(member)), (name, member)
        book = load_workbook(io.BytesIO(data))
        texts = set()
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        texts.add(cell.value)
        assert {v.strip() for v in HOSTILE} <= texts, (name, texts)


def test_only_the_workbook_writer_builds_workbooks() -> None:
    """One writer: no other module creates a workbook or appends rows with openpyxl."""
    writer = PROJECT_ROOT / "bot" / "documents" / "workbook.py"
    for folder in ("bot", "handlers"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if path != writer:
                assert "Workbook(" not in source and "from openpyxl import Workbook" not in source, path

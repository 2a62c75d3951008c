"""Back up, wipe, restore: the applicant continues where they were, their files are there."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
from sqlalchemy import text

from bot.backup import backup, restore
from bot.config import load_settings
from bot.sandbox.emulator import BotApiEmulator
from storage.db import Database
from tests.e2e.harness import TOKEN, Chat, InProcessBot
from tests.e2e.test_eligibility_e2e import ELIGIBLE, answer, start


async def wipe(settings_url: str, files: Path) -> None:
    if settings_url.startswith("sqlite"):
        Path(settings_url.split(":///", 1)[1]).unlink()
    else:
        database = Database(settings_url)
        async with database.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await database.close()
    shutil.rmtree(files)


async def test_backup_wipe_restore_and_continue(
    config: Path, emulator: BotApiEmulator, tmp_path: Path
) -> None:
    settings = load_settings(config, {"BOT_TOKEN": TOKEN})
    bot = InProcessBot(config)
    await bot.start()
    chat = Chat(emulator, 7401)
    await start(chat)
    await answer(chat, ELIGIBLE)
    [template] = await chat.send("/template")
    emulator.send_document(chat.user, "案例.docx", template.document_bytes)
    [report] = await chat.replies(1)
    assert "第1版" in report.plain
    await bot.stop()

    written = backup(settings, tmp_path / "backup")
    assert any(p.name in ("database.dump", "database.sqlite") for p in written)
    await wipe(settings.database_url(), settings.resolve(settings.storage.files_dir))
    restore(settings, tmp_path / "backup")
    restored = [p for p in settings.resolve(settings.storage.files_dir).rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in restored] == [template.document_bytes]

    again = InProcessBot(config)
    await again.start()
    try:
        [first_field] = await chat.press("开始填写推荐表")
        assert "推荐表 1/12" in first_field.plain
        [status] = await chat.send("/status")
        assert "CQ2022-0001" in status.plain and "案例：第1版" in status.plain
        emulator.send_document(chat.user, "案例.docx", template.document_bytes)
        [same] = await chat.replies(1)
        assert "第 1 版" in same.plain  # the restored database knows the restored file
        emulator.send_document(chat.user, "案例-修改.docx", _edited(template.document_bytes))
        [second] = await chat.replies(1)
        assert "第2版" in second.plain
    finally:
        await again.stop()


def _edited(data: bytes) -> bytes:
    """The same document with one more paragraph: a new version, not the same file again."""
    document = docx.Document(io.BytesIO(data))
    document.add_paragraph("修改稿")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

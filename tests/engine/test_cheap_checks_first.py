"""Cheap checks before expensive work: a file that would be refused (no consent, no
application, wrong stage) is never downloaded, and archives are inspected off the event loop."""

from __future__ import annotations

import io
import threading
import zipfile
from typing import Any

import pytest

import handlers.applicant.uploads as uploads
from bot.engine.effects import Effect, Keyboard, Reply
from bot.telegram.base import Adapter, AdapterConfig, MenuCommand
from tests.engine.test_eligibility_flow import USER
from tests.engine.test_submit_flow import a_pdf
from tests.engine.test_upload_names import confirmed_form, stored_names
from tests.support.stub import Stub


class CountingAdapter(Adapter):
    """Only what ``Adapter.process`` needs: downloads are counted, effects recorded."""

    def __init__(self, stub: Stub, files: dict[str, bytes]) -> None:
        super().__init__(AdapterConfig(token="", api_base="", menus={}), stub.services.engine)
        self.files = files
        self.downloads: list[str] = []
        self.performed: list[Effect] = []

    async def start(self) -> None: ...
    async def start_webhook(self, url: str, secret: str) -> None: ...
    async def stop(self) -> None: ...

    def parse_raw(self, data: dict[str, Any]) -> dict[str, Any]:
        return data

    def markup_params(self, keyboard: Keyboard | None) -> dict[str, Any] | None:
        return None

    async def set_menu(self, commands: list[MenuCommand], language: str, chat_id: int | None) -> None:
        return None

    async def perform(self, effect: Effect) -> None:
        self.performed.append(effect)

    async def download(self, file_id: str) -> bytes:
        self.downloads.append(file_id)
        return self.files[file_id]


def document_update(update_id: int, user: int, file_id: str, name: str, size: int) -> dict[str, Any]:
    chat = {"id": user, "type": "private"}
    document = {"file_id": file_id, "file_unique_id": file_id, "file_name": name, "file_size": size}
    message = {
        "message_id": update_id,
        "date": 0,
        "chat": chat,
        "from": {"id": user, "is_bot": False, "first_name": "张三"},
    }
    return {"update_id": update_id, "message": {**message, "document": document}}


async def send(stub: Stub, adapter: CountingAdapter, user: int, name: str) -> list[str]:
    size = len(adapter.files[name])
    adapter.performed.clear()
    await adapter.process(document_update(stub.next_update_id(), user, name, name, size))
    await adapter.finish_in_hand()  # polling queues the update behind its chat's earlier ones
    return [e.text for e in adapter.performed if isinstance(e, Reply)]


async def test_a_file_that_would_be_refused_is_not_downloaded(stub: Stub) -> None:
    pdf = a_pdf(2)
    adapter = CountingAdapter(stub, {"a.pdf": pdf, "b.pdf": pdf, "c.pdf": pdf})
    not_now = stub.services.renderer.render("zh_CN", "upload/not_now")
    assert await send(stub, adapter, 777, "a.pdf") == [not_now]  # a stranger: never sent /start
    await stub.command(778, "/start")  # has not consented
    assert await send(stub, adapter, 778, "b.pdf") == [not_now]
    assert adapter.downloads == []
    await confirmed_form(stub)
    [accepted] = await send(stub, adapter, USER, "c.pdf")
    assert adapter.downloads == ["c.pdf"] and "共 2 页" in accepted


def many_members(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(count):
            archive.writestr(f"m/{i}.txt", b"")
    return out.getvalue()


async def test_archives_are_inspected_off_the_event_loop(stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    on_loop: list[bool] = []
    real = uploads.detect_format

    def watched(data: bytes) -> str:
        on_loop.append(threading.current_thread() is threading.main_thread())
        return real(data)

    monkeypatch.setattr(uploads, "detect_format", watched)
    await confirmed_form(stub)
    [refused] = await stub.document(USER, "案例.docx", many_members(3000))
    assert "docx" in refused.plain.lower() and await stored_names(stub) == []
    assert on_loop and not any(on_loop)

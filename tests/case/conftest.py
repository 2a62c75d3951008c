"""Fixtures of the case-study checks."""

from __future__ import annotations

import fcntl
import os
import zipfile
from pathlib import Path

import pytest

from bot.campaign.schema import CaseRules
from bot.texts.render import Renderer

from .builders import notice_case_rules

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def case_rules() -> CaseRules:
    """The notice's 附件2 rules (swap for the campaign file's ``case`` table when wanted)."""
    return notice_case_rules()


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer(ROOT / "templates")


@pytest.fixture(scope="session")
def bomb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .docx-looking zip whose word/document.xml inflates to 1 GiB (about 1 MB on disk),
    streamed through zipfile in 1 MiB chunks. Made once per run, shared by the xdist workers
    (their base folders share a parent): deflating 1 GiB is seconds of CPU."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # this run's only
    path = shared / "bomb.docx"
    with (shared / "bomb.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits while one makes it
        if not path.exists():
            partial = shared / "bomb.docx.part"
            _write_bomb(partial)
            partial.rename(path)
    return path


def _write_bomb(path: Path) -> None:
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="x">')
            for _ in range(1024):
                member.write(chunk)

"""Erasure erases: one person's data, seeded into every table and every kind of stored file, is
found nowhere after /delete or purge — not in the tables, the file store, or a backup made
afterwards — while the counts and a trail without personal data stay."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from bot.backup import backup
from bot.campaign.schema import Campaign
from bot.purge_command import cmd_purge
from bot.usecases import pending
from storage.models import Applicant, Application, AuditEntry, Base, Member
from storage.repositories import Repositories
from tests.case.builders import make_case
from tests.engine.test_colleagues_flow import COLLEAGUE, invite
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE, ELIGIBLE_PATH, USER, answer, begin
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.engine.test_privacy import config_of
from tests.engine.test_submit_flow import a_pdf
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub

PHONE, NAME, COMPANY = "13987654321", "欧阳翠花", "重庆翠花精密制造有限公司"
PERSONAL = (PHONE, NAME, COMPANY)


def personal_form() -> list[tuple[str, str]]:
    path = [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:]]
    path[0], path[10], path[11] = ("type", COMPANY), ("type", NAME), ("type", PHONE)
    return path


async def seed_everywhere(stub: Stub, campaign: Campaign) -> int:
    """The person's data in every table and every kind of file the bot keeps; the application id."""
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    await stub.press(USER, "开始填写推荐表")
    await answer(stub, personal_form())  # answers, form, stored replies echoing them
    await stub.press(USER, "确认无误")
    await stub.press(USER, "我单位承诺")  # the form .docx, in the file store via the stored reply
    await stub.document(USER, f"{NAME}-推荐表.pdf", a_pdf(2))
    await stub.document(USER, f"{NAME}的案例.docx", make_case(campaign.case).to_bytes())
    await stub.command(COLLEAGUE, f"/start {await invite(stub)}")  # a member, an invite
    await stub.command(USER, "/invite")  # an unused invite
    await stub.command(USER, "/mydata")  # the /mydata export, in the file store
    now = BEFORE_DEADLINE
    async with stub.services.database.unit_of_work() as session:
        repos = Repositories(session)
        application = (await session.execute(select(Application))).scalar_one()
        number = application.number or ""
        await repos.objections.add(application.id, f"{NAME} {PHONE}", STAFF_USER, now)
        payload = {"text": f"{number} {COMPANY} 联系人 {NAME} {PHONE}", "keyboard": None}
        await repos.outbox.enqueue(f"package:{application.id}:0:0", STAFF_CHAT, payload, now)
        await repos.outbox.enqueue(f"note:{application.id}", STAFF_CHAT, payload, now)
        await session.execute(text("UPDATE outbox SET sent_at = :now WHERE key LIKE 'note:%'"), {"now": now})
        repos.audit.record(STAFF_USER, "note", number, now, text=f"{NAME} {PHONE}", by="工作人员")
        repos.audit.record(STAFF_USER, "export", "all", now, found=f"{COMPANY}")
        await repos.settings.put(f"staff_prompt:{STAFF_USER}:{STAFF_CHAT}", f"return:{application.id}")
        await pending.ask(repos, pending.Pending(STAFF_USER, STAFF_CHAT, "return", application.id))
        return application.id


async def rows_with_personal_data(stub: Stub) -> list[str]:
    found = []
    async with stub.services.database.unit_of_work() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                for value in row:
                    shown = repr(value)
                    found += [f"{table.name}: {s}" for s in PERSONAL if s in shown]
    return found


def texts_of(data: bytes) -> list[str]:
    """A stored file as text, and each member of it if it is a zip (.docx, .xlsx)."""
    texts = [data.decode("utf-8", "ignore")]
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts += [archive.read(name).decode("utf-8", "ignore") for name in archive.namelist()]
    return texts


def files_with_personal_data(folder: Path) -> list[str]:
    """Every file under ``folder`` (a zip's members too), read as UTF-8 and as JSON escapes it."""
    wanted = {s: (s, json.dumps(s)[1:-1]) for s in PERSONAL}
    found = []
    for path in (p for p in folder.rglob("*") if p.is_file()):
        for content in texts_of(path.read_bytes()):
            found += [f"{path.name}: {s}" for s, forms in wanted.items() if any(f in content for f in forms)]
    return found


async def test_seeded_everywhere_then_deleted_is_found_nowhere(
    stub: Stub, shipped_campaign: Campaign, tmp_path: Path
) -> None:
    await seed_everywhere(stub, shipped_campaign)
    assert len(await rows_with_personal_data(stub)) > 10  # the seed reached the tables …
    files_dir = Path(stub.services.settings.storage.files_dir)
    assert files_with_personal_data(files_dir)  # … and the files (the form .docx, the export)
    await stub.command(USER, "/delete")
    await stub.press(USER, "确认删除")
    assert await rows_with_personal_data(stub) == []
    assert files_with_personal_data(files_dir) == []
    backup(stub.services.settings, tmp_path / "backup")  # a backup made afterwards
    assert files_with_personal_data(tmp_path / "backup") == []
    async with stub.services.database.unit_of_work() as session:
        erased = (
            await session.execute(select(AuditEntry).where(AuditEntry.action == "applicant_erase"))
        ).scalars()
        assert [e.detail for e in erased] == [{"status": "eligible"}]
        assert (await session.get(Applicant, USER)) is not None  # the account they still use


async def test_purge_erases_everywhere_but_keeps_a_live_membership_elsewhere(
    stub: Stub, shipped_campaign: Campaign, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await seed_everywhere(stub, shipped_campaign)
    live = Application(
        campaign_id="another-campaign",
        applicant_id=COLLEAGUE,
        status="draft",
        number="CQ2099-0001",
        answers={},
        flow={},
        form={},
        created_at=BEFORE_DEADLINE,
        updated_at=BEFORE_DEADLINE,
    )
    async with stub.services.database.unit_of_work() as session:
        session.add(live)
        await session.flush()
        session.add(
            Member(
                application_id=live.id,
                applicant_id=USER,
                campaign_id="another-campaign",
                name="同事",
                invited_by=COLLEAGUE,
                joined_at=BEFORE_DEADLINE,
            )
        )
        await session.execute(
            update(Application)
            .where(Application.id != live.id)
            .values(updated_at=BEFORE_DEADLINE - timedelta(days=1))
        )
    assert await cmd_purge(config_of(stub), shipped_campaign.id, "2030-01-01") == 0
    assert "applications removed: 1" in capsys.readouterr().out
    assert await rows_with_personal_data(stub) == []
    assert files_with_personal_data(Path(stub.services.settings.storage.files_dir)) == []
    async with stub.services.database.unit_of_work() as session:
        assert await session.get(Applicant, USER) is not None  # still on the live application
        [kept] = (await session.execute(select(Member).where(Member.applicant_id == USER))).scalars()
        assert kept.application_id == live.id

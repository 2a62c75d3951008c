"""The applicant's rights: /privacy, /mydata, /delete, and the purge of a campaign past its
retention (``python -m bot purge``)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.campaign.schema import Campaign
from bot.engine.effects import SendFile
from bot.purge_command import cmd_purge
from bot.usecases.privacy import purge_applications
from storage.models import Applicant, Application, AuditEntry, Upload
from storage.repositories import Repositories
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.engine.test_submit_flow import a_pdf
from tests.engine.test_upload_names import confirmed_form
from tests.support.seed import seed_accepted
from tests.support.stub import BEFORE_DEADLINE, Stub

SHARED_PDF = a_pdf(2)


async def count(stub: Stub, model: type, *where: object) -> int:
    async with stub.services.database.unit_of_work() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def submitted_colleague(stub: Stub, campaign: Campaign) -> tuple[int, str]:
    """Another applicant, submitted and accepted, whose form scan is the very same PDF."""
    [(user, seeded)] = await seed_accepted(stub.services.database, campaign, 1, BEFORE_DEADLINE)
    number = "CQ2022-0900"  # the seed does not count numbers: keep clear of the ones the bot gives
    async with stub.services.database.unit_of_work() as session:
        await session.execute(
            update(Applicant).where(Applicant.id == user).values(active_campaign=campaign.id)
        )
        await session.execute(update(Application).where(Application.number == seeded).values(number=number))
        application = (
            await session.execute(select(Application).where(Application.number == number))
        ).scalar_one()
        await Repositories(session).uploads.add(
            application.id,
            "form_pdf",
            BEFORE_DEADLINE,
            file_name="推荐表.pdf",
            sha256=hashlib.sha256(SHARED_PDF).hexdigest(),
            size=len(SHARED_PDF),
            ok=True,
            report={"pages": 2},
        )
    await stub.services.deps.files.put(SHARED_PDF)
    return user, number


async def test_privacy_tells_what_why_who_how_long_and_whom_to_ask(stub: Stub) -> None:
    await begin(stub)
    [notice] = await stub.command(USER, "/privacy")
    text = notice.plain
    assert "您已于 2022年08月01日 09:00 同意" in text  # consent at 01:00 UTC, shown in Chongqing time
    assert "1095 天（2025年08月09日）" in text and "手机号码" in text and "工作人员" in text
    assert "63895239" in text and "/mydata" in text and "/delete" in text


async def test_mydata_sends_everything_stored(stub: Stub) -> None:
    await confirmed_form(stub)
    await stub.document(USER, "推荐表（盖章）.pdf", SHARED_PDF)
    await stub.command(USER, "/mydata")
    [sent] = [e for e in stub.last_effects if isinstance(e, SendFile)]
    assert sent.file_name.endswith(".json") and sent.caption
    data = json.loads(sent.data)
    assert data["applicant"]["id"] == USER and data["applicant"]["consent_at"].startswith("2022-08-01")
    [application] = data["applications"]
    assert application["form"]["enterprise_name"] == "重庆两江智能制造有限公司"
    assert application["answers"] and application["status"] == "eligible"
    [upload] = application["files"]
    assert (
        upload["file_name"] == "推荐表（盖章）.pdf"
        and upload["sha256"] == hashlib.sha256(SHARED_PDF).hexdigest()
    )


async def test_delete_asks_then_erases_the_draft_and_its_unshared_files(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await submitted_colleague(stub, shipped_campaign)
    await confirmed_form(stub)
    await stub.document(USER, "推荐表.pdf", SHARED_PDF)  # also the colleague's file
    own = a_pdf(3)
    await stub.document(USER, "推荐表-改.pdf", own)  # only this applicant's
    [question] = await stub.command(USER, "/delete")
    assert "无法恢复" in question.plain and await count(stub, Application) == 2  # nothing yet
    [deleted] = await stub.press(USER, "确认删除")
    assert "已删除" in deleted.plain
    assert await count(stub, Application, Application.applicant_id == USER) == 0
    assert await count(stub, Upload) == 1  # the colleague's
    files = stub.services.deps.files
    assert not await files.contains(hashlib.sha256(own).hexdigest())
    assert await files.contains(hashlib.sha256(SHARED_PDF).hexdigest())  # still needed
    assert await count(stub, AuditEntry, AuditEntry.action == "applicant_erase") == 1
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH[:1])  # starting again works


async def test_a_submitted_application_cannot_be_erased_by_its_applicant(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    user, number = await submitted_colleague(stub, shipped_campaign)
    [refused] = await stub.command(user, "/delete")
    assert number in refused.plain and "2025年08月09日" in refused.plain and not refused.buttons()
    assert await count(stub, Application) == 1 and await count(stub, Upload) == 1


async def test_a_confirmation_pressed_after_submitting_erases_nothing(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await confirmed_form(stub)
    await stub.command(USER, "/delete")
    async with stub.services.database.unit_of_work() as session:
        await session.execute(update(Application).values(status="submitted", submissions=1))
    [refused] = await stub.press(USER, "确认删除")
    assert "不能自行删除" in refused.plain and await count(stub, Application) == 1


async def test_purge_waits_for_the_retention_then_keeps_counts_and_shared_files(
    stub: Stub, shipped_campaign: Campaign, capsys: pytest.CaptureFixture[str]
) -> None:
    await submitted_colleague(stub, shipped_campaign)
    await confirmed_form(stub)
    await stub.document(USER, "推荐表.pdf", SHARED_PDF)
    async with stub.services.database.unit_of_work() as session:
        early, _ = await purge_applications(
            Repositories(session),
            shipped_campaign,
            datetime(2030, 1, 1, tzinfo=UTC),
            datetime(2025, 1, 1, tzinfo=UTC),
        )
    assert early.refused and await count(stub, Application) == 2
    # the other campaign's applicant shares the PDF and is not purged
    other = shipped_campaign.model_copy(update={"id": "other-campaign"})
    async with stub.services.database.unit_of_work() as session:
        await session.execute(
            update(Application).where(Application.applicant_id != USER).values(campaign_id=other.id)
        )
    assert await cmd_purge(config_of(stub), shipped_campaign.id, "2030-01-01") == 0
    printed = capsys.readouterr().out
    assert "applications removed: 1" in printed and "files removed: 1" in printed  # the form .docx sent
    assert "files kept (still used by other applications): 1" in printed
    assert await count(stub, Application) == 1 and await count(stub, Upload) == 1
    assert await stub.services.deps.files.contains(hashlib.sha256(SHARED_PDF).hexdigest())
    async with stub.services.database.unit_of_work() as session:
        [entry] = (await session.execute(select(AuditEntry).where(AuditEntry.action == "purge"))).scalars()
    assert entry.detail["status:eligible"] == 1 and entry.subject == shipped_campaign.id


def config_of(stub: Stub) -> Path:
    settings = stub.services.settings
    path = Path(settings.storage.files_dir).parent / "bot.toml"
    database = f'[database]\nurl = "{settings.database.url}"\n'
    path.write_text(database + f'[storage]\nfiles_dir = "{settings.storage.files_dir}"\n', encoding="utf-8")
    return path

"""No quota abuse: the same file again adds nothing and says which version it equals; the
versions of one kind are capped by the campaign's ``[uploads] max_versions``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.campaign.schema import Campaign, Uploads
from tests.engine.test_eligibility_flow import USER
from tests.engine.test_submit_flow import a_pdf
from tests.engine.test_upload_names import confirmed_form, stored_names
from tests.support.stub import BEFORE_DEADLINE, Stub, make_stub

CAP = 3


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    capped = shipped_campaign.model_copy(update={"uploads": Uploads(max_versions=CAP)})
    stub = await make_stub(database_url, [capped], BEFORE_DEADLINE, str(tmp_path / "files"))
    yield stub
    await stub.services.close()


def test_the_shipped_campaign_sets_a_cap(shipped_campaign: Campaign) -> None:
    assert shipped_campaign.uploads.max_versions == 20


async def test_the_same_file_again_adds_nothing(stub: Stub) -> None:
    await confirmed_form(stub)
    [first] = await stub.document(USER, "推荐表.pdf", a_pdf(2))
    assert "第 1 版" in first.plain
    for name in ("推荐表.pdf", "推荐表(1).pdf"):  # the same bytes, under the same or another name
        [again] = await stub.document(USER, name, a_pdf(2))
        assert "完全相同" in again.plain and "第 1 版" in again.plain
    assert await stored_names(stub) == ["推荐表.pdf"]


async def test_going_back_to_an_earlier_file_is_a_new_version(stub: Stub) -> None:
    await confirmed_form(stub)
    for pages, version in ((2, 1), (3, 2), (2, 3)):
        [reply] = await stub.document(USER, "推荐表.pdf", a_pdf(pages))
        assert f"第 {version} 版" in reply.plain, reply.plain


async def test_versions_per_kind_are_capped(stub: Stub) -> None:
    await confirmed_form(stub)
    for pages in range(1, CAP + 1):
        await stub.document(USER, f"推荐表-{pages}.pdf", a_pdf(pages))
    [refused] = await stub.document(USER, "推荐表-再改.pdf", a_pdf(CAP + 1))
    assert f"最多可以上传 {CAP} 个版本" in refused.plain
    assert len(await stored_names(stub)) == CAP

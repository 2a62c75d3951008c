"""File names at the boundary and no orphaned files: a 300-character name with a NUL is stored
cleaned and cut (PostgreSQL refused it before), and an update that fails stores no file."""

from __future__ import annotations

import hashlib

import pytest

from storage.repositories import Repositories, Uploads
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.engine.test_submit_flow import a_pdf
from tests.support.stub import Stub


async def confirmed_form(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    await stub.press(USER, "开始填写推荐表")
    await answer(stub, [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:]])
    await stub.press(USER, "确认无误")
    await stub.press(USER, "我单位承诺")


async def stored_names(stub: Stub) -> list[str]:
    async with stub.services.database.unit_of_work() as session:
        repos = Repositories(session)
        application = await repos.applications.find("cq-benchmark-2022", USER)
        assert application is not None
        return [u.file_name for u in await repos.uploads.of_application(application.id)]


async def test_a_long_name_with_nul_is_stored_cleaned_and_cut(stub: Stub) -> None:
    await confirmed_form(stub)
    [accepted] = await stub.document(USER, "重庆两江智能制造有限公司推荐表" * 20 + "\x00盖章版.pdf", a_pdf())
    assert "共 2 页" in accepted.plain
    [name] = await stored_names(stub)
    assert len(name) <= 255 and "\x00" not in name and name.endswith(".pdf") and name.startswith("重庆两江")


async def test_an_update_that_fails_leaves_no_file(stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    await confirmed_form(stub)

    async def refused(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database refused the row")

    monkeypatch.setattr(Uploads, "add", refused)
    pdf = a_pdf(3)
    [apology] = await stub.document(USER, "推荐表.pdf", pdf)
    assert apology.plain == stub.services.renderer.render("zh_CN", "error")
    assert not await stub.services.deps.files.contains(hashlib.sha256(pdf).hexdigest())
    assert await stored_names(stub) == []

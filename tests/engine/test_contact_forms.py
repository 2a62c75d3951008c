"""The mobile field takes a shared contact in every form Telegram clients send it."""

from __future__ import annotations

import pytest

from tests.engine.test_eligibility_flow import USER, answer
from tests.engine.test_form_flow import FORM_PATH, eligible, stored_form, valid_credit_code
from tests.support.stub import Stub


async def at_mobile_field(stub: Stub) -> None:
    await eligible(stub)
    await answer(stub, [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:-1]])
    assert "手机" in stub.last(USER).plain


@pytest.mark.parametrize("shared", ["8613800138000", "+8613800138000", "13800138000", "+13800138000"])
async def test_every_form_of_a_shared_number_is_accepted(stub: Stub, shared: str) -> None:
    await at_mobile_field(stub)
    replies = await stub.contact(USER, shared)
    assert replies[0].plain.startswith("✓ 手机：13800138000")
    assert (await stored_form(stub))["form"]["mobile"] == "13800138000"


async def test_a_foreign_number_is_refused_in_its_own_terms(stub: Stub) -> None:
    await at_mobile_field(stub)
    [refused] = await stub.contact(USER, "+85291234567")
    assert "+85291234567 不是中国大陆的手机号码" in refused.plain and "13—19" in refused.plain
    assert "mobile" not in (await stored_form(stub))["form"]

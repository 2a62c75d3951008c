"""Low-severity guards: forged button data with non-ASCII characters is refused like any other
forgery, and a very long text is never quoted back in full (the reply would exceed Telegram's
4,096-character limit and the applicant would hear nothing)."""

from __future__ import annotations

import pytest

from bot.engine.codec import CallbackCodec, ForgedData
from bot.engine.effects import AnswerCallback, Reply
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.support.stub import Stub

TELEGRAM_LIMIT = 4096


@pytest.mark.parametrize("mac", ["密钥密钥密钥密钥密钥", "ключключкл", "é" * 10])
def test_a_non_ascii_mac_is_forged_data(mac: str) -> None:
    with pytest.raises(ForgedData):
        CallbackCodec(b"secret").decode(f"a:0:1:yes|{mac}")


async def test_a_non_ascii_mac_from_a_client_is_answered_button_invalid(stub: Stub) -> None:
    await begin(stub)
    await stub.press_data(USER, "a:0:0:yes|密钥密钥密钥密钥密钥", stub.last(USER).message_id)
    forged = stub.services.deps.renderer.label("zh_CN", "forged_button")
    assert [e.text for e in stub.last_effects if isinstance(e, AnswerCallback)] == [forged]


def replies(stub: Stub) -> list[str]:
    return [e.text for e in stub.last_effects if isinstance(e, Reply)]


async def at_the_form(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    await stub.press(USER, "开始填写推荐表")


@pytest.mark.parametrize("typed", ["某" * 4096, "ab " * 1365])
async def test_a_long_text_at_a_choice_question_is_quoted_by_its_start(stub: Stub, typed: str) -> None:
    await at_the_form(stub)
    await answer(stub, FORM_PATH[:2])
    assert "所属区县" in stub.last(USER).plain
    await stub.text(USER, typed)  # not one of the districts
    [reply] = replies(stub)
    assert len(reply) < TELEGRAM_LIMIT // 4 and typed[:5] in reply and "…" in reply


async def test_a_long_text_at_a_money_field_is_quoted_by_its_start(stub: Stub) -> None:
    await at_the_form(stub)
    await answer(stub, [*FORM_PATH[:4], ("type", valid_credit_code())])
    assert "主营业务收入" in stub.last(USER).plain
    await stub.text(USER, "大约" + "一千二百万" * 800)
    [reply] = replies(stub)
    assert len(reply) < TELEGRAM_LIMIT // 4 and "大约一千" in reply and "…" in reply

"""Old buttons answer with a short toast and change nothing; a question's buttons give way to the
chosen answer."""

from __future__ import annotations

from tests.engine.test_eligibility_flow import USER, answer, application_of
from tests.engine.test_form_flow import FORM_PATH, eligible, stored_form
from tests.support.stub import Message, Stub


async def press_again(stub: Stub, message: Message, label: str) -> list[Message]:
    data = next(d for t, d in message.buttons() if label in t)
    return await stub.press_data(USER, data, message.message_id)


async def test_an_old_consent_button_only_answers_with_a_toast(stub: Stub) -> None:
    [welcome] = await stub.command(USER, "/start")
    await stub.press(USER, "同意")
    before = await application_of(stub)
    assert await press_again(stub, welcome, "同意") == []
    assert "过期" in (stub.answers[-1].text or "") and not stub.answers[-1].alert
    assert await application_of(stub) == before


async def test_a_chosen_option_replaces_the_buttons_and_old_ones_change_nothing(stub: Stub) -> None:
    await eligible(stub)
    await answer(stub, FORM_PATH[:3])
    question = stub.last(USER)
    assert "所属行业" in question.plain
    label = next(t for t, _ in question.buttons() if "汽车" in t)
    data = dict(question.buttons())
    await stub.press(USER, label)
    assert question.buttons() == [] and f"✓ {label}" in question.plain  # edited in place
    assert "所属行业" in question.plain
    form_before = (await stored_form(stub))["form"]
    other = next(t for t in data if t != label and "上一项" not in t)
    assert await stub.press_data(USER, data[other], question.message_id) == []
    assert await stub.press_data(USER, data["« 上一项"], question.message_id) == []
    assert (await stored_form(stub))["form"] == form_before
    assert "过期" in (stub.answers[-1].text or "")


async def test_back_acts_only_on_the_current_question(stub: Stub) -> None:
    await eligible(stub)
    await answer(stub, FORM_PATH[:1])
    second = stub.last(USER)
    await answer(stub, FORM_PATH[1:2])
    assert await press_again(stub, second, "上一项") == []  # the address question is answered
    [back] = await stub.press(USER, "上一项")  # the current question's own back button works
    assert "申报单位地址" in back.plain

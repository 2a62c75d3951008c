"""What staff read: the announcement preview as applicants will see it, /app in words."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.sandbox.markup import render
from storage.repositories import Repositories
from tests.support.seed import seed_accepted
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Stub


async def staff(stub: Stub, text: str) -> list:  # type: ignore[type-arg]
    return await stub.command(STAFF_USER, text, chat_id=STAFF_CHAT)


def as_telegram_shows(html: str) -> tuple[str, list[str]]:
    """The text a client shows for an HTML message, and its bold parts (as Telegram parses it)."""
    plain, entities = render(html, "html")
    units = plain.encode("utf-16-le")
    bold = [
        units[e["offset"] * 2 : (e["offset"] + e["length"]) * 2].decode("utf-16-le")
        for e in entities
        if e["type"] == "bold"
    ]
    return plain, bold


async def test_announce_preview_shows_the_result_message_as_applicants_see_it(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    made = await seed_accepted(stub.services.database, shipped_campaign, 2, BEFORE_DEADLINE)
    for _, number in made:
        await staff(stub, f"/verify {number} 0 4 4.20")
        await staff(stub, f"/casescore {number} 80")
    [preview] = await staff(stub, "/announce")
    plain, bold = as_telegram_shows(preview.text)
    assert "<b>" not in plain and "</b>" not in plain and "&lt;" not in plain
    assert "恭喜！" in bold
    assert "CQ2022-0001" in plain  # a real application number in the sample, not a placeholder
    assert "未入选通知样例" not in plain  # no one is told that: no sample of it


async def update_application(stub: Stub, number: str, **values: object) -> None:
    async with stub.services.database.unit_of_work() as session:
        application = await Repositories(session).applications.by_number(number)
        assert application is not None
        for key, value in values.items():
            setattr(application, key, value)


async def test_app_shows_amounts_with_units_and_history_in_words(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await seed_accepted(stub.services.database, shipped_campaign, 1, BEFORE_DEADLINE)
    form = {
        "enterprise_name": "重庆两江智能装备有限公司",
        "revenue": "52000",
        "profit": "-350.5",
        "export": "860",
    }
    await update_application(stub, "CQ2022-0001", form=form)
    await staff(stub, "/extend CQ2022-0001 2022-08-20")  # before the verdict: afterwards it is refused
    await staff(stub, "/verify CQ2022-0001 2 3 3.45")
    await staff(stub, "/casescore CQ2022-0001 86.5")
    [card] = await staff(stub, "/app CQ2022-0001")
    text = card.plain
    assert "\n主营业务收入：52000 万元\n实现利润：-350.5 万元\n" in text
    assert "\n出口（万美元）：860\n" in text and "万美元 万美元" not in text and "860 万美元" not in text
    history = text[text.index("记录") :]
    for code in ("verify", "casescore", "extend"):
        assert code not in history
    assert "现场核查：不一致 2 项" in history and "三级" in history and "3.45" in history
    assert "案例评价得分：86.5 分" in history
    assert "延长截止时间至 2022-08-20" in history
    assert history.count("张三") == 3 and str(STAFF_USER) in history


async def test_return_confirmation_ends_with_one_full_stop(stub: Stub, shipped_campaign: Campaign) -> None:
    await seed_accepted(stub.services.database, shipped_campaign, 1, BEFORE_DEADLINE)
    await update_application(stub, "CQ2022-0001", status="submitted")
    [done] = await staff(stub, "/return CQ2022-0001 请补充近三年能源利用率数据。")
    assert "数据。已通知" in done.plain and "。。" not in done.plain

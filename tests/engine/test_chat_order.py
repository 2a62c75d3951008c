"""``ChatOrder``: one chat's updates one after another in order, chats at once, bounded."""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram.ordering import ChatOrder, chat_key


async def test_one_chat_in_order_while_another_goes_on() -> None:
    order = ChatOrder(concurrency=4)
    first_may_end = asyncio.Event()
    done: list[str] = []

    async def work(name: str, wait: asyncio.Event | None = None) -> None:
        if wait is not None:
            await wait.wait()
        done.append(name)

    order.submit(1, lambda: work("a1", first_may_end))
    order.submit(1, lambda: work("a2"))
    other = order.submit(2, lambda: work("b1"))
    await other
    assert done == ["b1"]  # chat 2 was not held up by chat 1's slow first update
    first_may_end.set()
    await order.drain(timeout=5)
    assert done == ["b1", "a1", "a2"]


async def test_a_failed_update_does_not_stop_its_chat() -> None:
    order = ChatOrder(concurrency=1)

    async def fail() -> None:
        raise RuntimeError("handler bug")

    async def succeed() -> str:
        return "answered"

    failed = order.submit(7, fail)
    after = order.submit(7, succeed)
    assert await after == "answered"
    with pytest.raises(RuntimeError):
        await failed


async def test_no_more_than_concurrency_run_at_once() -> None:
    order = ChatOrder(concurrency=2)
    running, most = 0, 0
    release = asyncio.Event()

    async def work() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await release.wait()
        running -= 1

    for chat in range(5):
        order.submit(chat, work)
    for _ in range(50):  # let every task run as far as it may
        await asyncio.sleep(0)
    assert running == 2
    release.set()
    await order.drain(timeout=5)
    assert most == 2


def test_updates_are_ordered_by_their_chat() -> None:
    chat = {"id": -100, "type": "supergroup"}
    assert chat_key({"update_id": 1, "message": {"chat": chat, "text": "x"}}) == -100
    press = {"id": "q", "from": {"id": 5}, "message": {"chat": chat}}
    assert chat_key({"update_id": 2, "callback_query": press}) == -100
    inline = {"id": "q", "from": {"id": 5}}  # a button under an inline message: no chat
    assert chat_key({"update_id": 3, "callback_query": inline}) == 5
    assert chat_key({"update_id": 4}) == ("update", 4)

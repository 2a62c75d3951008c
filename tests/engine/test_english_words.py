"""English replies that read as English (issue 30.4): "Language set to English." says what to do
next; counts agree with their nouns ("1 page", not "1 pages")."""

from __future__ import annotations

from bot.engine import effect_codec
from bot.engine.effects import SetMenu
from bot.texts.render import plural
from tests.engine.test_eligibility_flow import USER
from tests.support.stub import Stub


async def test_choosing_english_before_starting_says_what_to_send_next(stub: Stub) -> None:
    await stub.command(USER, "/lang")
    [reply] = await stub.press(USER, "English")
    assert reply.plain.startswith("Language set to English.") and "/start" in reply.plain


def test_counts_agree_with_their_nouns(stub: Stub) -> None:
    assert (plural(1, "page"), plural(2, "page"), plural(0, "day")) == ("1 page", "2 pages", "0 days")
    render = stub.services.renderer.render
    one_page = render("en", "upload/pdf_too_many_pages", pages=1, max=0)
    assert "1 page," in one_page and "1 pages" not in one_page


async def test_choosing_a_language_sets_the_chats_command_menu_in_it(stub: Stub) -> None:
    """Issue 30.4: the command menu stayed Chinese after /lang en (the menu follows the app's
    language unless the chat has its own)."""
    await stub.command(USER, "/lang")
    await stub.press(USER, "English")
    assert SetMenu(chat_id=USER, language="en") in stub.last_effects
    menu = SetMenu(chat_id=7, language="en")
    files = stub.services.deps.files
    assert await effect_codec.from_json(await effect_codec.to_json(menu, files), files) == menu

"""Words that are commands, for people who do not type slashes: one table for every channel.

A private message that is exactly one of these words (spaces and case aside) is the command; the
engine's input boundary (``bot/engine/boundary.py``) reads it, so Telegram and WeChat agree.
"""

from __future__ import annotations

WORDS: dict[str, str] = {
    "开始": "start",
    "状态": "status",
    "进度": "status",
    "查询": "status",
    "帮助": "help",
    "菜单": "help",
    "表单": "form",
    "填表": "form",
    "推荐表": "form",
    "模板": "template",
    "提交": "submit",
    "语言": "lang",
    "邀请": "invite",
    "成员": "members",
    "隐私": "privacy",
    "我的数据": "mydata",
    "删除": "delete",
    "start": "start",
    "status": "status",
    "help": "help",
    "form": "form",
    "template": "template",
    "submit": "submit",
}


def command_of_word(text: str) -> tuple[str, str] | None:
    """``("status", "")`` for "状态"; None for any other text."""
    name = WORDS.get(text.strip().lower())
    return (name, "") if name else None


def commands_with_words() -> list[str]:
    """Every command the words table reaches, once each, in the table's order."""
    return list(dict.fromkeys(WORDS.values()))

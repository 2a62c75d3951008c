"""Who the sandbox page acts as: one pane per role, each with the chats of that role's people.

The roles come from the settings the bot runs with (``[telegram] staff_*``, ``[districts."…"]``,
``[review] expert_user_ids``), so a ``--config`` file with its own people gets panes for them; the
sandbox's defaults fill in a role the file leaves empty, so every step of the process has someone
to take it. The page draws the panes from this list (``GET /api/info``), in this order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from bot.sandbox.models import JsonDict

STAFF_USER_ID = 900001
STAFF_CHAT_ID = -1001230000001
DISTRICT_NAME = "渝北区"
DISTRICT_USER_ID = 900101
DISTRICT_CHAT_ID = -1001230000101
EXPERT_USER_IDS = (900301, 900302)

# The sandbox's people, for the roles a --config file does not name.
DEFAULT_ROLES: dict[str, dict[str, Any]] = {
    "telegram": {"staff_chat_id": STAFF_CHAT_ID, "staff_user_ids": [STAFF_USER_ID]},
    "districts": {DISTRICT_NAME: {"user_ids": [DISTRICT_USER_ID], "chat_id": DISTRICT_CHAT_ID}},
    "review": {"expert_user_ids": list(EXPERT_USER_IDS)},
}


@dataclass(frozen=True)
class PaneChat:
    """One tab of a pane: a chat, and the user who types in it."""

    chat_id: int
    sender_id: int
    sender_name: str
    label: str
    label_en: str
    title: str  # the chat's name: a group's title, or the bot's name for a private chat

    @property
    def is_group(self) -> bool:
        return self.chat_id < 0

    def to_json(self) -> JsonDict:
        return {
            "id": self.chat_id,
            "sender": {"id": self.sender_id, "name": self.sender_name},
            "label": self.label,
            "label_en": self.label_en,
            "title": self.title,
            "group": self.is_group,
        }


@dataclass(frozen=True)
class Pane:
    """A role's column on the page: its name, an avatar letter and its chats (tabs)."""

    key: str
    title: str
    title_en: str
    avatar: str
    chats: tuple[PaneChat, ...]

    def to_json(self) -> JsonDict:
        return {
            "key": self.key,
            "title": self.title,
            "title_en": self.title_en,
            "avatar": self.avatar,
            "chats": [chat.to_json() for chat in self.chats],
        }


def with_default_roles(raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` (a bot.toml's content) with the sandbox's people for every role it leaves empty."""
    merged = {**raw}
    telegram = {**merged.get("telegram", {})}
    for key, value in DEFAULT_ROLES["telegram"].items():
        if not telegram.get(key):
            telegram[key] = value
    merged["telegram"] = telegram
    if not merged.get("districts"):
        merged["districts"] = DEFAULT_ROLES["districts"]
    review = {**merged.get("review", {})}
    if not review.get("expert_user_ids"):
        review["expert_user_ids"] = DEFAULT_ROLES["review"]["expert_user_ids"]
    merged["review"] = review
    return merged


def _private(user_id: int, name: str, bot_name: str) -> PaneChat:
    return PaneChat(user_id, user_id, name, f"{name} 私聊", f"{name}, private", bot_name)


def role_panes(settings: Settings, bot_name: str) -> list[Pane]:
    """The staff, district and expert panes for ``settings`` (a role with nobody has no pane)."""
    panes: list[Pane] = []
    staff_ids = settings.telegram.staff_user_ids
    if staff_ids:
        chats = [_private(user, _numbered("工作人员", staff_ids, user), bot_name) for user in staff_ids]
        if settings.telegram.staff_chat_id:
            group = PaneChat(
                settings.telegram.staff_chat_id,
                staff_ids[0],
                chats[0].sender_name,
                "工作群",
                "staff group",
                "申报工作组",
            )
            chats.insert(0, group)
        panes.append(Pane("staff", "市经信委工作人员", "City staff", "工", tuple(chats)))
    district_chats: list[PaneChat] = []
    for name, district in settings.districts.items():
        people = district.user_ids
        if not people:
            continue
        names = {user: _numbered(f"{name}经办人", people, user) for user in people}
        if district.chat_id:
            first = people[0]
            title = f"{name}经信部门工作群"
            group = PaneChat(district.chat_id, first, names[first], f"{name} 群", f"{name} group", title)
            district_chats.append(group)
        district_chats += [_private(user, names[user], bot_name) for user in people]
    if district_chats:
        panes.append(Pane("district", "区县经信部门", "District department", "区", tuple(district_chats)))
    experts = settings.review.expert_user_ids
    if experts:
        chats = [_private(user, _numbered("专家", experts, user, letters=True), bot_name) for user in experts]
        panes.append(Pane("expert", "评审专家", "Experts", "专", tuple(chats)))
    return panes


def _numbered(name: str, people: list[int], user: int, letters: bool = False) -> str:
    """``name`` alone for one person; with 1, 2… (or 甲, 乙… for ``letters``) for several."""
    if len(people) == 1:
        return name
    position = people.index(user)
    marks = "甲乙丙丁戊己庚辛壬癸"
    mark = marks[position] if letters and position < len(marks) else str(position + 1)
    return f"{name}{mark}" if letters else f"{name} {mark}"

"""The sandbox's chats kept across restarts: what the emulator and the page remember, in the data folder.

The bot's own data (applications, uploads) is in its database, which stays; this keeps the other
half, which lives in the emulator's memory: the simulated people, every message in their chats,
the files sent either way, and the counters (update ids must keep growing, or the bot would take
new updates for ones it already handled). ``emulator.json`` holds everything but file contents,
which go to ``emulator-files/`` once each. Writes are atomic (a temporary file, then a rename).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from pathlib import Path

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import JsonDict, SandboxChat, SandboxUser, SentMessage, StoredFile

SNAPSHOT_FILE = "emulator.json"
FILES_FOLDER = "emulator-files"
VERSION = 1
_NOT_KEPT = ("document_bytes", "params")  # the bytes are in the stored file; params are the request's


def snapshot(emu: BotApiEmulator, applicants: list[int], user_sent: dict[int, list[JsonDict]]) -> JsonDict:
    """Everything needed to show the chats again and go on with them, as JSON."""
    messages = [
        {key: value for key, value in dataclasses.asdict(m).items() if key not in _NOT_KEPT}
        for chat in list(emu._sent.values())
        for m in chat
    ]
    files = [
        {key: value for key, value in dataclasses.asdict(f).items() if key != "data"}
        for f in emu.files.values()
    ]
    return {
        "version": VERSION,
        "next_update_id": _peek(emu, "_update_ids"),
        "next_number": _peek(emu, "_counter"),
        "users": [dataclasses.asdict(u) for u in emu.users.values()],
        "groups": [dataclasses.asdict(g) for g in emu.groups.values()],
        "applicants": applicants,
        "bot_messages": messages,
        "user_messages": [m for chat in user_sent.values() for m in chat],
        "live_user_messages": [[chat, mid] for chat, mid in emu._user_messages],
        "last_message_id": [[chat, last] for chat, last in emu._last_message_id.items()],
        "files": files,
    }


def fingerprint(emu: BotApiEmulator, applicants: list[int], user_sent: dict[int, list[JsonDict]]) -> str:
    """Changes whenever something a snapshot holds changes (cheaper than the snapshot itself)."""
    messages = [m for chat in emu._sent.values() for m in chat]
    figures = (
        len(messages),
        sum(m.edits for m in messages),
        sum(m.deleted for m in messages),
        sum(len(chat) for chat in user_sent.values()),
        len(emu._user_messages),
        len(emu.files),
        len(emu.users),
        len(applicants),
    )
    return ",".join(map(str, figures))


def _peek(emu: BotApiEmulator, name: str) -> int:
    """The next value of one of the state's counters, leaving the counter where it was."""
    value: int = next(getattr(emu, name))
    setattr(emu, name, itertools.count(value))
    return value


def save(
    folder: Path, emu: BotApiEmulator, applicants: list[int], user_sent: dict[int, list[JsonDict]]
) -> str:
    """Write the snapshot (and any file not written yet); returns the JSON written."""
    text, files = taken(emu, applicants, user_sent)
    write(folder, text, files)
    return text


def taken(
    emu: BotApiEmulator, applicants: list[int], user_sent: dict[int, list[JsonDict]]
) -> tuple[str, list[StoredFile]]:
    """The snapshot as JSON and the files it names: read on the event loop, where the emulator
    changes, so that ``write`` can run in a thread on a state that no longer moves."""
    return json.dumps(snapshot(emu, applicants, user_sent), ensure_ascii=False), list(emu.files.values())


def write(folder: Path, text: str, files: list[StoredFile]) -> None:
    files_dir = folder / FILES_FOLDER
    files_dir.mkdir(parents=True, exist_ok=True)
    for stored in files:
        path = files_dir / stored.file_unique_id
        if not path.exists():
            _write_atomic(path, stored.data)
    _write_atomic(folder / SNAPSHOT_FILE, text.encode())


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def load(folder: Path) -> JsonDict | None:
    """The saved snapshot, or None when there is none (or it cannot be read: then the chats start
    empty, the bot's database still holds everything the applicants did)."""
    try:
        data = json.loads((folder / SNAPSHOT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == VERSION else None


def restore(folder: Path, emu: BotApiEmulator, data: JsonDict) -> dict[int, list[JsonDict]]:
    """Put a snapshot back into a new emulator; returns the users' own messages by chat."""
    for user in data["users"]:
        emu.users.setdefault(user["id"], SandboxUser(**user))
    for group in data["groups"]:
        emu.groups.setdefault(group["id"], SandboxChat(**group))
    for fields in data["files"]:
        path = folder / FILES_FOLDER / fields["file_unique_id"]
        stored = StoredFile(**fields, data=path.read_bytes() if path.exists() else b"")
        emu.files[stored.file_id] = stored
        emu.files_by_path[stored.file_path] = stored
    for fields in data["bot_messages"]:
        message = SentMessage(**fields)
        if message.document is not None and message.document["file_id"] in emu.files:
            message.document_bytes = emu.files[message.document["file_id"]].data
        emu._sent.setdefault(message.chat_id, []).append(message)
        emu._by_id[(message.chat_id, message.message_id)] = message
    user_sent: dict[int, list[JsonDict]] = {}
    live = {(chat, mid) for chat, mid in data["live_user_messages"]}
    for message in data["user_messages"]:
        chat = message["chat"]["id"]
        user_sent.setdefault(chat, []).append(message)
        if (chat, message["message_id"]) in live:
            emu._user_messages[(chat, message["message_id"])] = message
    emu._last_message_id.update({chat: last for chat, last in data["last_message_id"]})
    emu._counter = itertools.count(int(data["next_number"]))
    emu._update_ids = itertools.count(int(data["next_update_id"]))
    return user_sent


def continue_update_ids(emu: BotApiEmulator, after: int) -> None:
    """Make the next update id greater than ``after`` (the last one the bot's database recorded)."""
    following = max(_peek(emu, "_update_ids"), after + 1)
    emu._update_ids = itertools.count(following)

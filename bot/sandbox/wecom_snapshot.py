"""The WeChat side of the sandbox kept across restarts, like the Telegram chats (``snapshot.py``).

The bot keeps its ``kf/sync_msg`` cursor and its WeChat applicants in its database; without
the emulator's conversations a restart would leave the pane empty and the cursor pointing past
a message list that no longer exists. Saved: the message log, each customer's timeline, window
and budget, the files (``wecom-files/``), the delivered msgids and the pane's names. Not saved:
what lasts minutes (access tokens, sync tokens, welcome codes); the bot asks again.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from bot.sandbox.wecom.store import Customer, Media, WeComStore

STATE_FILE = "wecom.json"
FILES_FOLDER = "wecom-files"


def forget(folder: Path) -> None:
    """Delete a saved state (``--fresh``)."""
    (folder / STATE_FILE).unlink(missing_ok=True)
    shutil.rmtree(folder / FILES_FOLDER, ignore_errors=True)


def save(folder: Path, store: WeComStore, names: dict[str, str]) -> None:
    files = folder / FILES_FOLDER
    files.mkdir(parents=True, exist_ok=True)
    for media in store.media.values():
        path = files / media.media_id
        if not path.exists():
            path.write_bytes(media.data)
    state = {
        "last_seq": store.last_seq,
        "log": store.log,
        "customers": {
            cid: {"last_message_at": c.last_message_at, "budget": c.budget, "timeline": c.timeline}
            for cid, c in store.customers.items()
        },
        "media": {m.media_id: _media_meta(m) for m in store.media.values()},
        "sent_msgids": store.sent_msgids,
        "names": names,
    }
    temporary = folder / f"{STATE_FILE}.tmp"
    temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    temporary.replace(folder / STATE_FILE)


def _media_meta(media: Media) -> dict[str, Any]:
    return {"kind": media.kind, "name": media.name, "content_type": media.content_type,
            "created_at": media.created_at}


def restore(folder: Path, store: WeComStore) -> dict[str, str]:
    """Load a saved state into an empty, started ``store``; returns the pane's names (empty: nothing
    saved)."""
    path = folder / STATE_FILE
    if not path.exists():
        return {}
    state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    store.last_seq = int(state["last_seq"])
    store.log = list(state["log"])
    for cid, saved in state["customers"].items():
        last, budget = saved["last_message_at"], int(saved["budget"])
        store.customers[cid] = Customer(cid, last, budget, saved["timeline"])
    for media_id, meta in state["media"].items():
        data_path = folder / FILES_FOLDER / media_id
        if data_path.exists():
            store.media[media_id] = Media(media_id, meta["kind"], meta["name"], meta["content_type"],
                                          data_path.read_bytes(), float(meta["created_at"]))
    store.sent_msgids = dict(state["sent_msgids"])
    for customer in store.customers.values():  # file links name the emulator's new address
        for entry in customer.timeline:
            part = entry.get(entry.get("msgtype") or "")
            if isinstance(part, dict) and "media_id" in part and "url" in part:
                part["url"] = f"{store.base_url}/_emu/media/{part['media_id']}"
    return dict(state["names"])


def fingerprint(store: WeComStore, names: dict[str, str]) -> tuple[int, int]:
    """Changes when something worth saving changed (every change takes a sequence number)."""
    return store.last_seq, len(names)

"""Callback data: short, typed, and signed so that forged or tampered data is refused.

Layout: ``part:part:…|mac`` where ``mac`` is 10 base64url characters (60 bits) of an
HMAC-SHA256 over the parts. Telegram allows at most 64 bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

MAX_BYTES = 64
MAC_LENGTH = 10


class ForgedData(ValueError):
    """Callback data that this bot did not make (or that was changed)."""


class CallbackCodec:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, payload: str) -> str:
        digest = hmac.new(self._secret, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:MAC_LENGTH]

    def encode(self, *parts: str | int) -> str:
        texts = [str(p) for p in parts]
        if any(":" in t or "|" in t for t in texts):
            raise ValueError("callback parts must not contain ':' or '|'")
        payload = ":".join(texts)
        data = f"{payload}|{self._mac(payload)}"
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {payload!r}")
        return data

    def decode(self, data: str) -> tuple[str, ...]:
        payload, sep, mac = data.rpartition("|")
        if not sep or not payload or not hmac.compare_digest(mac.encode(), self._mac(payload).encode()):
            raise ForgedData(data[:MAX_BYTES])
        return tuple(payload.split(":"))

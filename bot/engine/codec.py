"""Callback data: short, typed, and signed so that forged or tampered data is refused.

A button's value is a typed payload (``bot/engine/buttons.py``); on the wire it is
``tag:field:…|mac`` where ``mac`` is 10 base64url characters (60 bits) of an HMAC-SHA256 over
the parts. Telegram allows at most 64 bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from bot.engine.buttons import BadPayload, Payload, UnknownKind, from_parts, to_parts
from bot.engine.channels import TELEGRAM

MAX_BYTES = TELEGRAM.button_data_bytes
MAC_LENGTH = 10


class ForgedData(ValueError):
    """Callback data that this bot did not make (or that was changed), or of no kind it knows."""


class StaleData(ValueError):
    """Callback data this bot signed whose parts no longer fit its kind (an older version's button)."""


class CallbackCodec:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, payload: str) -> str:
        digest = hmac.new(self._secret, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:MAC_LENGTH]

    def encode(self, payload: Payload) -> str:
        """The signed callback data of ``payload``."""
        return self._sign(to_parts(payload))

    def decode(self, data: str) -> Payload:
        """The payload ``data`` carries: ``ForgedData`` if the bot did not sign it (or signed no
        kind it knows), ``StaleData`` if its parts do not fit its kind."""
        parts = self._verify(data)
        try:
            return from_parts(parts)
        except UnknownKind as exc:
            raise ForgedData(data[:MAX_BYTES]) from exc
        except BadPayload as exc:
            raise StaleData(data[:MAX_BYTES]) from exc

    def _sign(self, texts: tuple[str, ...]) -> str:
        if any(":" in t or "|" in t for t in texts):
            raise ValueError("callback parts must not contain ':' or '|'")
        payload = ":".join(texts)
        data = f"{payload}|{self._mac(payload)}"
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {payload!r}")
        return data

    def _verify(self, data: str) -> tuple[str, ...]:
        payload, sep, mac = data.rpartition("|")
        if not sep or not payload or not hmac.compare_digest(mac.encode(), self._mac(payload).encode()):
            raise ForgedData(data[:MAX_BYTES])
        return tuple(payload.split(":"))

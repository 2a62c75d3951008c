"""The callback's cryptography: WeCom signs every call with the Token and encrypts its content with
the EncodingAESKey (wechatpy does both). The GET that verifies the URL carries ``echostr``; the POST
carries the XML of a ``kf_msg_or_event`` event whose ``Token`` lets ``kf/sync_msg`` fetch what came."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import xmltodict
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException


class BadCallback(Exception):
    """A call whose signature or content does not check out: answered 403, nothing done."""


@dataclass(frozen=True)
class Notice:
    """What a ``kf_msg_or_event`` callback says: messages wait for ``open_kfid``, fetch with ``token``."""

    token: str
    open_kfid: str


@dataclass(frozen=True)
class Signed:
    """The query of a callback: ``msg_signature``, ``timestamp`` and ``nonce``."""

    signature: str
    timestamp: str
    nonce: str

    @classmethod
    def of(cls, query: Any) -> Signed:
        return cls(
            str(query.get("msg_signature", "")), str(query.get("timestamp", "")), str(query.get("nonce", ""))
        )


class CallbackCrypto:
    def __init__(self, token: str, aes_key: str, corp_id: str) -> None:
        self._crypto = WeChatCrypto(token, aes_key, corp_id)

    def echo(self, signed: Signed, echostr: str) -> str:
        """The decrypted ``echostr`` of the URL verification, to be answered as it is."""
        try:
            return _text(
                self._crypto.check_signature(signed.signature, signed.timestamp, signed.nonce, echostr)
            )
        except (InvalidSignatureException, ValueError, KeyError, TypeError) as exc:
            raise BadCallback(type(exc).__name__) from None
        except Exception as exc:  # wechatpy's corp id check and padding errors
            raise BadCallback(type(exc).__name__) from None

    def notice(self, signed: Signed, body: bytes) -> Notice | None:
        """The event of a POSTed callback; None for anything but ``kf_msg_or_event``."""
        try:
            plain = self._crypto.decrypt_message(body, signed.signature, signed.timestamp, signed.nonce)
            xml = xmltodict.parse(_text(plain))["xml"]
        except Exception as exc:  # bad signature, corp id, padding or XML: all refused alike
            raise BadCallback(type(exc).__name__) from None
        if xml.get("Event") != "kf_msg_or_event":
            return None
        return Notice(token=str(xml.get("Token") or ""), open_kfid=str(xml.get("OpenKfId") or ""))


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value

"""WeCom's error codes as the emulator answers them (HTTP 200 with ``{"errcode", "errmsg"}``).

Codes from WeCom's published global error table: 40001, 40005, 40006, 40007, 40008, 40013, 40014,
40058, 40096, 41001, 41002, 41004, 42001, 95000, 95001 and 95007. The others are not in any
public table we found, so the emulator picks a plausible one and says so here:

- ``OUT_OF_WINDOW`` 95002: a message more than 48 hours after the customer's last message
  (WeCom's 95001 text covers the five-message budget; 95002 follows it in the kf range).
- ``CONTENT_TOO_LONG`` 45002: a text over 2,048 bytes (the Official Account code for "message
  content too large").
- ``INVALID_WELCOME_CODE`` 40029: a ``send_msg_on_event`` code that is unknown, used or older
  than 20 seconds (the "invalid code" of WeCom's one-time codes).
"""

from __future__ import annotations

from typing import Any

INVALID_SECRET = 40001
INVALID_MEDIA_TYPE = 40005
INVALID_FILE_SIZE = 40006
INVALID_MEDIA_ID = 40007
INVALID_MSGTYPE = 40008
INVALID_CORPID = 40013
INVALID_ACCESS_TOKEN = 40014
INVALID_WELCOME_CODE = 40029
INVALID_PARAMETER = 40058
INVALID_EXTERNAL_USERID = 40096
MISSING_ACCESS_TOKEN = 41001
MISSING_CORPID = 41002
MISSING_SECRET = 41004
ACCESS_TOKEN_EXPIRED = 42001
CONTENT_TOO_LONG = 45002
INVALID_OPEN_KFID = 95000
SEND_COUNT_LIMIT = 95001
OUT_OF_WINDOW = 95002
INVALID_MSG_TOKEN = 95007

ERRMSG: dict[int, str] = {
    INVALID_SECRET: "invalid credential",
    INVALID_MEDIA_TYPE: "invalid type",
    INVALID_FILE_SIZE: "invalid file size",
    INVALID_MEDIA_ID: "invalid media_id",
    INVALID_MSGTYPE: "invalid message type",
    INVALID_CORPID: "invalid corpid",
    INVALID_ACCESS_TOKEN: "invalid access_token",
    INVALID_WELCOME_CODE: "invalid code",
    INVALID_PARAMETER: "invalid parameter",
    INVALID_EXTERNAL_USERID: "invalid external userid",
    MISSING_ACCESS_TOKEN: "access_token missing",
    MISSING_CORPID: "corpid missing",
    MISSING_SECRET: "corpsecret missing",
    ACCESS_TOKEN_EXPIRED: "access_token expired",
    CONTENT_TOO_LONG: "content size out of limit",
    INVALID_OPEN_KFID: "invalid open_kfid",
    SEND_COUNT_LIMIT: "send msg count limit",
    OUT_OF_WINDOW: "send msg time limit",
    INVALID_MSG_TOKEN: "invalid msg token",
}


class WeComError(Exception):
    """An API error answer; ``detail`` says which limit or field (appended to errmsg)."""

    def __init__(self, errcode: int, detail: str = "") -> None:
        self.errcode = errcode
        base = ERRMSG.get(errcode, "error")
        self.errmsg = f"{base}: {detail}" if detail else base
        super().__init__(f"{errcode} {self.errmsg}")

    def to_json(self) -> dict[str, Any]:
        return {"errcode": self.errcode, "errmsg": self.errmsg}

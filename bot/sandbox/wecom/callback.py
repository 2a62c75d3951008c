"""The encrypted callback to the bot, as WeCom sends it, with wechatpy's WeCom cryptography.

Each customer message or event is announced by a POST to the callback URL: the query carries
``msg_signature`` (sha1 of the sorted token, timestamp, nonce and Encrypt), ``timestamp`` and
``nonce``; the body is ``<xml><ToUserName/><Encrypt/><AgentID/></xml>``, where Encrypt is the
AES-CBC (EncodingAESKey) encryption of the kf_msg_or_event XML, whose Token the bot passes to
``kf/sync_msg``. A POST that fails (no 2xx within ``timeout``) is tried again, ``attempts`` in
all. ``verify`` plays the console's URL check: a GET with an encrypted ``echostr`` that the bot
must answer with the decrypted text.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import aiohttp
from wechatpy.enterprise.crypto import WeChatCrypto

from bot.sandbox.wecom.store import WeComStore

logger = logging.getLogger(__name__)


@dataclass
class CallbackDelivery:
    """One announced message: its sync token and how its POSTs went (``status`` of the last)."""

    msg_token: str
    attempts: int = 0
    status: int | None = None
    error: str | None = None
    delivered: bool = False
    finished: bool = False


def event_xml(corp_id: str, create_time: int, msg_token: str, open_kfid: str) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{corp_id}]]></ToUserName><CreateTime>{create_time}</CreateTime>"
        "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>"
        f"<Token><![CDATA[{msg_token}]]></Token><OpenKfId><![CDATA[{open_kfid}]]></OpenKfId></xml>"
    )


class CallbackSender:
    def __init__(self, store: WeComStore, token: str, aes_key: str) -> None:
        self.store = store
        self.crypto = WeChatCrypto(token, aes_key, store.corp_id)
        self.url: str | None = None
        self.timeout = 5.0
        self.retry_delay = 0.2
        self.attempts = 3
        self.deliveries: list[CallbackDelivery] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None

    def seal(self, plaintext: str) -> tuple[dict[str, str], str]:
        """(query, Encrypt) for ``plaintext``: encrypted and signed as WeCom does."""
        nonce, timestamp = secrets.token_hex(8), str(int(self.store.now()))
        sealed = ET.fromstring(self.crypto.encrypt_message(plaintext, nonce, timestamp))
        encrypt = sealed.findtext("Encrypt") or ""
        signature = sealed.findtext("MsgSignature") or ""
        query = {"msg_signature": signature, "timestamp": timestamp, "nonce": nonce}
        return query, encrypt

    def announce(self) -> CallbackDelivery | None:
        """POST a kf_msg_or_event callback (in the background); None when no URL is set."""
        if not self.url:
            return None
        delivery = CallbackDelivery(self.store.issue_msg_token())
        self.deliveries.append(delivery)
        task = asyncio.get_running_loop().create_task(self._deliver(self.url, delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return delivery

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def _deliver(self, url: str, delivery: CallbackDelivery) -> None:
        plain = event_xml(self.store.corp_id, int(self.store.now()), delivery.msg_token, self.store.open_kfid)
        delay = self.retry_delay
        while delivery.attempts < self.attempts and not delivery.delivered:
            if delivery.attempts:
                await asyncio.sleep(delay)
                delay *= 2
            delivery.attempts += 1
            query, encrypt = self.seal(plain)
            body = (
                f"<xml><ToUserName><![CDATA[{self.store.corp_id}]]></ToUserName>"
                f"<Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>"
            )
            try:
                async with self._client().post(
                    url, params=query, data=body.encode(), headers={"Content-Type": "text/xml"}
                ) as response:
                    await response.read()
                    delivery.status, delivery.error = response.status, None
                    delivery.delivered = 200 <= response.status < 300
            except (aiohttp.ClientError, TimeoutError) as exc:
                delivery.status, delivery.error = None, repr(exc)
        delivery.finished = True
        if not delivery.delivered:
            logger.debug(
                "callback not taken after %d attempts: %s %s",
                delivery.attempts,
                delivery.status,
                delivery.error,
            )
        self.store.notify()

    async def verify(self) -> bool:
        """The console's URL check: True when the bot echoes the decrypted ``echostr``."""
        if not self.url:
            return False
        echo = secrets.token_hex(16)
        query, encrypt = self.seal(echo)
        try:
            async with self._client().get(self.url, params={**query, "echostr": encrypt}) as response:
                return response.status == 200 and (await response.text()).strip() == echo
        except (aiohttp.ClientError, TimeoutError):
            return False

    async def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until every announced callback was taken or given up."""
        await self.store.wait_for(lambda: all(d.finished for d in self.deliveries), timeout)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

"""The sandbox page's server: uploads are served as downloads that no browser sniffs or renders,
and requests another site's page makes a browser send are refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.sandbox.run import Sandbox, SandboxEmulator
from bot.sandbox.wecom.emulator import WeComEmulator
from tests.engine.test_submit_flow import a_pdf

HTML_AND_PDF = b"<html><script>alert(document.cookie)</script></html>\n" + a_pdf(1)
EVIL = "http://evil.example"


@pytest.fixture
async def emulator() -> AsyncIterator[SandboxEmulator]:
    emulator = SandboxEmulator(token="123456:TEST-TOKEN", staff_user_id=900001, staff_chat_id=-100123)
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def http(emulator: SandboxEmulator) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=emulator.base_url) as session:
        yield session


@pytest.mark.parametrize("query", ["", "?download=1"])
async def test_uploads_are_attachments_and_never_sniffed(
    emulator: SandboxEmulator, http: aiohttp.ClientSession, query: str
) -> None:
    stored = emulator.store_file(HTML_AND_PDF, "审核意见.html", "text/html")
    async with http.get(f"/api/files/{stored.file_id}{query}") as response:
        assert response.status == 200 and await response.read() == HTML_AND_PDF
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "headers",
    [{"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "http://127.0.0.1:1"}],
    ids=["other-origin", "cross-site", "other-port"],
)
async def test_requests_from_another_origin_are_refused(
    emulator: SandboxEmulator, http: aiohttp.ClientSession, headers: dict[str, str]
) -> None:
    before = len(emulator.web.applicants)
    async with http.post("/api/applicants", json={"name": "x"}, headers=headers) as response:
        assert response.status == 403
    async with http.get("/api/view", headers=headers) as response:
        assert response.status == 403
    assert len(emulator.web.applicants) == before


async def test_the_page_itself_is_served(emulator: SandboxEmulator, http: aiohttp.ClientSession) -> None:
    own = {"Origin": emulator.base_url, "Sec-Fetch-Site": "same-origin"}
    async with http.post("/api/applicants", json={"name": "张三"}, headers=own) as response:
        assert response.status == 200
    async with http.get("/api/view?wait=0", headers=own) as response:
        assert response.status == 200


def _port(emulator: SandboxEmulator) -> int:
    return int(emulator.base_url.rsplit(":", 1)[1])


@pytest.mark.parametrize("path", ["/api/view?wait=0", "/", "/bot123456:TEST-TOKEN/getMe"])
async def test_a_rebound_name_is_refused(
    emulator: SandboxEmulator, http: aiohttp.ClientSession, path: str
) -> None:
    """DNS rebinding: the attacker's name resolves to 127.0.0.1, so the browser sends the page's
    requests here with that name as Host and as Origin; the server's own address is not that name."""
    rebound = f"rebind.evil.example:{_port(emulator)}"
    headers = {"Host": rebound, "Origin": f"http://{rebound}", "Sec-Fetch-Site": "same-origin"}
    async with http.get(path, headers=headers) as response:
        assert response.status == 403
    async with http.get(path, headers={"Host": rebound}) as response:
        assert response.status == 403


async def test_own_address_by_loopback_name(emulator: SandboxEmulator, http: aiohttp.ClientSession) -> None:
    own = f"localhost:{_port(emulator)}"
    async with http.get("/api/view?wait=0", headers={"Host": own, "Origin": f"http://{own}"}) as response:
        assert response.status == 200


def test_each_sandbox_has_its_own_token(tmp_path: Path) -> None:
    first, second = Sandbox(data_dir=tmp_path), Sandbox(data_dir=tmp_path)
    assert first.token != second.token
    assert "SANDBOX" not in first.token and first.token not in repr(first)
    digits, secret = first.token.split(":")
    assert digits.isdigit() and len(secret) >= 30


async def test_a_guessed_token_cannot_send_as_the_bot(tmp_path: Path) -> None:
    sandbox = Sandbox(data_dir=tmp_path)
    emulator = SandboxEmulator(token=sandbox.token, staff_user_id=900001, staff_chat_id=-100123)
    await emulator.start()
    try:
        async with aiohttp.ClientSession(base_url=emulator.base_url) as http:
            for token in ("123456:SANDBOX-not-a-real-token", "123456:TEST-TOKEN"):
                async with http.post(f"/bot{token}/sendMessage", data={"chat_id": "1"}) as response:
                    assert response.status == 401
            async with http.get(f"/bot{sandbox.token}/getMe") as response:
                assert response.status == 200
    finally:
        await emulator.stop()


async def test_the_wecom_emulator_answers_only_to_its_own_address() -> None:
    from tests.sandbox.wecom.conftest import AES_KEY, CORP_ID, OPEN_KFID, SECRET, TOKEN

    wecom = WeComEmulator(CORP_ID, SECRET, OPEN_KFID, TOKEN, AES_KEY)
    await wecom.start()
    try:
        port = int(wecom.base_url.rsplit(":", 1)[1])
        path = f"/cgi-bin/gettoken?corpid={CORP_ID}&corpsecret={SECRET}"
        async with aiohttp.ClientSession(base_url=wecom.base_url) as http:
            async with http.get(path, headers={"Host": f"rebind.evil.example:{port}"}) as rebound:
                assert rebound.status == 403
            async with http.get(path) as own:
                assert own.status == 200
    finally:
        await wecom.stop()

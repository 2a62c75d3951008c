from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.campaign.loader import load_campaign
from bot.campaign.schema import Campaign
from bot.config import PROJECT_ROOT
from bot.texts.render import Renderer
from storage.db import Database, upgrade
from tests.support.databases import BACKENDS, fresh_database

SHIPPED_CAMPAIGN = PROJECT_ROOT / "templates" / "campaigns" / "cq-benchmark-2022.toml"


@pytest.fixture(scope="session")
def shipped_campaign() -> Campaign:
    return load_campaign(SHIPPED_CAMPAIGN)


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer(PROJECT_ROOT / "templates")


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty, migrated database on each configured backend."""
    async with fresh_database(request.param, tmp_path) as url:
        await asyncio.to_thread(upgrade, url)
        yield url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """A ``Database`` on ``database_url``, closed afterwards."""
    db = Database(database_url)
    yield db
    await db.close()

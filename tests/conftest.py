from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.campaign.loader import load_campaign
from bot.campaign.schema import Campaign
from bot.config import PROJECT_ROOT
from bot.texts.render import Renderer
from storage.db import Database
from tests.support.databases import BACKENDS, MigratedDatabases
from tests.support.stub import BEFORE_DEADLINE, Stub, make_stub

SHIPPED_CAMPAIGN = PROJECT_ROOT / "templates" / "campaigns" / "cq-benchmark-2022.toml"
TESTS = Path(__file__).resolve().parent
# The tiers, by folder under tests/ (docs/testing.md): ``./scripts/test.sh`` runs the fast tiers,
# every folder not named here; ``./scripts/test.sh --full`` runs everything. A slow test in
# another folder carries ``@pytest.mark.full`` itself.
FULL_ONLY_FOLDERS = {
    "e2e": "the real bot over HTTP against the emulator: both frameworks, polling and webhook, restarts",
    "browser": "the sandbox in Chromium",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.relative_to(TESTS).parts[0] in FULL_ONLY_FOLDERS:
            item.add_marker(pytest.mark.full)


@pytest.fixture(scope="session")
def shipped_campaign() -> Campaign:
    return load_campaign(SHIPPED_CAMPAIGN)


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer(PROJECT_ROOT / "templates")


@pytest.fixture(scope="session")
def migrated_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedDatabases]:
    """Each backend migrated once per session (per worker); tests get copies (``database_url``)."""
    databases = MigratedDatabases(tmp_path_factory.mktemp("migrated"))
    yield databases
    databases.close()


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_databases: MigratedDatabases
) -> str:
    """An empty, migrated database of its own on each configured backend."""
    return await migrated_databases.fresh(request.param, tmp_path)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """A ``Database`` on ``database_url``, closed afterwards."""
    db = Database(database_url)
    yield db
    await db.close()


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    """The engine behind the recording stub: the shipped campaign before its deadline, a database
    and a files folder of its own. A module that needs more (seeded rows, districts, experts)
    overrides it, asking for this one where it can."""
    made = await make_stub(database_url, [shipped_campaign], BEFORE_DEADLINE, str(tmp_path / "files"))
    yield made
    await made.services.close()

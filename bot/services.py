"""The one place that wires everything: settings → campaigns, database, engine, adapter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.campaign.loader import load_campaigns, with_deadline
from bot.campaign.registry import CampaignRegistry
from bot.campaign.schema import Campaign
from bot.config import PROJECT_ROOT, Settings
from bot.domain.languages import CLIENT_MENUS, DEFAULT_LANGUAGE
from bot.engine.clock import Clock, SystemClock
from bot.engine.codec import CallbackCodec
from bot.engine.request import Deps
from bot.engine.runner import Engine
from bot.telegram.base import Adapter, AdapterConfig, ChatMenu, MenuCommand, Menus
from bot.texts.render import Renderer
from bot.validation import ConfigError
from handlers import roles, router
from storage.db import Database
from storage.file_storage import FileStorage
from storage.file_store_factory import make_file_store
from storage.repositories import Repositories

TEMPLATES_DIR = PROJECT_ROOT / "templates"
CALLBACK_SECRET_KEY = "callback_secret"


def prepare_campaigns(settings: Settings) -> list[Campaign]:
    """Load the configured campaign files, applying bot.toml's deadline/time-zone override."""
    paths = settings.campaign_paths()
    campaigns = load_campaigns(paths)
    overrides = settings.campaign.deadline or settings.campaign.timezone
    if overrides and len(campaigns) > 1:
        raise ConfigError(
            [f"{settings.base_dir / 'bot.toml'}: campaign.deadline: only with a single campaign file"]
        )
    prepared = [with_deadline(c, settings.campaign.deadline, settings.campaign.timezone) for c in campaigns]
    roles.configuration(settings, prepared)  # every role's configuration checked at start
    return prepared


def file_store(settings: Settings) -> FileStorage:
    """The local directory (default) or S3-compatible object storage (several hosts)."""
    s3 = None
    if settings.storage.backend == "s3":
        from storage.s3_files import S3Settings

        c = settings.storage.s3
        s3 = S3Settings(endpoint_url=c.endpoint_url, bucket=c.bucket, prefix=c.prefix, region=c.region)
    return make_file_store(settings.resolve(settings.storage.files_dir), s3)


@dataclass
class Services:
    settings: Settings
    database: Database
    renderer: Renderer
    deps: Deps
    engine: Engine

    async def close(self) -> None:
        await self.database.close()


async def build_services(
    settings: Settings, campaigns: list[Campaign], clock: Clock | None = None
) -> Services:
    renderer = Renderer(TEMPLATES_DIR, campaigns[0].zone) if campaigns else Renderer(TEMPLATES_DIR)
    database = Database(settings.database_url())
    async with database.unit_of_work() as session:
        secret = await Repositories(session).settings.get_or_create(CALLBACK_SECRET_KEY)
    deps = Deps(
        campaigns=CampaignRegistry(campaigns),
        renderer=renderer,
        codec=CallbackCodec(secret.encode()),
        clock=clock or SystemClock(),
        files=file_store(settings),
        parts=roles.configuration(settings, campaigns),
        invite_ttl=timedelta(hours=settings.colleagues.invite_hours),
    )
    engine = Engine(database, deps, router.dispatch)
    engine.file_check = router.refuse_upload_early
    return Services(settings=settings, database=database, renderer=renderer, deps=deps, engine=engine)


def command_menus(renderer: Renderer, names: tuple[str, ...] | None = None) -> Menus:
    """A command menu (the applicant's unless ``names``): Chinese by default, English for English clients."""
    shown = roles.applicant_menu() if names is None else names

    def menu(lang: str) -> list[MenuCommand]:
        return [MenuCommand(name, renderer.label(lang, f"cmd_{name}")) for name in shown]

    return {"": menu(DEFAULT_LANGUAGE), **{code: menu(lang) for code, lang in CLIENT_MENUS.items()}}


def role_menus(renderer: Renderer, deps: Deps) -> tuple[ChatMenu, ...]:
    """Each role's own menus (``handlers/roles.py``): its commands in its groups, in a member's
    private chat the role's commands and then the applicant's; a person with several roles gets
    the menu of the first, in the table's order."""
    chats = roles.role_chats(deps)
    return tuple(ChatMenu(chat_id, command_menus(renderer, names)) for chat_id, names in chats)


def build_adapter(services: Services, polling_timeout: int = 10) -> Adapter:
    telegram = services.settings.telegram
    config = AdapterConfig(
        token=telegram.token.get_secret_value(),
        api_base=telegram.api_base,
        menus=command_menus(services.renderer),
        chat_menus=role_menus(services.renderer, services.deps),
        polling_timeout=polling_timeout,
        concurrency=telegram.concurrency,
    )
    if telegram.framework == "aiogram":
        from bot.telegram.aiogram_adapter import AiogramAdapter

        return AiogramAdapter(config, services.engine)
    from bot.telegram.ptb_adapter import PtbAdapter

    return PtbAdapter(config, services.engine)

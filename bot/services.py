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
from bot.usecases.districts import build_districts
from bot.usecases.people import Districts, Experts, StaffDesk
from bot.validation import ConfigError
from handlers import router
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
    build_districts(settings.districts, prepared, settings.config_file)  # names checked at start
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
        parts=(
            StaffDesk(frozenset(settings.telegram.staff_user_ids), settings.telegram.staff_chat_id),
            Districts(build_districts(settings.districts, campaigns, settings.config_file)),
            Experts(frozenset(settings.review.expert_user_ids)),
        ),
        invite_ttl=timedelta(hours=settings.colleagues.invite_hours),
    )
    engine = Engine(database, deps, router.dispatch)
    engine.file_check = router.refuse_upload_early
    return Services(settings=settings, database=database, renderer=renderer, deps=deps, engine=engine)


def command_menus(renderer: Renderer, names: tuple[str, ...] = router.MENU) -> Menus:
    """The client's command menu: Chinese by default, English for English clients."""

    def menu(lang: str) -> list[MenuCommand]:
        return [MenuCommand(name, renderer.label(lang, f"cmd_{name}")) for name in names]

    return {"": menu(DEFAULT_LANGUAGE), **{code: menu(lang) for code, lang in CLIENT_MENUS.items()}}


def role_menus(renderer: Renderer, deps: Deps, staff_user_ids: list[int]) -> tuple[ChatMenu, ...]:
    """Each role's own menus: the staff commands in the staff chat, a district's in its group; in
    a member's private chat the role's commands and then the applicant's. A person with several
    roles gets the menu of the first, in the router's order (staff, district, expert)."""
    chats: dict[int, Menus] = {}

    def add(chat_id: int, names: tuple[str, ...]) -> None:
        if chat_id and chat_id not in chats:
            chats[chat_id] = command_menus(renderer, names)

    add(deps.part(StaffDesk).chat_id, router.STAFF_MENU)
    for user_id in staff_user_ids:
        add(user_id, router.STAFF_PRIVATE_MENU)
    for district in deps.part(Districts).all:
        add(district.chat_id, router.DISTRICT_MENU)
        for user_id in sorted(district.user_ids):
            add(user_id, router.DISTRICT_PRIVATE_MENU)
    for user_id in sorted(deps.part(Experts).user_ids):
        add(user_id, router.EXPERT_PRIVATE_MENU)
    return tuple(ChatMenu(chat_id, menus) for chat_id, menus in chats.items())


def build_adapter(services: Services, polling_timeout: int = 10) -> Adapter:
    telegram = services.settings.telegram
    config = AdapterConfig(
        token=telegram.token.get_secret_value(),
        api_base=telegram.api_base,
        menus=command_menus(services.renderer),
        chat_menus=role_menus(services.renderer, services.deps, list(telegram.staff_user_ids)),
        polling_timeout=polling_timeout,
        concurrency=telegram.concurrency,
    )
    if telegram.framework == "aiogram":
        from bot.telegram.aiogram_adapter import AiogramAdapter

        return AiogramAdapter(config, services.engine)
    from bot.telegram.ptb_adapter import PtbAdapter

    return PtbAdapter(config, services.engine)

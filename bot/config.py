"""Typed settings read from ``bot.toml``; the token comes from ``BOT_TOKEN`` when set.

Unknown keys are refused so that a typo never silently falls back to a default.
Relative paths are resolved against the directory of the config file.
"""

from __future__ import annotations

import base64
import binascii
import os
import tomllib
from datetime import datetime, time
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.validation import ConfigError, describe

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CAMPAIGN = "templates/campaigns/cq-benchmark-2022.toml"


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TelegramSettings(Section):
    token: SecretStr = SecretStr("")
    api_base: str = "https://api.telegram.org"
    framework: Literal["ptb", "aiogram"] = "ptb"
    mode: Literal["polling", "webhook"] = "polling"
    staff_chat_id: int = 0
    staff_user_ids: list[int] = []
    concurrency: int = Field(default=32, ge=1, le=1024)  # updates of different chats handled at once

    @field_validator("api_base")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("api_base must start with http:// or https://")
        return value.rstrip("/")


class DatabaseSettings(Section):
    url: str = "sqlite+aiosqlite:///var/bot.db"


class S3StorageSettings(Section):
    endpoint_url: str | None = None
    bucket: str = ""
    prefix: str = ""
    region: str = "us-east-1"


class StorageSettings(Section):
    backend: Literal["local", "s3"] = "local"
    files_dir: str = "var/files"
    s3: S3StorageSettings = S3StorageSettings()

    @model_validator(mode="after")
    def _s3_needs_a_bucket(self) -> StorageSettings:
        if self.backend == "s3" and not self.s3.bucket:
            raise ValueError('storage.s3.bucket is required when storage.backend = "s3"')
        return self


class CampaignSettings(Section):
    file: str | None = None
    files: list[str] | None = None
    deadline: datetime | None = None
    timezone: str | None = None

    @field_validator("deadline")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("the deadline needs a UTC offset, e.g. 2030-08-10T23:59:59+08:00")
        return value


class ReminderSettings(Section):
    days_before: list[int] = [7, 3, 1, 0]
    at: time = time(9, 0)


class SchedulerSettings(Section):
    tick_seconds: float = Field(default=30, gt=0)


class WebhookSettings(Section):
    listen: str = "127.0.0.1"
    port: int = 8080
    path: str = "/telegram"
    public_url: str = ""
    secret: SecretStr = Field(default=SecretStr(""), exclude=True)  # from WEBHOOK_SECRET only


class ColleagueSettings(Section):
    invite_hours: float = Field(default=48, gt=0)  # how long an /invite link can be used


class LoggingSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["text", "json"] = "text"


class DistrictSettings(Section):
    """One district department (区县经信主管部门): its staff, its group, its exact name."""

    user_ids: list[int] = []
    chat_id: int = 0
    department: str | None = None  # default: the campaign's department_name pattern


class ReviewSettings(Section):
    expert_user_ids: list[int] = []  # experts: verification and case scores of assigned applications


class WeComSettings(Section):
    """WeCom 微信客服: the enterprise, the customer-service account, where the API and the callback are.
    Secrets come from WECOM_SECRET, WECOM_TOKEN and WECOM_AES_KEY only."""

    corp_id: str = Field(min_length=1, max_length=64)
    open_kfid: str = Field(min_length=1, max_length=64)
    api_base: str = "https://qyapi.weixin.qq.com"
    callback_path: str = "/wecom/callback"
    secret: SecretStr = Field(default=SecretStr(""), exclude=True)
    token: SecretStr = Field(default=SecretStr(""), exclude=True)
    aes_key: SecretStr = Field(default=SecretStr(""), exclude=True)

    @field_validator("api_base")
    @classmethod
    def _http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("api_base must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("callback_path")
    @classmethod
    def _absolute(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("callback_path must start with /")
        return value


class Settings(Section):
    telegram: TelegramSettings = TelegramSettings()
    database: DatabaseSettings = DatabaseSettings()
    storage: StorageSettings = StorageSettings()
    campaign: CampaignSettings = CampaignSettings()
    reminders: ReminderSettings = ReminderSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    webhook: WebhookSettings = WebhookSettings()
    logging: LoggingSettings = LoggingSettings()
    districts: dict[str, DistrictSettings] = {}
    review: ReviewSettings = ReviewSettings()
    colleagues: ColleagueSettings = ColleagueSettings()
    wecom: WeComSettings | None = None
    base_dir: Path = Field(default=PROJECT_ROOT, exclude=True)
    config_file: Path = Field(default=PROJECT_ROOT / "bot.toml", exclude=True)

    def resolve(self, relative: str) -> Path:
        """A path from the config, relative to the config file's directory."""
        path = Path(relative)
        if path.is_absolute():
            return path
        candidate = self.base_dir / path
        if candidate.exists() or not (PROJECT_ROOT / path).exists():
            return candidate
        return PROJECT_ROOT / path

    def campaign_paths(self) -> list[Path]:
        names = self.campaign.files or [self.campaign.file or DEFAULT_CAMPAIGN]
        return [self.resolve(name) for name in names]

    def database_url(self) -> str:
        """The database URL with a relative SQLite path made absolute (and its folder created)."""
        url = self.database.url
        prefix = "sqlite+aiosqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
            path = self.resolve(url.removeprefix(prefix))
            path.parent.mkdir(parents=True, exist_ok=True)
            return prefix + str(path)
        return url


def load_settings(path: Path, environ: dict[str, str] | None = None) -> Settings:
    """Read and validate ``path``; raise ``ConfigError`` naming the file and key."""
    environ = dict(os.environ) if environ is None else environ
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{path}: config file not found"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: TOML syntax error: {exc}"]) from None
    if not isinstance(raw.get("telegram", {}), dict):
        raise ConfigError([f"{path}: telegram: must be a table"])
    token = environ.get("BOT_TOKEN")
    if token:
        raw.setdefault("telegram", {})["token"] = token
    if isinstance(raw.get("wecom"), dict) and WECOM_SECRETS.keys() & raw["wecom"].keys():
        raise ConfigError([f"{path}: wecom: give its secrets in WECOM_SECRET, WECOM_TOKEN, WECOM_AES_KEY"])
    if isinstance(raw.get("webhook", {}), dict) and "secret" in raw.get("webhook", {}):
        raise ConfigError([f"{path}: webhook.secret: give it in the WEBHOOK_SECRET environment variable"])
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(describe(exc, str(path))) from None
    settings.base_dir = path.resolve().parent
    settings.config_file = path
    settings.webhook.secret = SecretStr(environ.get("WEBHOOK_SECRET", ""))
    if settings.telegram.mode == "webhook":
        _check_webhook(settings, path)
    if settings.wecom is not None:
        _wecom_secrets(settings.wecom, environ, path)
    if settings.campaign.file and settings.campaign.files:
        raise ConfigError([f"{path}: campaign: give either file or files, not both"])
    return settings


def _check_webhook(settings: Settings, path: Path) -> None:
    problems = []
    if not settings.webhook.secret.get_secret_value():
        problems.append(
            f"{path}: webhook: the WEBHOOK_SECRET environment variable is required in webhook mode"
        )
    if not settings.webhook.public_url.startswith("https://") and not settings.webhook.public_url.startswith(
        "http://127.0.0.1"
    ):
        problems.append(f"{path}: webhook.public_url: the public https:// address Telegram posts to")
    if problems:
        raise ConfigError(problems)


WECOM_SECRETS = {"secret": "WECOM_SECRET", "token": "WECOM_TOKEN", "aes_key": "WECOM_AES_KEY"}


def _wecom_secrets(wecom: WeComSettings, environ: dict[str, str], path: Path) -> None:
    """The kf app's secret and the callback's Token and EncodingAESKey, from the environment; the
    first missing or malformed one is named (never its value)."""
    for field, variable in WECOM_SECRETS.items():
        value = environ.get(variable, "").strip()
        if not value:
            raise ConfigError([f"{path}: wecom: the {variable} environment variable is required"])
        setattr(wecom, field, SecretStr(value))
    if not _is_aes_key(wecom.aes_key.get_secret_value()):
        raise ConfigError([f"{path}: wecom: WECOM_AES_KEY must be the 43-character EncodingAESKey"])


def _is_aes_key(value: str) -> bool:
    """WeCom's EncodingAESKey: 43 base64 characters that decode (with "=") to 32 bytes."""
    if len(value) != 43:
        return False
    try:
        return len(base64.b64decode(value + "=", validate=True)) == 32
    except (binascii.Error, ValueError):
        return False

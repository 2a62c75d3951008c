"""SQLAlchemy models: the whole persistent state of the bot."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.domain.languages import DEFAULT_LANGUAGE
from storage.types import UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class Applicant(Base):
    """A Telegram user talking to the bot in private."""

    __tablename__ = "applicant"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    lang: Mapped[str] = mapped_column(String(8), default=DEFAULT_LANGUAGE)
    consent_at: Mapped[datetime | None]
    active_campaign: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Application(Base):
    """One applicant's application to one campaign, with its conversation position."""

    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("campaign_id", "applicant_id", name="uq_application_campaign_applicant"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(32), index=True)
    applicant_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("applicant.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    flow: Mapped[dict[str, Any]] = mapped_column(default=dict)
    form: Mapped[dict[str, Any]] = mapped_column(default=dict)
    form_confirmed_at: Mapped[datetime | None]
    deadline_override: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    submissions: Mapped[int] = mapped_column(Integer, default=0)
    return_reason: Mapped[str | None] = mapped_column(Text)
    inconsistencies: Mapped[int | None]
    verified_level: Mapped[int | None]
    verified_score: Mapped[str | None] = mapped_column(String(16))  # a decimal, kept exact
    case_score: Mapped[str | None] = mapped_column(String(16))
    result: Mapped[str | None] = mapped_column(String(16))  # selected|not_selected|not_passed|excluded
    excluded_reason: Mapped[str | None] = mapped_column(Text)  # why staff took it out of the results
    district_opinion: Mapped[str | None] = mapped_column(String(16))  # recommend | decline
    district_opinion_text: Mapped[str | None] = mapped_column(Text)
    district_opinion_by: Mapped[int | None] = mapped_column(BigInteger)
    district_opinion_at: Mapped[datetime | None]
    district_opinion_district: Mapped[str | None] = mapped_column(String(32))  # the district that gave it
    expert_id: Mapped[int | None] = mapped_column(BigInteger)  # the expert assigned (/assign)
    expert_conflicts: Mapped[list[Any]] = mapped_column(default=list)  # experts who declared one
    verification: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the item-by-item record
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Upload(Base):
    """One version of an uploaded file; every version is kept, the latest of a kind decides.

    The file itself is in the content-addressed store under its sha256. ``report`` holds the
    result of the check (the case-study structure report, or the PDF's page count).
    """

    __tablename__ = "upload"
    __table_args__ = (UniqueConstraint("application_id", "kind", "version", name="uq_upload_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    ok: Mapped[bool]
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    uploaded_at: Mapped[datetime]


class ProcessedUpdate(Base):
    """Every update_id acted on: a redelivered update finds its id here and does nothing."""

    __tablename__ = "processed_update"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime]
    effects: Mapped[list[Any] | None] = mapped_column(JSON)  # what to send, replayed if never sent
    performed_at: Mapped[datetime | None]
    owner: Mapped[int | None] = mapped_column(BigInteger)  # the claiming instance (storage/instance.py)


class Setting(Base):
    """Process-wide values that must survive restarts and be shared by instances."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime]


class CampaignCounter(Base):
    """The last application number given out per campaign (a prefix and a running number)."""

    __tablename__ = "campaign_counter"

    campaign_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class OutboxMessage(Base):
    """A message the bot sends on its own (reminder, staff notice, result), written in the same
    transaction as the change that causes it and sent later by the sender loop.

    ``key`` makes it idempotent (``reminder:<application>:<days>``): the same message is never
    queued twice. A row is claimed by one sender at a time (``claimed_until``).
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    not_before: Mapped[datetime] = mapped_column(index=True)
    expires_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    failed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class Member(Base):
    """A colleague on an application besides its first contact (``application.applicant_id``):
    they see and act on the application as the first contact does, and get its messages."""

    __tablename__ = "application_member"
    __table_args__ = (UniqueConstraint("application_id", "applicant_id", name="uq_member"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    applicant_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("applicant.id", ondelete="CASCADE"), index=True
    )
    campaign_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(128), default="")  # the Telegram first name when joining
    invited_by: Mapped[int] = mapped_column(BigInteger)
    joined_at: Mapped[datetime]


class Invite(Base):
    """A one-time code that lets a colleague join an application until it expires."""

    __tablename__ = "invite"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[datetime | None]


class Objection(Base):
    """An objection to a selected enterprise received during the 公示 period, recorded by staff."""

    __tablename__ = "objection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime]
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # received after the period
    resolution: Mapped[str | None] = mapped_column(String(16))  # dismissed | upheld
    resolution_reason: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[int | None] = mapped_column(BigInteger)
    resolved_at: Mapped[datetime | None]


class ChannelContact(Base):
    """A person on a channel whose ids are strings (WeCom's ``external_userid``): ``id`` is the
    address the engine knows them by (``bot/engine/channels.py``), ``external_id`` what the channel
    calls them. The delivery window: when they last wrote, and how many messages the bot has sent
    them since (a channel that limits both, WeChat: 48 hours, 5 messages)."""

    __tablename__ = "channel_contact"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_channel_contact"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    last_inbound_at: Mapped[datetime | None]
    sent_since_inbound: Mapped[int] = mapped_column(Integer, default=0)
    window_told_at: Mapped[datetime | None]  # told once that replies come only within the window
    created_at: Mapped[datetime]


class UnansweredQuestion(Base):
    """A question typed to the bot that the campaign's FAQ could not answer (the asker was sent to
    the contacts); staff see them counted in /stats. Who asked is not kept."""

    __tablename__ = "unanswered_question"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(32), index=True)
    text: Mapped[str] = mapped_column(String(500))
    lang: Mapped[str] = mapped_column(String(8))
    asked_at: Mapped[datetime]

"""Purge of a WeChat applicant: the account goes, and so does what WeChat calls them
(``channel_contact``: the external_userid), not only the Telegram-shaped rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.campaign.schema import Campaign
from bot.engine.channels import WECOM, address
from bot.purge_command import cmd_purge
from storage.models import Applicant, Application, ChannelContact
from storage.repositories import Repositories
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE
from tests.engine.test_privacy import config_of
from tests.support.seed import seed_accepted
from tests.support.stub import Stub

EXTERNAL = "wmErasedPerson0001"


async def test_purge_removes_a_wechat_persons_contact_with_their_account(
    stub: Stub, shipped_campaign: Campaign, capsys: pytest.CaptureFixture[str]
) -> None:
    person = address(WECOM, EXTERNAL)
    await seed_accepted(stub.services.database, shipped_campaign, 1, BEFORE_DEADLINE, first_user=person - 1)
    async with stub.services.database.unit_of_work() as session:
        await Repositories(session).contacts.seen(person, "wecom", EXTERNAL, BEFORE_DEADLINE)
        await session.execute(update(Application).values(updated_at=BEFORE_DEADLINE - timedelta(days=1)))
    assert await cmd_purge(config_of(stub), shipped_campaign.id, "2030-01-01") == 0
    assert "applications removed: 1" in capsys.readouterr().out
    async with stub.services.database.unit_of_work() as session:
        assert await session.get(Applicant, person) is None
        assert (await session.execute(select(ChannelContact.external_id))).scalars().all() == []

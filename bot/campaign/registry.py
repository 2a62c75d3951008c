"""The campaigns this process serves, by id, in the order of ``bot.toml``."""

from __future__ import annotations

from datetime import datetime

from bot.campaign.schema import Campaign
from bot.domain.deadline import on_time


class CampaignRegistry:
    def __init__(self, campaigns: list[Campaign]) -> None:
        if not campaigns:
            raise ValueError("at least one campaign is needed")
        self._by_id = {c.id: c for c in campaigns}
        self.all = list(campaigns)

    def get(self, campaign_id: str | None) -> Campaign | None:
        return self._by_id.get(campaign_id) if campaign_id else None

    def is_open(self, campaign: Campaign, now: datetime) -> bool:
        """Whether an action at ``now`` is on time (the deadline's second inclusive, plus grace)."""
        return on_time(now, campaign.deadline, campaign.deadline_grace_seconds)

    def open_ones(self, now: datetime) -> list[Campaign]:
        return [c for c in self.all if self.is_open(c, now)]

    @property
    def single(self) -> Campaign | None:
        return self.all[0] if len(self.all) == 1 else None

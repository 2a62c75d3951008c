"""The applicant's rights over their data (what they see of it is ``own_view``): erasing an
application that was never submitted (/delete), and the purge of a campaign past its retention.

What erasing removes is ``bot/usecases/erasure.py``. Files are content-addressed and may be shared
by several applications (the same PDF sent by two colleagues): a file is removed only when nothing
still needs it, and only after the rows are gone for good (``unused_files`` in the transaction,
``delete_files`` after its commit).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from bot.campaign.schema import Campaign
from bot.domain.status import ANSWERING, Status
from bot.usecases.erasure import drop_account_if_unused, erase_application, still_named
from storage.file_storage import FileStorage
from storage.models import Application
from storage.repositories import Repositories

# Statuses an applicant may erase themselves: nothing was ever submitted to staff.
ERASABLE = ANSWERING | {Status.ELIGIBLE}  # never submitted


def erasable(application: Application) -> bool:
    return (
        application.status in ERASABLE and application.submissions == 0 and application.submitted_at is None
    )


async def unused_files(repos: Repositories, shas: Iterable[str]) -> list[str]:
    """Of ``shas``, the ones nothing still needs (in this unit of work, after its deletions)."""
    return [sha for sha in sorted(set(shas)) if not await still_named(repos, sha)]


async def delete_files(files: FileStorage, shas: Iterable[str]) -> list[str]:
    """Remove the files of ``shas`` (call once the rows are committed away); the ones removed."""
    return [sha for sha in shas if await files.delete(sha)]


@dataclass
class PurgeReport:
    campaign: str
    before: datetime
    kept_until: datetime
    counts: dict[str, int] = field(default_factory=dict)  # by status and result: what is kept
    uploads: int = 0  # upload rows removed
    applicants: int = 0  # accounts removed (no application left)
    files_removed: list[str] = field(default_factory=list)
    files_kept: int = 0  # still named by another application
    refused: str = ""  # why nothing was done

    @property
    def applications(self) -> int:
        return sum(v for k, v in self.counts.items() if k.startswith("status:"))

    def lines(self) -> list[str]:
        if self.refused:
            return [f"campaign {self.campaign}: nothing removed: {self.refused}"]
        return [
            f"campaign {self.campaign}: applications last changed before {self.before.isoformat()}",
            f"applications removed: {self.applications} ({_counts(self.counts)})",
            f"upload rows removed: {self.uploads}",
            f"files removed: {len(self.files_removed)}",
            f"files kept (still used by other applications): {self.files_kept}",
            f"applicant accounts removed (nothing left): {self.applicants}",
            "kept: the counts above and the audit trail",
        ]


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"


async def purge_applications(
    repos: Repositories, campaign: Campaign, before: datetime, now: datetime, files: FileStorage | None = None
) -> tuple[PurgeReport, list[str]]:
    """Remove the campaign's applications last changed before ``before`` (with their upload rows),
    once the campaign is past its retention, keeping their counts by status and result in the
    audit trail; the report and the fingerprints of the files those rows named."""
    report = PurgeReport(campaign.id, before, campaign.kept_until)
    if now < campaign.kept_until:
        report.refused = f"kept until {campaign.kept_until.isoformat()} ([privacy] retention_days)"
        return report, []
    session = repos.session
    statement = select(Application).where(
        Application.campaign_id == campaign.id, Application.updated_at < before
    )
    shas: set[str] = set()
    applicants: set[int] = set()
    for application in list((await session.execute(statement)).scalars()):
        for key in (
            f"status:{application.status}",
            f"result:{application.result}" if application.result else "",
        ):
            if key:
                report.counts[key] = report.counts.get(key, 0) + 1
        report.uploads += len(await repos.uploads.of_application(application.id))
        applicants.add(application.applicant_id)
        applicants.update(m.applicant_id for m in await repos.members.of_application(application.id))
        shas.update(await erase_application(repos, campaign, application, files))
    for applicant_id in sorted(applicants):  # a membership of a live application keeps the account
        report.applicants += await drop_account_if_unused(repos, applicant_id)
    repos.audit.record(0, "purge", campaign.id, now, before=before.isoformat(), **report.counts)
    await session.flush()
    return report, sorted(shas)

"""The applicant's rights over their data (what they see of it is ``own_view``): erasing an
application that was never submitted (/delete), and the purge of a campaign past its retention.

Files are content-addressed and may be shared by several applications (the same PDF sent by two
colleagues): a file is removed only when no upload row names it any more, and only after the
rows are gone for good (``unused_files`` in the transaction, ``delete_files`` after its commit).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, select

from bot.campaign.schema import Campaign
from bot.domain.status import ANSWERING, Status
from storage.file_storage import FileStorage
from storage.models import Applicant, Application, OutboxMessage, Upload
from storage.repositories import Repositories

# Statuses an applicant may erase themselves: nothing was ever submitted to staff.
ERASABLE = ANSWERING | {Status.ELIGIBLE}  # never submitted


def erasable(application: Application) -> bool:
    return (
        application.status in ERASABLE and application.submissions == 0 and application.submitted_at is None
    )


async def erase_application(repos: Repositories, application: Application) -> list[str]:
    """Delete ``application`` with its upload rows and unsent reminders; the fingerprint of each
    upload row removed (for ``unused_files``)."""
    session = repos.session
    shas = [u.sha256 for u in await repos.uploads.of_application(application.id)]
    await session.execute(delete(Upload).where(Upload.application_id == application.id))
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.key.startswith(f"reminder:{application.id}:"), OutboxMessage.sent_at.is_(None)
        )
    )
    await session.delete(application)
    await session.flush()
    return shas


async def unused_files(repos: Repositories, shas: Iterable[str]) -> list[str]:
    """Of ``shas``, the ones no upload row names (in this unit of work, after its deletions)."""
    unused = []
    for sha in sorted(set(shas)):
        named = select(func.count()).select_from(Upload).where(Upload.sha256 == sha)
        if not await repos.session.scalar(named):
            unused.append(sha)
    return unused


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
    repos: Repositories, campaign: Campaign, before: datetime, now: datetime
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
        named = await erase_application(repos, application)
        report.uploads += len(named)
        shas.update(named)
        applicants.add(application.applicant_id)
    for applicant_id in applicants:
        left = await session.scalar(
            select(func.count()).select_from(Application).where(Application.applicant_id == applicant_id)
        )
        if not left:
            await session.execute(delete(Applicant).where(Applicant.id == applicant_id))
            report.applicants += 1
    repos.audit.record(0, "purge", campaign.id, now, before=before.isoformat(), **report.counts)
    await session.flush()
    return report, sorted(shas)

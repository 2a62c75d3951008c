"""Verified applications as enterprises really fill them in (name, district, industry) with
their case studies stored and checked, ready to be ranked and announced. For the 公示 list
and 案例集 tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.campaign.schema import Campaign
from storage.db import Database
from storage.file_storage import FileStorage
from storage.models import Application, Upload
from tests.case.builders import CaseDoc, make_case
from tests.support.seed import seed_verified

# (enterprise name, district option id, industry option id, a sentence only its case has)
ENTERPRISES = [
    (
        "重庆长江智能装备制造有限公司",
        "yubei",
        "equipment",
        "长江装备建成了焊装车间数字孪生系统，设备联网率达到98%。",
    ),
    (
        "重庆渝新电子科技股份有限公司",
        "shapingba",
        "electronics",
        "渝新电子上线了SMT产线的AOI视觉检测，漏检率下降至0.3%。",
    ),
    (
        "重庆巴渝化工集团有限公司",
        "changshou",
        "chemicals",
        "巴渝化工把DCS与MES打通，批次追溯时间由2天缩短到15分钟。",
    ),
]


@dataclass(frozen=True)
class SeededEnterprise:
    user: int
    number: str
    name: str
    case_sentence: str


def case_with(campaign: Campaign, sentence: str) -> CaseDoc:
    """A passing case whose 实施步骤 section holds ``sentence`` and a table of results."""
    assert campaign.case is not None

    def extra(case: CaseDoc) -> None:
        case.paragraph(sentence)
        case.table([["指标", "实施前", "实施后"], ["生产效率", "100件/班", "135件/班"]])

    return make_case(campaign.case, extra={3: extra})


async def seed_with_cases(
    database: Database, files: FileStorage, campaign: Campaign, now: datetime, first_user: int = 20_000
) -> list[SeededEnterprise]:
    """One verified application per ``ENTERPRISES`` entry, ranked in that order, each with a
    failing first case version and a passing second one (the one a casebook must hold)."""
    made = await seed_verified(database, campaign, len(ENTERPRISES), now, first_user)
    seeded = []
    async with database.unit_of_work() as session:
        for (user, number), (name, district, industry, sentence) in zip(made, ENTERPRISES, strict=True):
            application = (
                await session.execute(select(Application).where(Application.number == number))
            ).scalar_one()
            application.form = {"enterprise_name": name, "district": district, "industry": industry}
            draft = await files.put(f"{name}：初稿，未通过检查".encode())
            final = await files.put(case_with(campaign, sentence).to_bytes())
            for version, (stored, ok) in enumerate(((draft, False), (final, True)), start=1):
                session.add(
                    Upload(
                        application_id=application.id,
                        kind="case_docx",
                        version=version,
                        file_name="案例.docx",
                        sha256=stored.sha256,
                        size=stored.size,
                        ok=ok,
                        report={},
                        uploaded_at=now,
                    )
                )
            seeded.append(SeededEnterprise(user, number, name, sentence))
    return seeded

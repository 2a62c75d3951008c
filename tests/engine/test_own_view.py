"""``/mydata`` is the applicant's own view: their data, files and the decisions told to them,
never who reviews them, who objected, conflict declarations, internal notes or staff names."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.campaign.schema import Campaign
from bot.engine.effects import SendFile
from bot.usecases.results import ANNOUNCED
from storage.models import Application
from storage.repositories import Repositories
from tests.engine.test_eligibility_flow import USER
from tests.engine.test_submit_flow import a_pdf
from tests.engine.test_upload_names import confirmed_form
from tests.support.stub import BEFORE_DEADLINE, Stub

EXPERT, DISTRICT_OFFICER, STAFF = 918273645, 827364519, 736451928
# Every string that must never reach the applicant, whatever is stored about their application.
NEVER = {
    "expert id": str(EXPERT),
    "district officer id": str(DISTRICT_OFFICER),
    "staff id": str(STAFF),
    "expert name": "评审专家欧阳明",
    "conflict reason": "曾任该企业技术顾问",
    "objector name": "举报人司马青",
    "objector phone": "13912345678",
    "objection text": "该企业产值数据造假",
    "staff name": "审核员诸葛亮",
    "internal note": "内部备注请勿外传",
    "case score": "87.5",
}


async def seed_review(stub: Stub, campaign: Campaign) -> None:
    """Everything reviewers, objectors and staff leave on the application, stored as they store it."""
    now = BEFORE_DEADLINE
    async with stub.services.database.unit_of_work() as session:
        repos = Repositories(session)
        application = (await session.execute(select(Application))).scalar_one()
        number = application.number or str(application.id)
        application.expert_id = EXPERT
        application.expert_conflicts = [EXPERT]
        application.district_opinion = "recommend"
        application.district_opinion_text = "同意推荐"
        application.district_opinion_by = DISTRICT_OFFICER
        application.district_opinion_at = now
        application.case_score = NEVER["case score"]
        application.verification = {
            "items": [
                {"id": "output", "label": "产值", "reported": "1亿", "consistent": True, "verified": None}
            ],
            "expert": EXPERT,
            "opened_at": now.isoformat(),
            "done_at": now.isoformat(),
        }
        await repos.objections.add(
            application.id,
            f"{NEVER['objector name']} {NEVER['objector phone']} {NEVER['objection text']}",
            STAFF,
            now,
        )
        audit = repos.audit
        audit.record(STAFF, "assign", number, now, expert=EXPERT, by=NEVER["staff name"])
        audit.record(
            EXPERT, "conflict", number, now, reason=NEVER["conflict reason"], by=NEVER["expert name"]
        )
        audit.record(STAFF, "objection", number, now, text=NEVER["objection text"], by=NEVER["staff name"])
        audit.record(STAFF, "casescore", number, now, score=NEVER["case score"], by=NEVER["staff name"])
        audit.record(
            STAFF, "accept", number, now, before="submitted", after="accepted", by=NEVER["staff name"]
        )
        audit.record(
            STAFF,
            "return",
            number,
            now,
            after="returned",
            reason="请补盖公章",
            note=NEVER["internal note"],
            by=NEVER["staff name"],
        )
        audit.record(DISTRICT_OFFICER, "recommend", number, now, opinion="同意推荐", by=NEVER["expert name"])
        await repos.settings.put(ANNOUNCED.format(campaign=campaign.id), "1")  # the worst case: results out


async def my_data(stub: Stub) -> tuple[str, dict]:  # type: ignore[type-arg]
    await stub.command(USER, "/mydata")
    [sent] = [e for e in stub.last_effects if isinstance(e, SendFile)]
    return sent.data.decode("utf-8"), json.loads(sent.data)


async def test_mydata_never_names_reviewers_objectors_or_staff(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await confirmed_form(stub)
    await stub.document(USER, "推荐表（盖章）.pdf", a_pdf(2))
    await seed_review(stub, shipped_campaign)
    text, data = await my_data(stub)
    leaked = {what: s for what, s in NEVER.items() if s in text}
    assert not leaked, leaked
    [application] = data["applications"]
    # What is theirs, and what was decided and told to them, is all there.
    assert application["form"]["enterprise_name"] == "重庆两江智能制造有限公司"
    assert [f["file_name"] for f in application["files"]] == ["推荐表（盖章）.pdf"]
    assert application["district_opinion_text"] == "同意推荐"
    assert application["verification"]["items"][0]["consistent"] is True
    actions = [entry["action"] for entry in application["history"]]
    assert "accept" in actions and "return" in actions and "recommend" in actions
    assert not {"assign", "conflict", "objection", "casescore"} & set(actions)
    assert next(e for e in application["history"] if e["action"] == "return")["reason"] == "请补盖公章"

"""A case study that would fetch something when opened (a remote template) is refused at upload
with a clear message in the applicant's language, and nothing is kept."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from tests.case.builders import make_case
from tests.documents.test_documents_clean import with_relationship
from tests.engine.test_case_any_stage import case_versions
from tests.engine.test_eligibility_flow import USER, begin
from tests.support.stub import Stub


async def test_a_remote_template_is_refused_in_both_languages(stub: Stub, shipped_campaign: Campaign) -> None:
    assert shipped_campaign.case is not None
    case = make_case(shipped_campaign.case).to_bytes()
    remote = with_relationship(
        case, "word/_rels/settings.xml.rels", "attachedTemplate", "http://evil.example/t.dotm"
    )
    await begin(stub)
    [refused] = await stub.document(USER, "案例.docx", remote)
    assert "网络" in refused.plain and "已收到案例" not in refused.plain
    await stub.command(USER, "/lang")
    await stub.press(USER, "English")
    [in_english] = await stub.document(USER, "case.docx", remote)
    assert "internet" in in_english.plain
    [accepted] = await stub.document(USER, "案例.docx", case)  # the same case without the link is taken
    assert "(version 1)" in accepted.plain or "第1版" in accepted.plain
    assert await case_versions(stub) == [1]

"""The package staff receive in their group: a summary with buttons, both files, the check report."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, NamedTuple

from bot.campaign.schema import Campaign
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.engine.buttons import Accept, Details, OfApplication, ReturnPackage
from bot.engine.effects import InlineButton, InlineKeyboard
from bot.engine.outbox_payload import file_payload, message_payload
from bot.engine.request import Deps
from bot.usecases.checklist import Checklist
from bot.usecases.display import StaffView
from bot.usecases.districts import opinion_context
from bot.usecases.duplicates import duplicates_of
from bot.usecases.form_values import printed_values
from bot.usecases.people import Districts, StaffDesk
from storage.models import Application
from storage.repositories import Repositories


class Package(NamedTuple):
    campaign: Campaign
    application: Application
    items: Checklist
    resubmission: bool


log = logging.getLogger(__name__)
STAFF_LANG = OFFICIAL_LANGUAGE  # the staff group reads the package in the language of the form


def staff_keyboard(deps: Deps, application: Application) -> InlineKeyboard:
    def button(label: str, kind: type[OfApplication]) -> InlineButton:
        return InlineButton(deps.renderer.label(STAFF_LANG, label), deps.codec.encode(kind(application.id)))

    return InlineKeyboard(
        rows=((button("accept", Accept), button("return", ReturnPackage)), (button("details", Details),))
    )


def staff_file_name(deps: Deps, application: Application, part: str, version: int) -> str:
    """The name staff receive a file under (``<number>-<kind>-v<version>.pdf``): made by the bot from
    what the file was checked to be, never the applicant's own name or extension, so the name's
    type is the file's type. The applicant's name stays on the upload row, for display."""
    return deps.renderer.render(
        STAFF_LANG, "staff/file_name", number=application.number or application.id, part=part, version=version
    )


def package_context(
    deps: Deps, campaign: Campaign, application: Application, items: Checklist
) -> dict[str, Any]:
    form = campaign.form
    fields = printed_values(StaffView(deps.renderer, STAFF_LANG), campaign, form, application) if form else {}
    labels = {f.id: f.label.zh_CN for f in form.fields} if form else {}
    types = {f.id: f.type for f in form.fields} if form else {}
    report = items.case.report if items.case else {}
    return {
        "number": application.number,
        "campaign": campaign.name.zh_CN,
        "fields": [{"label": labels[k], "value": v, "type": types[k]} for k, v in fields.items()],
        "submissions": application.submissions,
        "case": report,
        "pdf_pages": items.pdf.report.get("pages") if items.pdf else None,
        "opinion": opinion_context(deps.part(Districts).all, campaign, application),
    }


async def queue_package(
    deps: Deps,
    repos: Repositories,
    now: datetime,
    package: Package,
) -> bool:
    """Queue the package for the staff chat; False when no staff chat is configured."""
    campaign, application, items, resubmission = package
    chat = deps.part(StaffDesk).chat_id
    if not chat:
        log.warning("no telegram.staff_chat_id configured; package %s not sent to staff", application.number)
        return False
    key = f"package:{application.id}:{application.submissions}"
    context = package_context(deps, campaign, application, items)
    render = deps.renderer.render
    found = await duplicates_of(repos, campaign, application)
    duplicates = [{"kind": d.kind, "number": d.number} for d in found]
    summary = render(STAFF_LANG, "staff/package", resubmission=resubmission, duplicates=duplicates, **context)
    outbox = repos.outbox
    await outbox.enqueue(
        f"{key}:summary", chat, message_payload(summary, staff_keyboard(deps, application)), now
    )
    for part, upload in (("pdf", items.pdf), ("case", items.case)):
        if upload is not None:
            caption = render(
                STAFF_LANG, f"staff/{part}_caption", number=application.number, version=upload.version
            )
            name = staff_file_name(deps, application, part, upload.version)
            await outbox.enqueue(f"{key}:{part}", chat, file_payload(upload.sha256, name, caption), now)
    await outbox.enqueue(
        f"{key}:report", chat, message_payload(render(STAFF_LANG, "staff/case_report", **context)), now
    )
    return True

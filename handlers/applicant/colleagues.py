"""Colleagues on one application: /invite gives a one-time link (``/start join-<code>``) that
expires after ``[colleagues] invite_hours``; a colleague who opens it joins the application and
can do everything the first contact does; /members lists everyone, and the first contact removes
a colleague with a button (their unused invites go with them) or hands the role over
(/handover). Every step is audited with who took it."""

from __future__ import annotations

from bot.domain.permissions import Action
from bot.engine.buttons import HandOver, RemoveMember
from bot.engine.events import Button, Command
from bot.engine.request import Request, keyboard
from bot.usecases.team import hand_over, on_team, remove_colleague
from handlers.applicant import start
from handlers.common import active_application, audit_applicant, notify_everyone
from handlers.permits import permitted
from storage.models import Application, Invite

JOIN_PREFIX = "join-"


async def on_invite(request: Request) -> None:
    found = await active_application(request)
    if found is None:
        request.say("colleagues/no_application")
        return
    campaign, application = found
    now = request.now()
    invite = await request.repos.invites.create(
        application.id, request.applicant.id, now, now + request.deps.invite_ttl
    )
    audit_applicant(request, "invite", application, expires_at=invite.expires_at.isoformat())
    start = f"{JOIN_PREFIX}{invite.code}"
    username = request.deps.identity.username
    request.say(
        "colleagues/invite",
        number=application.number,
        name=campaign.name.get(request.lang),
        link=f"https://t.me/{username}?start={start}" if username else None,
        command=f"/start {start}",
        expires=invite.expires_at.astimezone(campaign.zone),
    )


async def on_start(request: Request) -> None:
    """``/start``, which also carries an invitation (``/start join-<code>``, the t.me link)."""
    assert isinstance(request.event, Command)
    wanted = request.event.args.split()[0] if request.event.args else ""
    if wanted.startswith(JOIN_PREFIX):
        await on_join(request, wanted.removeprefix(JOIN_PREFIX))
    else:
        await start.on_start(request)


async def on_join(request: Request, code: str) -> None:
    """``/start join-<code>``: join the application the code was made for, once, before it expires."""
    invite = await request.repos.invites.take(code)
    application = await _joinable(request, invite)
    if invite is None or application is None:
        return
    campaign = request.deps.campaigns.get(application.campaign_id)
    if campaign is None:
        request.say("colleagues/invite_invalid", reason="unknown")
        return
    sender = request.event.sender
    invite.used_by, invite.used_at = request.applicant.id, request.now()
    audit_applicant(request, "join", application, invited_by=invite.created_by)
    await notify_everyone(  # those already on it; the one joining is told below
        request,
        application,
        f"joined:{application.id}:{request.applicant.id}",
        lambda lang: request.deps.renderer.render(
            lang, "colleagues/joined_notice", who=sender.first_name, number=application.number
        ),
    )
    await request.repos.members.add(
        application, request.applicant.id, sender.first_name, invite.created_by, request.now()
    )
    request.say("colleagues/joined", number=application.number, name=campaign.name.get(request.lang))
    await start.offer(request, campaign)


async def _joinable(request: Request, invite: Invite | None) -> Application | None:
    """The invite's application, if this applicant may join it now; else say why not."""
    if invite is None or invite.used_at is not None or request.now() >= invite.expires_at:
        reason = "unknown" if invite is None else "used" if invite.used_at is not None else "expired"
        request.say("colleagues/invite_invalid", reason=reason)
        return None
    application = await request.repos.applications.by_id(invite.application_id)
    if application is None or not await on_team(request.repos, application, invite.created_by):
        request.say("colleagues/invite_invalid", reason="unknown")  # its author left: it died with them
        return None
    mine = await request.repos.applications.find(application.campaign_id, request.applicant.id)
    if mine is not None:
        same = mine.id == application.id
        request.say("colleagues/already_on" if same else "colleagues/has_own", number=mine.number)
        return None
    return application


async def on_members(request: Request) -> None:
    found = await active_application(request)
    if found is None:
        request.say("colleagues/no_application")
        return
    _, application = found
    await show_members(request, application)


async def show_members(request: Request, application: Application) -> None:
    members = await request.repos.members.of_application(application.id)
    first_contact = await permitted(request, Action.MANAGE_TEAM, application)
    buttons = [
        [
            request.button(
                request.label("remove_member", name=m.name or str(m.applicant_id)),
                RemoveMember(m.applicant_id),
            )
        ]
        for m in members
    ]
    request.say(
        "colleagues/members",
        keyboard=keyboard(*buttons) if first_contact and buttons else None,
        number=application.number,
        you_first=first_contact,
        members=[
            {"name": m.name, "joined": m.joined_at, "you": m.applicant_id == request.applicant.id}
            for m in members
        ],
    )


async def on_remove(request: Request, pressed: RemoveMember) -> None:
    """The first contact removes that colleague from the application."""
    assert isinstance(request.event, Button)
    found = await active_application(request)
    if found is None:
        request.answer(request.event.callback_id, request.label("stale_button"), alert=True)
        return
    _, application = found
    if not await permitted(request, Action.MANAGE_TEAM, application):
        request.answer(request.event.callback_id, request.label("first_contact_only"), alert=True)
        return
    member_id = pressed.member
    if not await remove_colleague(request.repos, application, member_id):
        request.answer(request.event.callback_id, request.label("stale_button"), alert=True)
        return
    audit_applicant(request, "remove_member", application, member=member_id)
    removed = await request.repos.members.person(member_id)  # not locked: no lock-order cycle
    if removed is not None:
        text = request.deps.renderer.render(
            removed.lang, "colleagues/removed_notice", number=application.number
        )
        await request.notify(
            removed.chat_id, f"removed:{application.id}:{member_id}:{request.now().isoformat()}", text
        )
    request.answer(request.event.callback_id, request.label("done"))
    await show_members(request, application)


async def on_handover(request: Request) -> None:
    """/handover: the first contact picks the colleague who takes the role over."""
    found = await active_application(request)
    if found is None:
        request.say("colleagues/no_application")
        return
    _, application = found
    if not await permitted(request, Action.MANAGE_TEAM, application):
        request.say("colleagues/handover_first_contact_only", number=application.number)
        return
    members = await request.repos.members.of_application(application.id)
    buttons = [
        [
            request.button(
                request.label("hand_over_to", name=m.name or str(m.applicant_id)), HandOver(m.applicant_id)
            )
        ]
        for m in members
    ]
    request.say(
        "colleagues/handover_pick",
        keyboard=keyboard(*buttons) if buttons else None,
        number=application.number,
        none=not buttons,
    )


async def on_hand_over(request: Request, pressed: HandOver) -> None:
    """The first contact's choice: that colleague becomes the first contact, they stay a colleague."""
    assert isinstance(request.event, Button)
    found = await active_application(request)
    if found is None or not await permitted(request, Action.MANAGE_TEAM, found[1]):
        request.answer(request.event.callback_id, request.label("first_contact_only"), alert=True)
        return
    _, application = found
    name = request.event.sender.first_name
    if not await hand_over(request.repos, application, pressed.member, name, request.now()):
        request.answer(request.event.callback_id, request.label("stale_button"), alert=True)
        return
    audit_applicant(request, "hand_over", application, to=pressed.member)
    successor = await request.repos.members.person(pressed.member)
    if successor is not None:
        text = request.deps.renderer.render(
            successor.lang, "colleagues/handed_over_notice", number=application.number
        )
        await request.notify(
            successor.chat_id, f"handover:{application.id}:{request.now().isoformat()}", text
        )
    request.answer(request.event.callback_id, request.label("done"))
    request.say("colleagues/handed_over", number=application.number)

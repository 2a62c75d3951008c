"""/help for staff: every staff command with its syntax and an example. In a staff member's private
chat the applicant's help comes first, since they may apply there too."""

from __future__ import annotations

from bot.engine.request import Request


async def on_help(request: Request) -> None:
    if request.event.sender.is_private:
        request.say("help")
    request.say("staff/help")

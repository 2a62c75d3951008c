"""Bot-level methods: identity, updates (long polling and webhook settings), commands."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from bot.sandbox.models import ApiError, JsonDict
from bot.sandbox.params import get_int, get_str
from bot.sandbox.registry import Files, api_method
from bot.sandbox.state import NO_WEBHOOK, SandboxState

_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


@api_method("getMe")
async def get_me(state: SandboxState, params: JsonDict, files: Files) -> JsonDict:
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@api_method("getUpdates")
async def get_updates(state: SandboxState, params: JsonDict, files: Files) -> list[JsonDict]:
    """Long polling: confirm by offset, then wait up to ``timeout`` seconds for updates."""
    if state.webhook["url"]:
        raise ApiError(409, _WEBHOOK_CONFLICT)
    if params.get("offset") is not None:
        state.confirm(get_int(params, "offset"))
    limit = min(max(get_int(params, "limit", 100), 1), 100)
    timeout = max(get_int(params, "timeout", 0), 0)
    state.set_allowed_updates(params.get("allowed_updates"))
    generation = state.begin_poll()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not state.available_updates() and not state.closing:
        if not await state.wait_change(deadline - loop.time()):
            break
        if state.poll_generation != generation:
            raise ApiError(409, _POLL_CONFLICT)
    return state.take_updates(limit)


@api_method("setWebhook")
async def set_webhook(state: SandboxState, params: JsonDict, files: Files) -> bool:
    """Store the webhook; while its url is set the emulator POSTs updates to it (see ``webhook``)."""
    url = get_str(params, "url", "") or ""
    if url and not url.startswith("https://") and not url.startswith("http://"):
        raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    secret = get_str(params, "secret_token", "") or None
    if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
        raise ApiError(400, "Bad Request: secret token contains unallowed characters")
    max_connections = min(max(get_int(params, "max_connections", 40), 1), 100)
    if params.get("drop_pending_updates"):
        state.drop_pending()
    state.set_allowed_updates(params.get("allowed_updates"))
    state.set_webhook(
        {
            "url": url,
            "secret_token": secret,
            "allowed_updates": params.get("allowed_updates"),
            "max_connections": max_connections,
        }
        if url
        else NO_WEBHOOK
    )
    return True


@api_method("deleteWebhook")
async def delete_webhook(state: SandboxState, params: JsonDict, files: Files) -> bool:
    if params.get("drop_pending_updates"):
        state.drop_pending()
    state.set_webhook(NO_WEBHOOK)
    return True


@api_method("getWebhookInfo")
async def get_webhook_info(state: SandboxState, params: JsonDict, files: Files) -> JsonDict:
    info: JsonDict = {
        "url": state.webhook["url"],
        "has_custom_certificate": False,
        "pending_update_count": state.pending_updates(),
    }
    if state.webhook["url"]:
        info["max_connections"] = state.webhook.get("max_connections") or 40
        if state.webhook.get("allowed_updates"):
            info["allowed_updates"] = state.webhook["allowed_updates"]
        if state.webhook_last_error is not None:
            info["last_error_date"], info["last_error_message"] = state.webhook_last_error
    return info


def scope_key(scope: Any) -> str:
    """Key of a BotCommandScope: "default", "all_private_chats", "chat:42", "chat_member:42:7"..."""
    if not scope:
        return "default"
    if not isinstance(scope, dict) or "type" not in scope:
        raise ApiError(400, "Bad Request: can't parse BotCommandScope JSON object")
    parts = [str(scope["type"])]
    parts += [str(scope[key]) for key in ("chat_id", "user_id") if key in scope]
    return ":".join(parts)


def _commands_key(params: JsonDict) -> tuple[str, str]:
    return scope_key(params.get("scope")), get_str(params, "language_code", "") or ""


@api_method("setMyCommands")
async def set_my_commands(state: SandboxState, params: JsonDict, files: Files) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise ApiError(400, "Bad Request: can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND_NAME.fullmatch(str(command.get("command", ""))):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
    key = _commands_key(params)
    if commands:
        state.commands[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
    else:
        state.commands.pop(key, None)
    return True


@api_method("getMyCommands")
async def get_my_commands(state: SandboxState, params: JsonDict, files: Files) -> list[JsonDict]:
    return state.commands.get(_commands_key(params), [])


@api_method("deleteMyCommands")
async def delete_my_commands(state: SandboxState, params: JsonDict, files: Files) -> bool:
    state.commands.pop(_commands_key(params), None)
    return True


@api_method("close")
async def close(state: SandboxState, params: JsonDict, files: Files) -> bool:
    return True


@api_method("logOut")
async def log_out(state: SandboxState, params: JsonDict, files: Files) -> bool:
    return True


async def _accept(state: SandboxState, params: JsonDict, files: Files) -> bool:
    """Settings the emulator only records (see ``emu.calls``)."""
    return True


for _name in (
    "setMyDescription",
    "setMyShortDescription",
    "setMyName",
    "setChatMenuButton",
    "setMyDefaultAdministratorRights",
):
    api_method(_name)(_accept)

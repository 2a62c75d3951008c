"""The languages the bot speaks, and which one each audience reads. The one place these are named:
everything else imports them."""

from __future__ import annotations

LANGUAGES = ("zh_CN", "en")

# An applicant's language until they choose another with /lang; also the command menu of a
# Telegram client in a language the bot does not speak.
DEFAULT_LANGUAGE = "zh_CN"

# What the commission's staff, the district departments and the experts read, and what the form,
# the exports, the ranking, the publicity list and the case template are printed in: the notice's
# language, whatever the applicant chose.
OFFICIAL_LANGUAGE = "zh_CN"

# The Telegram client language (IETF code) for which the bot sets a command menu of its own, and
# the bot's language of that menu; other clients get the menu in ``DEFAULT_LANGUAGE``.
CLIENT_MENUS = {"en": "en"}

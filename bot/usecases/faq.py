"""Questions answered from the notice: the campaign's FAQ, its facts, and the figures asked about.

``best_answer`` matches a typed question against the FAQ of each campaign given (``bot/rules/
faq_match.py``) and, when one entry clearly is the question, renders that entry's answer from
the campaign's own facts (the deadline, the recognition years, the minimum level, the word
counts, the contacts …: written once in the campaign file, never repeated in the FAQ) and the
figures the question names (``2017年认定的`` → ``asked.year`` = 2017), with the clause it quotes.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

import cn2an
from jinja2 import Environment, Template
from markupsafe import Markup

from bot.campaign.schema import Campaign, FaqEntry
from bot.rules.faq_match import FaqMatcher, Match, normalise, phrases_of
from bot.usecases.contacts import contact_rows

_CN_DIGITS = "零〇一二三四五六七八九十百千万两"
_YEAR = re.compile(rf"((?:19|20)\d\d|[{_CN_DIGITS}]{{4}})\s*年")
_LEVEL = re.compile(r"(?:([1-5一二三四五])\s*级|level\s*([1-5]))", re.IGNORECASE)
_CHARS = re.compile(rf"([\d.]+\s*[千kK万]?|[{_CN_DIGITS}]+)\s*(?:个)?(?:字|characters|chars|words)")
_PLACE_SUFFIXES = ("经开区", "新区", "高新区", "自治县", "区", "县")

_matchers: dict[int, tuple[list[FaqEntry], FaqMatcher]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class FaqAnswer:
    campaign: Campaign
    entry: FaqEntry
    match: Match


def places_of(campaign: Campaign) -> list[str]:
    """Every place name the campaign knows (districts with their other and former names, the
    places outside the region), and each without its 区 / 县 / 新区 ending."""
    names: list[str] = []
    for field in campaign.form.fields if campaign.form else []:
        if field.type != "district":
            continue
        for option in field.options:
            names += [option.text.zh_CN, option.text.en, *option.aliases, *option.former]
        names += field.outside
    short = [n[: -len(s)] for n in names for s in _PLACE_SUFFIXES if n.endswith(s) and len(n) - len(s) >= 2]
    home = campaign.form.home_place if campaign.form else ""
    return [n for n in names + short if not home or n not in (home, home + "市")]  # 重庆高新区 → not 重庆


def matcher_for(campaign: Campaign) -> FaqMatcher:
    """The campaign's matcher, built once (jieba cuts every way of asking)."""
    found = _matchers.get(id(campaign.faq))
    if found is None or found[0] is not campaign.faq:
        with _lock:
            entries = [(e.id, phrases_of([e.asked.zh_CN, e.asked.en])) for e in campaign.faq]
            common = " ".join([campaign.name.zh_CN, campaign.name.en])
            found = (campaign.faq, FaqMatcher(entries, places_of(campaign), common))
            _matchers[id(campaign.faq)] = found
    return found[1]


def best_answer(campaigns: list[Campaign], text: str) -> FaqAnswer | None:
    """The FAQ entry of one of ``campaigns`` that ``text`` clearly asks (the best score wins)."""
    best: FaqAnswer | None = None
    for campaign in campaigns:
        if not campaign.faq:
            continue
        match = matcher_for(campaign).match(text)
        if match is not None and (best is None or match.score > best.match.score):
            entry = next(e for e in campaign.faq if e.id == match.entry)
            best = FaqAnswer(campaign, entry, match)
    return best


def _number(raw: str) -> int | None:
    raw = raw.strip().lower()
    factor = 1
    if raw[-1:] in ("千", "k"):
        raw, factor = raw[:-1], 1000
    elif raw[-1:] == "万":
        raw, factor = raw[:-1], 10000
    try:
        value = float(raw) if raw[:1].isdigit() else float(cn2an.cn2an(raw, "smart"))
    except (ValueError, KeyError, TypeError):
        return None
    return int(value * factor)


def asked_figures(text: str) -> dict[str, int | None]:
    """The year, maturity level and number of characters the question names (None if none)."""
    clean = normalise(text)
    year = _YEAR.search(clean)
    level = _LEVEL.search(clean)
    chars = _CHARS.search(clean)
    level_text = (level.group(1) or level.group(2)) if level else None
    return {
        "year": _number(year.group(1)) if year else None,
        "level": _number(level_text) if level_text else None,
        "chars": _number(chars.group(1)) if chars else None,
    }


def facts(campaign: Campaign, lang: str) -> dict[str, Any]:
    """The campaign's facts an FAQ answer may name."""
    year_question = next((q for q in campaign.questions if q.kind == "year" and q.min is not None), None)
    levels = [q.min_level for q in campaign.questions if q.min_level is not None]
    min_level = max(levels) if levels else None
    contacts = contact_rows(campaign, lang)
    case = campaign.case
    return {
        "deadline": campaign.deadline.astimezone(campaign.zone),
        "years": (int(year_question.min or 0), int(year_question.max or 0)) if year_question else (0, 0),
        "min_level": min_level,
        "min_level_name": campaign.level_name(min_level, lang) if min_level else "",
        "min_total_chars": case.min_total_chars if case else 0,
        "sections": [{"title": s.title, "target": s.target} for s in case.sections] if case else [],
        "case_template_title": case.template_title if case else "",
        "form_title": campaign.form.title if campaign.form else "",
        "top_n": campaign.ranking.top_n,
        "fail_at": campaign.review.fail_at_inconsistencies,
        "casebook_title": campaign.ranking.casebook_title,
        "contacts": contacts,
        "mailbox": next((c["email"] for c in contacts if c["email"]), ""),
    }


_templates: dict[tuple[int, str], Template] = {}


def render_answer(env: Environment, found: FaqAnswer, text: str, lang: str) -> dict[str, Any]:
    """The context of ``faq/answer``: the answer (HTML-escaped), the clause's reference and text."""
    source = found.entry.answer.get(lang)
    key = (id(env), source)
    template = _templates.get(key)
    if template is None:
        template = _templates[key] = env.from_string(source)
    answer = template.render(**facts(found.campaign, lang), asked=asked_figures(text))
    clause = found.campaign.faq_clause(found.entry)
    return {
        "answer": Markup(answer.strip()),
        "ref": clause.ref if clause else "",
        "clause": clause.text.get(lang) if clause else "",
        "campaign": found.campaign.name.get(lang),
    }

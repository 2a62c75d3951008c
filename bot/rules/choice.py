"""Match typed text to one option of a choice field (所属区县, 所属行业, …).

Steps, in order; the first step that finds anything decides:

1. exact: the option's id, Chinese or English text, or an alias (case and spaces ignored);
2. short form: both sides (the option's own texts, not aliases) with a trailing
   administrative suffix removed
   (``渝北`` = ``渝北区``, ``石柱县`` = ``石柱土家族自治县``, ``Yubei`` = ``Yubei District``);
3. containment: an option's full text or alias occurs inside the input
   (``重庆市渝北区`` → 渝北区, ``汽车制造`` → 汽车); a name inside a longer matched name yields;
4. prefix (Chinese): the input's short form begins exactly one option's short form (``沙坪`` → 沙坪坝区).

Before step 1, a name of a place outside the campaign's region (``outside``: 成都, 宁波 …) in the
input refuses it, so that 成都高新区 never becomes the home region's 高新区. After step 2, a former
name of an option (``Option.former``: 双桥区 → 大足区) is answered with a "did you mean" rather
than taken silently.

Errors: ``choice_unknown`` (text), ``choice_ambiguous`` (text, candidates: option ids,
labels: ``[{"zh_CN": …, "en": …}]`` of those options), ``choice_outside`` (text, place: the
outside name found), ``choice_renamed`` (text, former: the old name, candidates, labels).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.campaign.schema import Option
from bot.rules.errors import RuleError
from bot.rules.text_norm import normalise_compact, normalise_line

# fmt: off
_ETHNIC = (
    "土家族", "苗族", "回族", "藏族", "彝族", "壮族", "满族", "蒙古族", "侗族", "瑶族", "白族",
    "哈尼族", "傣族", "黎族", "羌族", "布依族", "仡佬族", "畲族", "水族", "纳西族",
)
_ZH_SUFFIX = re.compile(
    "(?:(?:" + "|".join(_ETHNIC) + ")*自治[县州旗]"
    "|经济技术开发区|经济开发区|高新技术产业开发区|经开区|高新区|新区|开发区"
    "|行业|产业|地区|[区县市])$"
)
_EN_ADMIN_WORDS = frozenset({
    "district", "county", "autonomous", "new", "area", "zone", "economic", "development", "and",
    "industry", "sector",
    "tujia", "miao", "hui", "tibetan", "yi", "zhuang", "manchu", "mongol", "dong", "yao", "bai",
})
# fmt: on
_PARENTHESES = re.compile(r"\([^)]*\)")
_IGNORED = re.compile(r"['\u2019\-]")
_CJK = re.compile(r"[\u3400-\u9fff]")
MIN_PARTIAL = 2  # characters: containment and prefix matches need at least this much text


def _key(text: str) -> str:
    """Comparison key: folded, no spaces, apostrophes or hyphens (``Nan'an`` = ``nanan``)."""
    return _IGNORED.sub("", normalise_compact(text).casefold())


def short_form(text: str) -> str:
    """The name without its trailing administrative suffix: ``石柱土家族自治县`` → ``石柱``."""
    if _CJK.search(text):
        return _ZH_SUFFIX.sub("", _key(text))
    words = _PARENTHESES.sub(" ", normalise_line(text).casefold()).split()
    while words and words[-1] in _EN_ADMIN_WORDS:
        words.pop()
    return _key("".join(words))


def _names(option: Option) -> list[str]:
    """Texts a person may type for the option (the id is matched exactly only)."""
    return [option.text.zh_CN, option.text.en, *option.aliases]


def _texts(option: Option) -> list[str]:
    """The option's own texts. Aliases are not shortened: the short form of an alias such as
    ``重庆高新区`` would be ``重庆``, which names the whole city, not the zone."""
    return [option.text.zh_CN, option.text.en]


def _exact(text: str, option: Option) -> bool:
    key = _key(text)
    return key == option.id.casefold() or any(key == _key(n) for n in _names(option))


def _short(text: str, option: Option) -> bool:
    short = short_form(text)
    return bool(short) and any(short == short_form(n) for n in _texts(option))


def _contained_name(text: str, option: Option) -> str:
    """The longest of the option's names found inside ``text`` ('' if none)."""
    key = _key(text)
    found = [_key(n) for n in _names(option) if len(_key(n)) >= MIN_PARTIAL and _key(n) in key]
    return max(found, key=len, default="")


def _prefix(text: str, option: Option) -> bool:
    """Chinese only: an English prefix such as ``Chongqing`` says too little."""
    short = short_form(text)
    if len(short) < MIN_PARTIAL or not _CJK.search(short):
        return False
    return any(short_form(n).startswith(short) for n in _texts(option) if _CJK.search(n))


def _containment(text: str, options: Sequence[Option]) -> list[Option]:
    named = [(o, _contained_name(text, o)) for o in options]
    named = [(o, n) for o, n in named if n]
    # 「智能终端电子」 contains both 电子 and 智能终端电子: the longer, more specific name wins.
    return [o for o, n in named if not any(n != m and n in m for _, m in named)]


def _unique(text: str, found: list[Option]) -> Option | None:
    distinct = list({o.id: o for o in found}.values())
    if len(distinct) > 1:
        raise RuleError(
            "choice_ambiguous",
            text=text.strip(),
            candidates=[o.id for o in distinct],
            labels=[o.text.model_dump() for o in distinct],
        )
    return distinct[0] if distinct else None


_WORD = re.compile(r"[a-z0-9]+")


def _outside_place(text: str, outside: Sequence[str]) -> str | None:
    """The first outside place named in ``text``: Chinese names anywhere in it, Latin names as
    whole words (``Xi'an``, not the ``xian`` inside ``Zhongxian``)."""
    key = _key(text)
    words = set(_WORD.findall(_IGNORED.sub("", normalise_line(text).casefold().replace("-", " "))))
    for place in outside:
        place_key = _key(place)
        if place_key and (place_key in key if _CJK.search(place) else place_key in words):
            return place
    return None


def _former_name(text: str, option: Option) -> str | None:
    """The option's former name that ``text`` is, shortens to, or contains."""
    key, short = _key(text), short_form(text)
    for name in option.former:
        name_key = _key(name)
        if key == name_key or (short and short == short_form(name)) or name_key in key:
            return name
    return None


def _renamed(text: str, options: Sequence[Option]) -> None:
    """Raise ``choice_renamed`` ("did you mean …") when ``text`` is a former name of one option."""
    hits = [(o, name) for o in options if (name := _former_name(text, o))]
    if len({o.id for o, _ in hits}) == 1:
        option, name = hits[0]
        raise RuleError(
            "choice_renamed",
            text=text.strip(),
            former=name,
            candidates=[option.id],
            labels=[option.text.model_dump()],
        )


def match_option(text: str, options: Sequence[Option], outside: Sequence[str] = ()) -> Option:
    """The one option ``text`` names; raise ``choice_unknown``, ``choice_ambiguous``,
    ``choice_outside`` or ``choice_renamed``."""
    place = _outside_place(text, outside)
    if place is not None:
        raise RuleError("choice_outside", text=text.strip(), place=place)
    steps: list[Callable[[str, Option], bool]] = [_exact, _short]
    for step in steps:
        found = _unique(text, [o for o in options if step(text, o)])
        if found is not None:
            return found
    _renamed(text, options)
    found = _unique(text, _containment(text, options))
    if found is None:
        found = _unique(text, [o for o in options if _prefix(text, o)])
    if found is None:
        raise RuleError("choice_unknown", text=text.strip())
    return found

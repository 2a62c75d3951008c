"""Which question of the campaign's FAQ a typed question asks, or none with confidence.

Words: the text is normalised (NFKC: full-width letters and digits, lower case) and cut into
words by jieba (its search mode, so 推荐表 also gives 推荐); punctuation and function words
(请问, 的, 吗 …) are dropped. A word the FAQ never uses is looked up among the FAQ's words by
rapidfuzz (a mistyped English word: ``deadlne``) before it counts as unknown.

Score: each entry's ways of asking (``asked``, both languages) are word sets; a word weighs its
inverse entry frequency (a word every entry uses says little). The score of an entry is the best
weighted cosine between the question's words and one of its ways of asking, where a word of the
question the FAQ never uses weighs as much as the rarest word: a question about something else
(补贴, 代写) scores low, so it goes to the contacts instead of getting a near answer.

Confidence: the best entry is taken when its score reaches ``THRESHOLD`` and leads the next entry
by ``MARGIN``; otherwise there is no answer. Both were tuned on the tuned part of the question set
in ``tests/faq/`` (``docs/questions.md`` has the shares).

jieba reads its dictionary once, on first use (about a second; ``warm_up`` runs it off the event
loop). Nothing is downloaded: the dictionary ships with the package.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

THRESHOLD = 0.42
MARGIN = 0.05
UNKNOWN = 1.3  # a word the FAQ never uses weighs this many times the rarest word
_FUZZY_MIN = 85  # rapidfuzz ratio for an unknown word to stand for a known one (4+ letters)

# Words that carry no topic: question particles, pronouns, politeness, filler (zh and en).
_STOP_WORDS = """
    的 了 吗 嘛 吧 呢 啊 呀 哇 哦 噢 么 不 没 是 有 在 和 与 及 或 也 都 就 还 要 会 能 可 可以 能否 可否 是否
    请问 请 问 一下 下 我们 我 你们 你 您 他们 咱们 公司 企业 单位 这个 那个 这 那 哪个 什么 啥 怎么 怎样
    如何 多少 几 哪 哪里 哪儿 好 谢谢 麻烦 老师 领导 想 问问 知道 需要 需不需要 要不要 能不能 可不可以
    行不行 还是 那边 这边 一个 个 哈 嗯 之 得 地 着 过 对 把 被 给 让 为 从 到 向 上 中 里
    今年 用 写 出来 一些 具体 那部分 部分 里面 现在 然后 已经
    a an the is are am be do does did can could will would should we our you your i my me of to in on for
    at by with it this that what which when where who how much many please any there
"""
_STOP = frozenset(_STOP_WORDS.split())
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
_NUMERALS = "零〇一二三四五六七八九十百千万两"
_FIGURE = re.compile(rf"^[\d.{_NUMERALS}]+$")  # a figure: what it is about is the word after it
_COUNT = re.compile(rf"(?:[\d.]+|[{_NUMERALS}]+|多少|几)\s*[千万]?\s*个?字")  # 4000字 · 多少字
# Ways of saying the same thing (spoken forms, common slips), read before the words are cut.
SAME = {
    "截至": "截止",
    "好久": "什么时候",
    "啥时候": "什么时候",
    "几时": "什么时候",
    "几号": "日期",
    "哪天": "日期",
    "哪一天": "日期",
    "几月几日": "日期",
    "几月几号": "日期",
    "申報": "申报",
    "报名": "申报",
    "能报": "申报",
    "可以报": "申报",
    "报不": "申报",
    "能申请": "申报",
    "可以申请": "申报",
}
_QUESTION_MARK = re.compile(r"[?？]\s*$")
# A Chinese question: a question word at the end (a spoken particle such as 哦 or 嘛 may follow:
# 截止时间是好久哦; 好多 is 多少 in Chongqing speech), a polite opening, an interrogative that
# names nothing else in any place (在哪里, 啥子, 咋个, 几个; not 什么, which also means 'something':
# 随便说点什么, at the end too), or the A-not-A form (够不够格, 有没有).
_ZH_QUESTION = re.compile(
    r"(吗|(?<!什)么|呢|不|没|否|几|多少|哪|(?<![点些])什么|啥|怎么|怎样|如何|是否|能否|可否|要不要|能不能|可不可以|行不行|够不够|有没有|好久"
    r"|好多.?)[\s?？。!！~～哦噢啊呀嘛哈噻嘞喃]*$|^(请问|问一下|想问|咨询)"
    r"|哪[里个些天儿家位]|(?<!没)啥子|咋|怎么|怎样|多少|为什么|几[个家级年天号月次项份]"
    r"|([\u4e00-\u9fff])[不没]\3"
)
_QUESTION_WORDS = re.compile(
    r"(吗|么|呢|不|没|否|够不够|行不行)[\s?？。!！~～哦啊呀哇嘛]*$"  # a particle at the end: 能报吗, 可以报不
    r"|(哪|多少|什么|啥|怎么|怎样|如何|几[号时月个家级]|是否|能否|可否|要不要|能不能|可不可以|有没有|好久)"
    r"|^(请问|问一下|想问|咨询)"
    r"|^(when|where|who|what|which|how|can|could|do|does|is|are|must|should|may)\b",
    re.IGNORECASE,
)

_lock = threading.Lock()
_jieba_ready = False


def _jieba() -> Any:
    """jieba with its dictionary loaded (once, under a lock: two threads never both load it)."""
    global _jieba_ready
    import jieba

    if not _jieba_ready:
        with _lock:
            if not _jieba_ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba_ready = True
    return jieba


def warm_up() -> None:
    """Load jieba's dictionary now (call it in a thread: it takes about a second)."""
    _jieba()


def is_ready() -> bool:
    return _jieba_ready


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().strip()


def asks_plainly(text: str) -> bool:
    """A question by its form alone: a question mark at the end, or a Chinese question (吗 / 几 /
    多少 / 怎么 … at the end, 请问 at the start, 在哪里 / 几个 / 够不够 anywhere). No form value reads
    like this, so a step that waits for one may take it as a question even when the notice has no
    answer (``looks_like_question`` also counts 什么 anywhere and English words, which values hold)."""
    clean = normalise(text)
    return bool(_QUESTION_MARK.search(clean) or _ZH_QUESTION.search(clean))


def looks_like_question(text: str) -> bool:
    """``asks_plainly``, or a question word in any place: 截止是哪天 / 多少字 / when, how … at the start."""
    return asks_plainly(text) or bool(_QUESTION_WORDS.search(normalise(text)))


def _spoken(text: str, places: Iterable[str]) -> str:
    clean = normalise(text)
    for name in places:  # longest first: 西部科学城重庆高新区 before 高新区
        clean = clean.replace(name, f" {PLACE} ")
    for said, meant in SAME.items():
        clean = clean.replace(said, meant)
    return _COUNT.sub(" 字数 ", clean)


PLACE = "地名"  # what a place name becomes: 双桥 and 渝北区 ask the same question


def words(text: str, places: Sequence[str] = (), common: frozenset[str] = frozenset()) -> list[str]:
    """The topic words of ``text``: jieba's words (search mode), less punctuation, figures, stop
    words and the ``common`` words; every place name of ``places`` becomes one word, ``PLACE``."""
    out: list[str] = []
    for word in _jieba().lcut_for_search(_spoken(text, places)):
        word = _PUNCT.sub("", word)
        if (
            not word
            or word in _STOP
            or word in common
            or _FIGURE.match(word)
            or (len(word) == 1 and word.isascii())
        ):
            continue
        out.append(word.rstrip("s") if word.isascii() and len(word) > 3 else word)
    return out


@dataclass(frozen=True)
class Match:
    entry: str  # the FAQ entry's id
    score: float
    margin: float  # how far ahead of the next entry


@dataclass(frozen=True)
class Scored:
    entry: str
    score: float


class FaqMatcher:
    """Built once per campaign FAQ: ``entries`` are (id, ways of asking in every language)."""

    def __init__(
        self, entries: Sequence[tuple[str, Sequence[str]]], places: Iterable[str] = (), common: str = ""
    ) -> None:
        """``places``: place names (each read as ``PLACE``); ``common``: a text whose words say
        nothing about which question is asked (the campaign's name)."""
        self.places = sorted({normalise(p) for p in places if p.strip()}, key=len, reverse=True)
        self.common = frozenset(words(common))
        self.ids = [entry for entry, _ in entries]
        self.examples = [
            (entry, set(self._words(phrase))) for entry, phrases in entries for phrase in phrases
        ]
        frequency: dict[str, set[str]] = {}
        for entry, example in self.examples:
            for word in example:
                frequency.setdefault(word, set()).add(entry)
        count = max(len(self.ids), 1)
        self.weight = {word: math.log(1 + count / len(owners)) for word, owners in frequency.items()}
        self.unknown_weight = UNKNOWN * math.log(1 + count)
        self.vocabulary = sorted(self.weight)

    def _words(self, text: str) -> list[str]:
        return words(text, self.places, self.common)

    def _known(self, word: str) -> str | None:
        if word in self.weight:
            return word
        if len(word) < 4 or not word.isascii():
            return None
        found = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN)
        return str(found[0]) if found else None

    def scores(self, text: str) -> list[Scored]:
        """Every entry's score for ``text``, best first."""
        asked: set[str] = set()
        unknown = 0.0
        for word in self._words(text):
            known = self._known(word)
            if known is None:
                unknown += 1 if len(word) > 1 else 0.5  # a lone character says less
            else:
                asked.add(known)
        asked_norm = sum(self.weight[w] ** 2 for w in asked) + unknown * self.unknown_weight**2
        best: dict[str, float] = dict.fromkeys(self.ids, 0.0)
        if asked_norm == 0:
            return [Scored(e, 0.0) for e in self.ids]
        for entry, example in self.examples:
            shared = sum(self.weight[w] ** 2 for w in asked & example)
            if shared:
                example_norm = sum(self.weight[w] ** 2 for w in example)
                best[entry] = max(best[entry], shared / math.sqrt(asked_norm * example_norm))
        return sorted((Scored(e, s) for e, s in best.items()), key=lambda s: -s.score)

    def match(self, text: str, threshold: float = THRESHOLD, margin: float = MARGIN) -> Match | None:
        """The entry ``text`` asks, or None when no entry is clearly it."""
        ranked = self.scores(text)
        if not ranked:
            return None
        top = ranked[0]
        lead = top.score - (ranked[1].score if len(ranked) > 1 else 0.0)
        if top.score < threshold or lead < margin:
            return None
        return Match(top.entry, top.score, lead)


def phrases_of(asked: Iterable[Sequence[str]]) -> list[str]:
    """All ways of asking, every language together."""
    return [phrase for group in asked for phrase in group]

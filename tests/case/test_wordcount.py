"""Word-compatible 字数 (DOMAIN.md: CJK characters one each, other runs one each)."""

from __future__ import annotations

import pytest

from bot.rules.wordcount import count_words, is_east_asian

from .builders import FILLER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("智能制造2.0版本", 7),  # 4 + 1 + 2
        ("我们使用ERP和MES系统。", 10),  # 我们使用 ERP 和 MES 系统 。
        ("生产效率提高了12.5%，不良品率下降30%", 16),  # 7 + 1 + ， + 6 + 1
        ("采用ERP/MES系统", 5),  # 采用 ERP/MES 系统
        ("Smart manufacturing in Chongqing", 4),
        ("产能提升 25 % ", 6),  # 4 + 25 + % (a lone % is a run)
        ("“数字化车间”——示范……", 13),  # “ 5 ” —— 2 …… : every mark counts one
        ("（一）「标杆」《案例》【附件】", 15),
        ("ＭＥＳ系统１２３件", 9),  # full-width letters and digits count one each
        ("年产能达到1,200万件", 8),  # 年产能达到 + 1,200 + 万件 → 5 + 1 + 2
        ("温度25℃，湿度60%", 7),  # 温度 25℃ ， 湿度 60%
        ("张三·李四", 5),  # middle dot as Chinese punctuation
        ("㐀𠀀丽", 3),  # Ext A, Ext B, compatibility supplement
        ("第1条\u3000第2条", 6),  # ideographic space separates, counts nothing
        ("a\u200bb", 2),  # zero-width space separates, counts nothing
        ("", 0),
        (" \t\n\u00a0", 0),
        # Curly quotes, dashes and ellipses inside English text are ordinary punctuation there:
        # Word counts the words they touch, not each mark (issue 16 point 10).
        ("The “smart factory” project", 4),
        ("He said ‘yes’ — and left…", 6),
        ("MES “digital twin”", 3),
        # …while in Chinese text each still counts one.
        ("他说“好”", 5),
        ("我们的“MES”系统", 8),  # 我们的 “ MES ” 系统
    ],
)
def test_word_count_vectors(text: str, expected: int) -> None:
    assert count_words(text) == expected


def test_filler_sizes_used_by_the_builders() -> None:
    assert [count_words(s) for s in FILLER] == [37, 28, 28]


@pytest.mark.parametrize("char", ["中", "。", "，", "“", "…", "—", "Ａ", "、", "㈠", "あ"])
def test_east_asian_characters(char: str) -> None:
    assert is_east_asian(char)


@pytest.mark.parametrize("char", ["a", "1", "%", ".", "-", "한", "℃", "×"])
def test_not_east_asian(char: str) -> None:
    assert not is_east_asian(char)

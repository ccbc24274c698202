"""Words of a label or a text: jieba for Chinese, letters and digits for everything else.

jieba's dictionary ships inside the package, so nothing is downloaded; it is
imported on first use (loading its dictionary takes a second or two), and the
graph's own labels can be added as a user dictionary so 核心技术 or
第一阶段经贸协议 stay one word.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[^\W_]+")
#: words too common to say two labels name the same thing
_STOP_ZH = ("的", "和", "与", "及", "等", "对", "在", "中", "了", "是", "之")
_STOP_EN = ("the", "of", "and", "for", "in", "on", "to", "a", "an", "de")
STOP_WORDS = frozenset((*_STOP_ZH, *_STOP_EN))


@cache
def _jieba() -> Any:
    import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def segmenter(words: Iterable[str] = ()) -> Any:
    """A jieba tokenizer of its own that keeps these words (the graph's labels) whole.

    Its own, so one command's user dictionary never changes how another splits
    labels (weak link suggestions use the plain dictionary).
    """
    tokenizer = _jieba().Tokenizer()
    tokenizer.initialize()
    for word in words:
        word = "".join(word.split())
        if 1 < len(word) <= 20 and _HAN.search(word):
            tokenizer.add_word(word, freq=2000)
    return tokenizer


def cut(text: str, tokenizer: Any = None) -> list[str]:
    """The words of ``text`` in order (Chinese by jieba, others by letters and digits)."""
    if not _HAN.search(text):
        return _LATIN_WORD.findall(text.casefold())
    return [w for w in (tokenizer or _jieba().dt).lcut(text) if w.strip()]


def word_set(text: str) -> frozenset[str]:
    """The distinct content words of ``text``: no punctuation, no stop words."""
    return frozenset(
        w.casefold() for w in cut(text) if _LATIN_WORD.search(w) and w.casefold() not in STOP_WORDS
    )

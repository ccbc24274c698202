"""The source article's text, and the whitespace-free form quotes are checked in.

The article was extracted from a two-column PDF: lines break mid-sentence and
some runs have stray spaces (``技 术 进 口 额``). Quotes in ``data/`` are
copied from it; comparing both with all whitespace removed makes the check
exact without being fooled by layout.
"""

from __future__ import annotations

import re
from pathlib import Path

_WHITESPACE = re.compile(r"\s+")


def without_whitespace(text: str) -> str:
    """Remove every whitespace character.

    >>> without_whitespace("技 术 进\\n口 额")
    '技术进口额'
    """
    return _WHITESPACE.sub("", text)


def read_source(path: Path) -> str:
    """The article's text, whitespace removed."""
    return without_whitespace(path.read_text(encoding="utf-8"))


def is_verbatim(quote: str, source: str) -> bool:
    """Whether ``quote`` occurs in ``source`` once both lose their whitespace."""
    return without_whitespace(quote) in source

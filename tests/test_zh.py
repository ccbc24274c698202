"""``--lang zh`` leaves no English behind: every command, every reader's format.

What may stay Latin is an allow-list: identifiers (CURIEs, IRIs, audit check
ids, document slugs, command flags) and the names the Chinese labels
themselves use (TBT, HS). Curator notes and the audit arithmetic stored in the
graph are written in English only (data, not wording), so the query test reads
every other column.
"""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from tests.golden import CATALOGUE

from htkg.cli.main import main
from htkg.output.labels import Labeller, numbered_sections
from htkg.output.tables import Cell, labelled
from htkg.queries.catalogue import find_query, run

IDENTIFIERS = re.compile(
    r"<https?://[^>]*>|https?://\S+"  # IRIs
    r"|\b[a-z][a-z0-9]*:[\w.\-]+"  # CURIEs
    r"|--[a-z-]+"  # flags (--summaries)
    r"|\([a-z0-9][a-z0-9.\-]*\)"  # an audit check's id
    r"|\b(?:article|us-bis-[\w-]+)\b"  # document slugs
    r"|<br>"  # the line break inside a Markdown cell
)
NAMES = {"TBT", "HS", "IT", "IP", "R&D", "5G"}
#: columns whose text exists in English only in the data (curator notes, the audit's
#: stored arithmetic), or is an English document's own words
ENGLISH_DATA = {"note", "arithmetic", "reasonNote", "text", "evidenceText"}
QUERIES = [name.split("_", 1)[0] for name in CATALOGUE]
COMMANDS = [
    ["trace", "kg:insufficient-enterprise-investment", "--downstream"],
    ["trace", "kg:sino-us-trade-friction"],
    ["trace", "kg:new-trade-barriers", "--summaries"],
    ["audit"],
    ["loops"],
    ["leverage"],
    ["whatif", "kg:cm-core-technology-rd", "kg:sino-us-trade-friction"],
]


@pytest.fixture(autouse=True)
def built(monkeypatch: pytest.MonkeyPatch, reasoned) -> None:
    """Every command reads the session's reasoned dataset (built once, not per command)."""
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)


def english_words(text: str) -> set[str]:
    """Latin words left once identifiers and allowed names are taken out."""
    words = set(re.findall(r"[A-Za-z][A-Za-z&]+", IDENTIFIERS.sub(" ", text)))
    return words - NAMES


def _run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(argv)
    return out.getvalue()


def test_the_detector_finds_english() -> None:
    assert english_words("改善 kg:x-y (growth-2018) --summaries TBT") == set()
    assert english_words("switch on: 中美贸易摩擦") == {"switch", "on"}


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("fmt", ["text", "md"])
def test_report_commands_speak_chinese(argv: list[str], fmt: str) -> None:
    text = _run([*argv, "--lang", "zh", "--format", fmt])
    assert text.strip()
    assert english_words(text) == set(), text[:2000]


@pytest.mark.parametrize("name", QUERIES)
def test_query_answers_speak_chinese(name: str, reasoned, paths) -> None:
    query = find_query(name, paths.queries)
    result = run(reasoned, query, {"lang": "zh"} if query.param("lang") else {})
    table = labelled(result, Labeller(reasoned, "zh"), words=True)
    headings = [c.name for c in table.columns]
    assert english_words(" ".join(headings)) == set(), headings
    shown = [
        cell.text if isinstance(cell, Cell) else cell
        for row in table.rows
        for original, column, cell in zip(result.columns, table.columns, row, strict=True)
        if not column.hidden and original not in ENGLISH_DATA
    ]
    assert shown or not result.rows
    assert english_words(" ".join(shown)) == set()
    # and the terminal table is what was checked
    text = _run(["query", name, "--lang", "zh"])
    assert text.splitlines()[0].split() == [
        h for h, c in zip(headings, table.columns, strict=True) if not c.hidden
    ]


def test_subsections_carry_their_part_number(reasoned) -> None:
    labels = numbered_sections(reasoned, "zh")
    assert labels
    for label in labels.values():
        assert re.match(r"^[一二三四五六七八九十]+（[一二三四五六七八九十]+）", label), label
    text = _run(["query", "cq23", "--lang", "zh"])
    assert "二（三）核心技术严重依赖国际供应链" in text
    assert not re.search(r"\n（[一二三四五六七八九十]+）", text)  # none without its part


def test_english_output_is_unchanged_in_words() -> None:
    text = _run(["loops"])
    assert text.startswith("2 feedback loop(s): 2 reinforcing, 0 balancing, 0 unknown")
    assert "[authorStated; kg:article-s" in text

"""One table model, four renderers: every command's tables come out the same way.

The terminal table pads by display width (a CJK character takes two columns),
Markdown escapes ``|`` and folds line breaks so every row keeps its cells, CSV
and JSON keep the machine-only columns. The helpers here are also used by the
command tests (leverage, loops, query) to check their real output.
"""

from __future__ import annotations

import csv
import io
import json
import re

from htkg.output.tables import (
    Cell,
    Column,
    Table,
    display_width,
    to_csv,
    to_json,
    to_markdown,
    to_text,
    truncate,
)


def _slots(line: str) -> list[str]:
    """The line as terminal columns: a wide character fills its slot and a blank one."""
    out: list[str] = []
    for ch in line:
        out += [ch] if display_width(ch) == 1 else [ch, ""]
    return out


def text_cells(lines: list[str]) -> list[list[str]]:
    """Cut a text table's lines at the columns its rule line ("──  ──") marks.

    A cell keeps any blanks before it: if a row is padded by character count
    instead of display width, its cells start off the rule's columns.
    """
    rule = next(i for i, line in enumerate(lines) if line.startswith("─"))
    spans = [m.span() for m in re.finditer("─+", lines[rule])]
    cut = []
    for line in lines[:rule] + lines[rule + 1 :]:
        slots = _slots(line)
        starts = [s for s, _ in spans]
        ends = [*starts[1:], max(len(slots), starts[-1] + 1)]
        cut.append(["".join(slots[s:e]).rstrip() for s, e in zip(starts, ends, strict=True)])
    return cut


def assert_aligned(lines: list[str]) -> None:
    """Every row's cells, cut at the rule's columns, are the cells it was made of."""
    rows = [line for line in lines if not line.startswith("─")]
    for cells, line in zip(text_cells(lines), rows, strict=True):
        assert cells == re.split(r"\s{2,}", line.strip()), line


def md_rows(text: str) -> list[list[str]]:
    """The cells of every Markdown table line (``\\|`` is text, not a border)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|"):
            assert line.endswith("|") and not line.endswith("\\|"), line
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def assert_well_formed_md(text: str) -> None:
    """Header, ``---`` separator, and the same number of cells on every line."""
    rows = md_rows(text)
    assert len(rows) >= 2 and all(set(c) == {"-"} for c in rows[1]), text
    assert {len(r) for r in rows} == {len(rows[0])}, text


SAMPLE = Table(
    [Column("id", hidden=True), Column("name"), Column("note", width=10)],
    [
        ["kg:a", "中美贸易摩擦", "short"],
        ["kg:b", "trade friction", Cell("a | b\nc  d", {"raw": 1})],
        ["kg:c", "新冠疫情 (COVID-19)", "一二三四五六七八九十"],
    ],
)


def test_text_pads_by_display_width() -> None:
    lines = to_text(SAMPLE).splitlines()
    assert lines[0].split() == ["name", "note"]  # the id column is for machines only
    assert_aligned(lines)
    starts = {display_width(line[: line.index(note)]) for line, note in
              zip(lines[2:], ["short", "a | b c d", "一二三四…"], strict=True)}  # fmt: skip
    assert starts == {display_width("新冠疫情 (COVID-19)") + 2}


def test_text_cuts_long_cells_by_display_width() -> None:
    assert truncate("一二三四五六七八九十", 10) == "一二三四…"
    assert display_width(truncate("一二三四五六七八九十", 10)) <= 10
    assert truncate("abc\n def", None) == "abc def"
    assert truncate("abcdef", 6) == "abcdef"


def test_markdown_escapes_bars_and_folds_lines() -> None:
    text = to_markdown(SAMPLE)
    assert_well_formed_md(text)
    assert "| trade friction | a \\| b c d |" in text
    assert md_rows(text)[0] == ["name", "note"]


def test_csv_and_json_keep_every_column() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(SAMPLE))))
    assert rows[0] == ["id", "name", "note"]
    assert rows[2] == ["kg:b", "trade friction", "a | b\nc  d"]  # CSV quotes, never folds
    document = json.loads(to_json(SAMPLE, lang="zh"))
    assert list(document) == ["columns", "lang", "rows"]
    assert document["rows"][1] == {"id": "kg:b", "name": "trade friction", "note": {"raw": 1}}


def test_an_empty_table_still_has_its_header() -> None:
    empty = Table.of(["a", "b"])
    assert to_text(empty).splitlines() == ["a  b", "─  ─"]
    assert to_markdown(empty) == "| a | b |\n|---|---|\n"

"""Answers for notebooks and spreadsheets: ``htkg.query_df`` and ``--format xlsx``.

The DataFrame must hold the golden answers (``tests/expected/queries``) — with
``labels=False`` cell for cell, with labels exactly what ``htkg query --format
csv`` prints — and every workbook must open with openpyxl and hold the rows the
command's other formats show.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Dataset
from tests.test_queries import CASES, _case_id, _golden_path, _read_golden

import htkg
from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.output.xlsx import sheet_title

_LANG_TAG = re.compile(r"@(en|zh)(-[A-Za-z]+)?$")


@pytest.fixture(autouse=True)
def built(monkeypatch: pytest.MonkeyPatch, reasoned) -> None:
    """Every command reads the session's reasoned dataset (built once, not per command)."""
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)


def canon(value: object) -> str:
    """A DataFrame or workbook cell in the golden CSVs' spelling (numbers by value)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return format(Decimal(repr(value)).normalize(), "f")
    text = str(value)
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return format(Decimal(text).normalize(), "f")
    return text


def _frame_rows(frame) -> set[tuple[str, ...]]:
    return {tuple(canon(v) for v in row) for row in frame.astype(object).itertuples(index=False)}


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_query_df_holds_the_golden_answer(case, reasoned: Dataset) -> None:
    name, params = case
    frame = htkg.query_df(name, labels=False, dataset=reasoned, **params)
    columns, expected = _read_golden(_golden_path(case))
    assert list(frame.columns) == columns
    # the golden CSVs tag a literal with its language; a DataFrame cell is plain text
    expected = {tuple(_LANG_TAG.sub("", c) for c in row) for row in expected}
    assert _frame_rows(frame) == expected


@pytest.mark.parametrize("name", ["cq01", "cq10", "cq11", "cq16", "cq19", "cq23"])
def test_query_df_has_the_cli_label_columns(name: str, reasoned: Dataset, capsys) -> None:
    frame = htkg.query_df(name, dataset=reasoned)
    assert main(["query", name, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert list(frame.columns) == rows[0]
    assert _frame_rows(frame) == {tuple(canon(c) for c in row) for row in rows[1:]}


def test_query_df_keeps_numbers_numeric(reasoned: Dataset) -> None:
    frame = htkg.query_df("cq10", dataset=reasoned)
    assert frame["value"].dtype.kind == "f" and frame["year"].dtype.kind == "i"
    assert frame.set_index("year").loc[2020, "value"] == pytest.approx(8295.5)


def test_query_df_takes_sparql_text_and_zh_labels(reasoned: Dataset) -> None:
    frame = htkg.query_df(
        "SELECT ?s ?sLabel WHERE { ?s a htkg:Section ; skos:prefLabel ?sLabel "
        "FILTER(LANG(?sLabel) = 'zh') }",
        lang="zh",
        dataset=reasoned,
    )
    labels = dict(zip(frame["s"], frame["sLabel"], strict=True))
    # the label column of a subsection carries its part number (issue 15)
    assert labels["kg:article-s3-1"] == "三（一）完善核心技术研发及成果转化机制"


def _workbook_rows(path: Path) -> tuple[list[str], set[tuple[str, ...]]]:
    book = load_workbook(path, read_only=True)
    assert len(book.sheetnames) == 1
    rows = list(book[book.sheetnames[0]].iter_rows(values_only=True))
    return [str(c) for c in rows[0]], {tuple(canon(c) for c in row) for row in rows[1:]}


def test_query_xlsx_holds_the_csv_rows(tmp_path: Path, capsys) -> None:
    target = tmp_path / "cq01.xlsx"
    assert main(["query", "cq01", "--format", "xlsx", "-o", str(target)]) == 0
    assert main(["query", "cq01", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    header, body = _workbook_rows(target)
    assert header == rows[0]
    assert body == {tuple(canon(c) for c in row) for row in rows[1:]}
    assert len(body) > 10


def test_xlsx_needs_an_output_file(capsys) -> None:
    assert main(["query", "cq10", "--format", "xlsx"]) == ExitCode.INPUT
    assert "-o FILE.xlsx" in capsys.readouterr().err


def test_audit_xlsx_holds_every_check(tmp_path: Path, capsys) -> None:
    target = tmp_path / "audit.xlsx"
    assert main(["audit", "--format", "xlsx", "-o", str(target)]) == ExitCode.FINDING
    assert main(["audit", "--format", "json"]) == ExitCode.FINDING
    checks = json.loads(capsys.readouterr().out)["checks"]
    header, body = _workbook_rows(target)
    assert header[:3] == ["id", "check", "verdict"]
    assert {(r[0], r[2], r[4]) for r in body} == {
        (c["id"], c["verdict"], canon(c["recomputed"] or "")) for c in checks
    }


def test_loops_xlsx_has_one_row_per_link(tmp_path: Path, capsys) -> None:
    target = tmp_path / "loops.xlsx"
    assert main(["loops", "--format", "xlsx", "-o", str(target)]) == 0
    assert main(["loops", "--format", "json"]) == 0
    loops = json.loads(capsys.readouterr().out)
    header, body = _workbook_rows(target)
    assert {(r[header.index("link")], r[header.index("quote")]) for r in body} == {
        (k["link"], k["quote"]) for loop in loops for k in loop["links"]
    }


def test_leverage_xlsx_ranks_every_node(tmp_path: Path, capsys) -> None:
    target = tmp_path / "leverage.xlsx"
    assert main(["leverage", "--format", "xlsx", "-o", str(target)]) == 0
    assert main(["leverage", "--format", "json"]) == 0
    nodes = json.loads(capsys.readouterr().out)["nodes"]
    _header, body = _workbook_rows(target)
    assert {(r[1], r[3], r[4]) for r in body} == {
        (n["node"], n["role"], str(n["influence"])) for n in nodes
    }


def test_trace_xlsx_has_every_quote_of_the_trace(tmp_path: Path, capsys) -> None:
    term = "kg:insufficient-enterprise-investment"
    target = tmp_path / "trace.xlsx"
    assert main(["trace", term, "--format", "xlsx", "-o", str(target)]) == 0
    assert main(["trace", term, "--format", "md"]) == 0
    quotes = {line.strip()[2:] for line in capsys.readouterr().out.splitlines()
              if line.strip().startswith("> ")}  # fmt: skip
    header, body = _workbook_rows(target)
    assert quotes and {r[header.index("quote")] for r in body} >= quotes


def test_report_written_to_a_file_equals_stdout(tmp_path: Path, capsys) -> None:
    target = tmp_path / "loops.md"
    assert main(["loops", "--format", "md", "-o", str(target)]) == 0
    assert main(["loops", "--format", "md"]) == 0
    assert target.read_text(encoding="utf-8") == capsys.readouterr().out


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()
    first = sheet_title("cq01_countermeasures_per_constraint", taken)
    second = sheet_title("cq01_countermeasures_per_constraint", taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert sheet_title("a/b:c", taken) == "a-b-c"

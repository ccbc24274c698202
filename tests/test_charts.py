"""``htkg chart``: each chart is tested on the series it draws, not on pixels.

The series come from the same answers as the CLI: the golden CSVs of cq10,
cq11, cq12 and cq01, and the audit's recomputations.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset
from tests.golden import EXPECTED, golden
from tests.test_queries import _read_golden

from htkg.audit.run import run_audit
from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.output import charts
from htkg.rdf.namespaces import curie


@pytest.fixture(autouse=True)
def built(monkeypatch: pytest.MonkeyPatch, reasoned: Dataset) -> None:
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)


def test_export_series_is_cq10_and_the_audit(reasoned: Dataset) -> None:
    data = charts.export_series(reasoned)
    rows = golden("cq10_export_value_by_year")
    assert {(str(y), format(v.normalize(), "f")) for y, v in data.values.items()} == {
        (r[0], r[1]) for r in rows
    }
    # printed growth as cq10 prints it; recomputed as cq10 recomputes it (to 2 places)
    assert {str(y): format(p.normalize(), "f") for y, p in data.printed.items() if p} == {
        r[0]: r[5] for r in rows if r[5]
    }
    assert {str(y): f"{r:.2f}" for y, r in data.recomputed.items() if r is not None} == {
        row[0]: f"{Decimal(row[4]):.2f}" for row in rows if row[4]
    }
    checks = {c.id: c for c in run_audit(reasoned)}
    for label, printed, recomputed in data.averages:
        match = [c for c in checks.values() if c.label_en == label]
        assert match and (match[0].printed, match[0].recomputed) == (printed, recomputed)
    assert {float(p) for _l, p, _r in data.averages} == {12.4}
    assert len(data.averages) == 3  # the mean and both compound readings


def test_field_shares_are_cq11(reasoned: Dataset) -> None:
    bars = dict(charts.shares(reasoned, "field"))
    assert bars == {
        "electronic technology + information technology": 92.48,
        "information technology": 69.8,
    }
    assert set(bars.values()) == {float(r[5]) for r in golden("cq11_shares_by_field")}


def test_region_shares_are_cq12_and_the_rest(reasoned: Dataset) -> None:
    bars = dict(charts.shares(reasoned, "region"))
    rows = golden("cq12_shares_by_region")
    listed = {r[1].removesuffix("@en"): float(r[3]) for r in rows}
    others = bars.pop("all other markets")
    assert bars == listed
    assert others == pytest.approx(100 - float(next(iter(rows))[4]))


def test_matrix_marks_the_links_of_cq01(reasoned: Dataset) -> None:
    """Every answer of cq01 (summaries shown) is a cell, marked by its strongest row."""
    data = charts.matrix(reasoned)
    path = EXPECTED / "cq01_countermeasures_per_constraint__summaries=show.csv"
    columns, rows = _read_golden(path)
    at = {c: columns.index(c) for c in ("factor", "countermeasure", "mode", "summary")}
    rows = {r for r in rows if r[at["countermeasure"]]}
    expected: dict[tuple[str, str], str] = {}
    rank = {charts.AUTHOR: 0, charts.CURATOR: 1, charts.SUMMARY: 2}
    for r in rows:
        mark = (charts.SUMMARY if r[at["summary"]] == "true" else charts.AUTHOR
                if r[at["mode"]] == "htkg:authorStated" else charts.CURATOR)  # fmt: skip
        key = (r[at["factor"]], r[at["countermeasure"]])
        if key not in expected or rank[mark] < rank[expected[key]]:
            expected[key] = mark
    assert {(curie(f), curie(c)): m for (f, c), m in data.cells.items()} == expected
    assert set(expected.values()) == {charts.AUTHOR, charts.CURATOR, charts.SUMMARY}


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_each_chart_is_written_as_svg_and_png(name: str, tmp_path: Path) -> None:
    svg, png = tmp_path / f"{name}.svg", tmp_path / f"{name}.png"
    assert main(["chart", name, "-o", str(svg), "--lang", "zh"]) == 0
    assert main(["chart", name, "-o", str(png)]) == 0
    assert "<svg" in svg.read_text(encoding="utf-8")[:2000]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_chart_needs_svg_or_png(tmp_path: Path, capsys) -> None:
    assert main(["chart", "matrix", "-o", str(tmp_path / "m.pdf")]) == ExitCode.INPUT
    assert ".svg or .png" in capsys.readouterr().err

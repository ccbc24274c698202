"""``htkg audit``: the article's derived figures, recomputed by hand here and compared.

The printed base values are read from the graph (and checked against the
article's text: 7430.4, 7307.5, 8295.5 亿美元; 13.4 %, 13.5 %; 12.4 %), the
derived ones are recomputed below with plain arithmetic, independently of
htkg.audit.run, and compared with what the audit reports.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib import namespace as ns
from tests.test_tables import assert_well_formed_md

from htkg.audit.run import run_audit
from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.paths import ProjectPaths
from htkg.rdf.namespaces import AUDIT_GRAPH, HTKG, KG, ONTOLOGY_GRAPH


def _value(dataset: Dataset, obs: str) -> float:
    values = {v for g in dataset.graphs() for v in g.objects(KG[obs], HTKG.value)}
    assert len(values) == 1, obs
    return float(next(iter(values)))


@pytest.fixture(scope="module")
def printed(reasoned: Dataset) -> dict[str, float]:
    found = {
        "v2018": _value(reasoned, "obs-export-value-2018"),
        "v2019": _value(reasoned, "obs-export-value-2019"),
        "v2020": _value(reasoned, "obs-export-value-2020"),
        "g2018": _value(reasoned, "obs-export-growth-2018"),
        "g2020": _value(reasoned, "obs-export-growth-2020"),
        "avg": _value(reasoned, "obs-average-export-growth-2018-2020"),
    }
    assert found == {
        "v2018": 7430.4,
        "v2019": 7307.5,
        "v2020": 8295.5,
        "g2018": 13.4,
        "g2020": 13.5,
        "avg": 12.4,
    }
    return found


@pytest.fixture(scope="module")
def checks(reasoned: Dataset) -> dict[str, object]:
    return {c.id: c for c in run_audit(reasoned)}


def _close(reported: Decimal | None, expected: float) -> bool:
    return reported is not None and abs(float(reported) - expected) < 5e-5


def test_year_on_year_growth_recomputed(printed, checks) -> None:
    yoy_2019 = (printed["v2019"] / printed["v2018"] - 1) * 100  # −1.6540 %
    yoy_2020 = (printed["v2020"] / printed["v2019"] - 1) * 100  # 13.5204 %
    assert _close(checks["growth-2019"].recomputed, yoy_2019)
    assert _close(checks["growth-2020"].recomputed, yoy_2020)
    assert checks["growth-2020"].verdict == "consistent"  # |13.5204 − 13.5| ≤ 0.05
    assert checks["growth-2019"].verdict == "consistent"  # a fall, as the article says
    assert checks["growth-2019"].printed is None  # no rate printed for 2019
    assert "7307.5 / 7430.4" in checks["growth-2019"].arithmetic


def test_2018_growth_cannot_be_checked_without_2017(printed, checks) -> None:
    check = checks["growth-2018"]
    assert check.verdict == "notCheckable" and check.recomputed is None
    implied_2017 = printed["v2018"] / (1 + printed["g2018"] / 100)  # 6552.38
    assert "2017" in check.arithmetic and f"{implied_2017:.2f}" in check.arithmetic


def test_average_growth_is_inconsistent_under_every_reading(printed, checks) -> None:
    yoy_2019 = (printed["v2019"] / printed["v2018"] - 1) * 100
    yoy_2020 = (printed["v2020"] / printed["v2019"] - 1) * 100
    mean = (printed["g2018"] + yoy_2019 + yoy_2020) / 3  # 8.4221 %
    cagr_2y = (math.sqrt(printed["v2020"] / printed["v2018"]) - 1) * 100  # 5.6611 %
    v2017 = printed["v2018"] / (1 + printed["g2018"] / 100)
    cagr_3y = ((printed["v2020"] / v2017) ** (1 / 3) - 1) * 100  # 8.1802 %
    readings = {
        "average-growth-2018-2020-mean": mean,
        "average-growth-2018-2020-cagr-2y": cagr_2y,
        "average-growth-2018-2020-cagr-3y": cagr_3y,
    }
    for check_id, expected in readings.items():
        check = checks[check_id]
        assert _close(check.recomputed, expected), (check_id, check.recomputed, expected)
        assert check.verdict == "inconsistent"
        assert _close(check.difference, expected - printed["avg"])
    assert round(mean, 2) == 8.42 and round(cagr_2y, 2) == 5.66 and round(cagr_3y, 2) == 8.18


def test_shares_and_sums(checks) -> None:
    assert checks["market-shares-sum"].recomputed == Decimal("86.0")  # 25.7+23.8+14.9+13.7+7.9
    assert checks["market-shares-sum"].verdict == "consistent"
    field = next(c for i, c in checks.items() if i.startswith("field-share-it-"))
    assert field.recomputed == Decimal("22.68") and field.verdict == "consistent"  # 92.48 − 69.8
    assert _close(checks["implied-total-exports-2018"].recomputed, 7430.4 / 0.305)
    assert _close(checks["implied-total-exports-2020"].recomputed, 8295.5 / 0.319)
    assert checks["implied-total-exports-2018"].verdict == "notCheckable"
    assert checks["share-rose-2018-2020"].recomputed == Decimal("1.4")
    biotech = checks["biotech-hong-kong-change"]
    assert biotech.recomputed == Decimal("8") and biotech.verdict == "notCheckable"
    assert "53.3 %" in biotech.arithmetic  # 8 / 15


def test_tolerance_changes_the_verdicts(reasoned: Dataset) -> None:
    loose = {c.id: c.verdict for c in run_audit(reasoned, Decimal("5"))}
    assert loose["average-growth-2018-2020-mean"] == "consistent"  # |8.42 − 12.4| < 5
    assert loose["average-growth-2018-2020-cagr-2y"] == "inconsistent"  # |5.66 − 12.4| > 5
    tight = {c.id: c.verdict for c in run_audit(reasoned, Decimal("0.01"))}
    assert tight["growth-2020"] == "inconsistent"  # |13.5204 − 13.5| > 0.01


def test_audit_graph_lists_the_failures(reasoned: Dataset, checks) -> None:
    graph = reasoned.graph(AUDIT_GRAPH)
    results = set(graph.subjects(ns.RDF.type, HTKG.AuditResult))
    assert results == {KG[f"audit-{i}"] for i in checks}
    failing = set(graph.subjects(HTKG.verdict, HTKG.inconsistent))
    assert failing == {
        KG[f"audit-average-growth-2018-2020-{r}"] for r in ("mean", "cagr-2y", "cagr-3y")
    }
    node = KG["audit-growth-2020"]
    assert graph.value(node, HTKG.auditedFigure) == KG["obs-export-growth-2020"]
    assert set(graph.objects(node, HTKG.auditInput)) == {
        KG["obs-export-value-2019"],
        KG["obs-export-value-2020"],
    }
    assert graph.value(node, HTKG.tolerance).toPython() == Decimal("0.05")


def test_audit_terms_are_documented_in_the_ontology(reasoned: Dataset) -> None:
    ontology: Graph = reasoned.graph(ONTOLOGY_GRAPH)
    used = {p for _, p, _ in reasoned.graph(AUDIT_GRAPH) if str(p).startswith(str(HTKG))}
    used |= {HTKG.AuditResult, HTKG.Verdict, HTKG.consistent, HTKG.inconsistent, HTKG.notCheckable}
    for term in used:
        langs = {label.language for label in ontology.objects(term, ns.RDFS.label)}
        assert langs == {"en", "zh"}, term
        assert ontology.value(term, ns.SKOS.definition) is not None, term
        assert ontology.value(term, ns.RDFS.isDefinedBy) == URIRef("https://w3id.org/htkg/ontology")


# ------------------------------------------------------------------ CLI --


@pytest.fixture()
def cli(reasoned: Dataset, monkeypatch: pytest.MonkeyPatch, paths: ProjectPaths):
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    monkeypatch.chdir(paths.root)
    return main


def test_cli_reports_failures_with_exit_1(cli, capsys) -> None:
    assert cli(["audit"]) == ExitCode.FINDING
    out = capsys.readouterr().out
    assert "[FAIL] average growth 2018–2020, arithmetic mean of yearly rates" in out
    assert "(8295.5 / 7307.5 − 1) × 100 = 13.5204 % vs printed 13.5 %" in out
    assert "3 inconsistent" in out
    assert cli(["audit", "--tolerance", "7"]) == ExitCode.OK


def test_cli_json_and_markdown(cli, capsys) -> None:
    assert cli(["audit", "--format", "json"]) == ExitCode.FINDING
    document = json.loads(capsys.readouterr().out)
    assert document["tolerance"] == "0.05"
    by_id = {c["id"]: c for c in document["checks"]}
    assert by_id["average-growth-2018-2020-mean"]["recomputed"] == "8.4221"
    assert by_id["average-growth-2018-2020-mean"]["printed"] == "12.4"
    assert cli(["audit", "--format", "md", "--lang", "zh"]) == ExitCode.FINDING
    out = capsys.readouterr().out
    assert "| 2018-2020年平均增速（各年增长率的算术平均） | 不一致 |" in out
    assert_well_formed_md(out[: out.index("\n\n")])


@pytest.mark.parametrize("value", ["abc", "-1", "nan"])
def test_bad_tolerance(value: str, cli, capsys) -> None:
    assert cli(["audit", "--tolerance", value]) == ExitCode.INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--tolerance" in err


def test_the_audit_reads_every_indicator_its_checks_pick() -> None:
    """run_audit reads only AUDITED_INDICATORS; a check picking another would see nothing."""
    import re
    from pathlib import Path

    from htkg.audit.model import AUDITED_INDICATORS

    audit = Path(__file__).resolve().parents[1] / "src" / "htkg" / "audit"
    picked = {
        name
        for module in audit.glob("*.py")
        for name in re.findall(r'pick\(\s*\w+,\s*"(ind-[\w-]+)"', module.read_text("utf-8"))
    }
    assert len(picked) >= 7, "the checks pick their figures by indicator name"
    assert picked <= set(AUDITED_INDICATORS), picked - set(AUDITED_INDICATORS)

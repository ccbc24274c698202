"""The competency questions: headers, golden answers, portability, speed, bad input.

Golden answers live in ``tests/expected/queries/<name>[__param=value].csv``: one
row per solution, IRIs as CURIEs, numbers by value, language-tagged strings with
``@lang``. They are compared as sets. To regenerate them on purpose (after a
deliberate change to a query or to the data), run::

    HTKG_UPDATE_GOLDEN=1 python -m pytest tests/test_queries.py tests/test_trace.py

and review the diff before committing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from oxrdflib import OxigraphStore as OxrdflibStore
from rdflib import BNode, Dataset, Literal, URIRef, namespace
from tests.test_tables import assert_aligned, assert_well_formed_md, text_cells

from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.files import atomic_write_text
from htkg.paths import ProjectPaths
from htkg.queries.catalogue import (
    QueryFile,
    ResultTable,
    bind,
    compile_query,
    discover,
    read_query,
    run,
)
from htkg.rdf.namespaces import GRAPH, HTKG, KG, PREFIXES

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "expected" / "queries"
UPDATE = os.environ.get("HTKG_UPDATE_GOLDEN") == "1"
CATALOGUE = discover(ROOT / "queries")
#: cq01–cq89 are the article's questions (this file); cq9x belong to the
#: cross-document catalogue and are tested with it.
ARTICLE = sorted(n for n in CATALOGUE if int(n[2:4]) < 90)
#: Every article question with its defaults, plus a few other parameter values.
CASES: list[tuple[str, dict[str, str]]] = [(n, {}) for n in ARTICLE] + [
    ("cq01_countermeasures_per_constraint", {"summaries": "show"}),
    ("cq01_countermeasures_per_constraint", {"summaries": "hide"}),
    ("cq02_causal_chain_to_countermeasures", {"factor": "kg:policy-transmission-blocked"}),
    ("cq08_downstream_of_event", {"event": "kg:covid-19-pandemic"}),
    ("cq09_upstream_of_finding", {"finding": "kg:finding-unbalanced-export-markets"}),
    ("cq11_shares_by_field", {"lang": "zh"}),
    ("cq16_about_an_economy", {"economy": "kg:united-states"}),
    ("cq16_about_an_economy", {"economy": "kg:india"}),
]
NUMERIC = {namespace.XSD.integer, namespace.XSD.decimal, namespace.XSD.double, namespace.XSD.float}


def _case_id(case: tuple[str, dict[str, str]]) -> str:
    name, params = case
    return name + "".join(f"__{k}={v.replace(':', '-')}" for k, v in sorted(params.items()))


def _curie(iri: str) -> str:
    for prefix, space in PREFIXES.items():
        local = iri.removeprefix(str(space))
        if local != iri and re.fullmatch(r"[\w.\-]*", local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def _number(text: str) -> str:
    value = Decimal(text).normalize()
    return format(value, "f")


def canon_rdflib(node: object) -> str:
    """A cell as an engine-independent string."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return _curie(str(node))
    if isinstance(node, Literal):
        if node.datatype in NUMERIC:
            return _number(str(node))
        if node.datatype == namespace.XSD.boolean:
            return str(node.toPython()).lower()
        return f"{node}@{node.language}" if node.language else str(node)
    return "_:b"


def canon_ox(node: object) -> str:
    if node is None:
        return ""
    if isinstance(node, ox.NamedNode):
        return _curie(node.value)
    if isinstance(node, ox.Literal):
        if URIRef(node.datatype.value) in NUMERIC:
            return _number(node.value)
        if node.datatype.value == str(namespace.XSD.boolean):
            return (
                node.value.lower()
                if node.value in ("true", "false")
                else ("true" if node.value == "1" else "false")
            )
        return f"{node.value}@{node.language}" if node.language else node.value
    return "_:b"


def _golden_path(case: tuple[str, dict[str, str]]) -> Path:
    return EXPECTED / f"{_case_id(case)}.csv"


def _write_golden(path: Path, columns: list[str], rows: set[tuple[str, ...]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(sorted(rows))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, out.getvalue())


def _read_golden(path: Path) -> tuple[list[str], set[tuple[str, ...]]]:
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
    columns = next(reader)
    return columns, {tuple(row) for row in reader}


@pytest.fixture(scope="module")
def oxigraph(reasoned: Dataset) -> ox.Store:
    """The same quads in an Oxigraph store (generalised triples with literal subjects,
    which owlrl emits and RDF does not allow, are left out)."""

    def term(node: object) -> object:
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        assert isinstance(node, Literal)
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(
            str(node), datatype=ox.NamedNode(str(node.datatype or namespace.XSD.string))
        )

    store = ox.Store()
    store.extend(
        ox.Quad(term(s), term(p), term(o), ox.NamedNode(str(g)))
        for s, p, o, g in reasoned.quads((None, None, None, None))
        if not isinstance(s, Literal)
    )
    return store


def run_oxigraph(store: ox.Store, query: QueryFile, params: dict[str, str]) -> set[tuple]:
    """Run on Oxigraph with the default graph as the union of the named graphs.

    Oxigraph's ``substitutions`` only accepts projected variables (SEP-0007), so the
    test writes each bound term's N3 form (escaped by rdflib) in place of its
    variable; the CLI itself never does this, it binds through rdflib.
    """
    text = query.text
    for name, value in bind(query, params).items():
        text = re.sub(rf"[?$]{name}\b", lambda _m, v=value: v.n3(), text)
    result = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return {tuple(canon_ox(solution[n]) for n in names) for solution in result}


# ------------------------------------------------------------------ headers --


def test_the_catalogue_has_at_least_22_article_questions() -> None:
    assert len(ARTICLE) >= 22
    assert all(re.fullmatch(r"cq\d\d_[a-z0-9_]+", n) for n in ARTICLE)


@pytest.mark.parametrize("name", ARTICLE)
def test_header_has_both_questions_summary_tags(name: str) -> None:
    query = CATALOGUE[name]
    assert re.search(r"[\u4e00-\u9fff]", query.question_zh), "question_zh must be Chinese"
    assert query.question_en.endswith("?") and query.summary and query.tags
    used = set(re.findall(r"[?$](\w+)", query.text.split("\n", 1)[1]))
    for param in query.params:
        assert param.name in used, f"declared parameter {param.name} is not used"
        assert param.type in ("IRI", "literal", "number")


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_file_compiles(name: str) -> None:
    compile_query(CATALOGUE[name])


# ------------------------------------------------------- golden answers --


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_golden_answer(case: tuple[str, dict[str, str]], reasoned: Dataset) -> None:
    name, params = case
    table = run(reasoned, CATALOGUE[name], params)
    rows = {tuple(canon_rdflib(v) for v in row) for row in table.rows}
    path = _golden_path(case)
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"no golden answer {path.name}; run with HTKG_UPDATE_GOLDEN=1 and review")
        _write_golden(path, table.columns, rows)
    columns, expected = _read_golden(path)
    assert columns == table.columns
    assert rows == expected, f"missing: {expected - rows}; unexpected: {rows - expected}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_same_rows_on_rdflib_and_oxigraph(case, reasoned: Dataset, oxigraph: ox.Store) -> None:
    name, params = case
    table = run(reasoned, CATALOGUE[name], params)
    rows = {tuple(canon_rdflib(v) for v in row) for row in table.rows}
    assert rows == run_oxigraph(oxigraph, CATALOGUE[name], params)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_golden_answer_through_the_catalogue_on_oxigraph(case, oxigraph: ox.Store) -> None:
    """``htkg query --store oxigraph:…``: the catalogue runs the text inside Oxigraph."""
    name, params = case
    table = run(Dataset(store=OxrdflibStore(store=oxigraph)), CATALOGUE[name], params)
    columns, expected = _read_golden(_golden_path(case))
    assert columns == table.columns
    assert {tuple(canon_rdflib(v) for v in row) for row in table.rows} == expected


@pytest.mark.parametrize("name", sorted(n for n in CATALOGUE if n not in ARTICLE))
def test_cross_document_questions_same_rows_on_oxigraph(name, reasoned, oxigraph) -> None:
    """cq9x read the index graph: the same answer from rdflib and from Oxigraph."""
    table = run(reasoned, CATALOGUE[name])
    on_oxigraph = run(Dataset(store=OxrdflibStore(store=oxigraph)), CATALOGUE[name])
    assert on_oxigraph.columns == table.columns

    def rows(result: ResultTable) -> list[tuple[str, ...]]:  # GROUP_CONCAT has no order
        concat = [c == "inDocuments" for c in result.columns]
        return [
            tuple(
                " ".join(sorted(canon_rdflib(v).split())) if c else canon_rdflib(v)
                for c, v in zip(concat, row, strict=True)
            )
            for row in result.rows
        ]

    assert rows(on_oxigraph) == rows(table)


def test_key_answers_by_hand(reasoned: Dataset) -> None:
    """A few answers stated independently of the golden files."""
    gaps = run(reasoned, CATALOGUE["cq04_unaddressed_constraints"])
    assert [row[0] for row in gaps.rows] == [KG["policy-transmission-blocked"]]
    years = run(reasoned, CATALOGUE["cq10_export_value_by_year"])
    change = {int(r[0]): r[4] for r in years.rows}
    assert change[2018] is None
    assert Decimal(str(change[2019])) == Decimal("-1.65")  # (7307.5/7430.4 − 1) × 100
    assert Decimal(str(change[2020])) == Decimal("13.52")  # (8295.5/7307.5 − 1) × 100
    regions = run(reasoned, CATALOGUE["cq12_shares_by_region"])
    assert {Decimal(str(r[4])) for r in regions.rows} == {Decimal("86.0")}


# ------------------------------------------------------------ checks --

CHECKS = sorted((ROOT / "queries" / "checks").glob("*-violation.rq"))


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.stem)
def test_violation_query_finds_nothing(path: Path, reasoned: Dataset) -> None:
    assert run(reasoned, read_query(path)).rows == []


def test_violation_queries_can_fail(reasoned: Dataset) -> None:
    """Each check reports a planted fault (in a scratch graph removed afterwards)."""
    scratch = reasoned.graph(GRAPH["test-scratch"])
    check, link = KG["test-bad-check"], KG["test-bad-link"]
    scratch.add((KG["export-challenges"], HTKG.influences, KG["covid-19-pandemic"]))
    scratch.add((check, namespace.RDF.type, HTKG.AuditResult))
    scratch.add((check, HTKG.verdict, HTKG.inconsistent))
    scratch.add((link, namespace.RDF.type, HTKG.ResponseLink))
    scratch.add((link, HTKG.measure, KG["china"]))
    scratch.add((KG["year-2018"], HTKG.endYear, Literal(2000)))
    try:
        found = {p.stem: len(run(reasoned, read_query(p)).rows) for p in CHECKS}
    finally:
        reasoned.remove_graph(scratch)
    assert found == {
        "audit-result-violation": 3,  # no arithmetic, no audited figure, no recomputed value
        "influences-closure-violation": 1,
        "period-order-violation": 1,
        "response-link-typing-violation": 1,
    }
    assert all(count == 0 for count in (len(run(reasoned, read_query(p)).rows) for p in CHECKS))


# ------------------------------------------------------------ the CLI --


@pytest.fixture()
def cli(reasoned: Dataset, monkeypatch: pytest.MonkeyPatch, paths: ProjectPaths):
    """Run ``htkg`` in-process on the session's reasoned dataset."""
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    monkeypatch.chdir(paths.root)
    return main


def _one_line_error(capsys, code: int, needle: str) -> str:
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert code == ExitCode.INPUT
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert needle in err, err
    return err


def test_list_shows_the_catalogue_in_both_languages(cli, capsys) -> None:
    assert cli(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ARTICLE)
    assert "Which constraint factors does no countermeasure address" in out
    assert cli(["query", "--list", "--lang", "zh"]) == 0
    assert "哪些制约因素" in capsys.readouterr().out


def test_table_shows_labels_not_iris(cli, capsys) -> None:
    assert cli(["query", "cq04"]) == 0
    out = capsys.readouterr().out
    assert "policy transmission channels are blocked" in out and "https://" not in out
    assert "2.1 Policy transmission channels are blocked" in out  # the section, labelled
    assert cli(["query", "cq04", "--lang", "zh"]) == 0
    assert "政策传导通道不畅" in capsys.readouterr().out


def test_csv_json_md_formats(cli, capsys) -> None:
    assert cli(["query", "cq12", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["market"] for r in rows} >= {"kg:nafta", "kg:brics"}  # id column as CURIE
    assert {r["marketLabel"] for r in rows} >= {"North American Free Trade Area"}
    assert {r["period"] for r in rows} == {"2018–2020"}  # an IRI cell shown by its label
    assert cli(["query", "cq12", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["columns"][0] == "market" and len(document["rows"]) == 5
    assert document["rows"][0]["period"] == {"id": "kg:years-2018-2020", "label": "2018–2020"}
    assert cli(["query", "cq12", "--format", "md"]) == 0
    md = capsys.readouterr().out.splitlines()
    assert md[0].startswith("| marketLabel |") and md[1].startswith("|---")
    assert_well_formed_md("\n".join(md))


def test_zh_table_aligns_by_display_width(cli, capsys) -> None:
    assert cli(["query", "cq12", "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "（共5行）"
    assert_aligned(lines[:-1])
    assert ["北美自贸区", "贸易集团", "25.7", "86.0", "2018-2020年"] in text_cells(lines[:-1])


def test_markdown_escapes_a_bar_in_a_cell(cli, capsys) -> None:
    sparql = 'SELECT ?x ?y WHERE { BIND("a|b\\nc" AS ?x) BIND("plain" AS ?y) }'
    assert cli(["query", "-e", sparql, "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2] == "| a\\|b c | plain |"
    assert_well_formed_md(out)


def test_adhoc_query_with_project_prefixes(cli, capsys) -> None:
    sparql = "SELECT ?f WHERE { ?f a htkg:ConstraintFactor } ORDER BY ?f"
    assert cli(["query", "-e", sparql, "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 7  # header + six factors


def test_parameter_is_bound_not_pasted(cli, capsys) -> None:
    hostile = 'fold") } } SELECT * WHERE { ?s ?p ?o } #'
    assert cli(["query", "cq01", "--param", "summaries=show", "--format", "csv"]) == 0
    shown = capsys.readouterr().out
    assert cli(["query", "cq01", "--param", f"summaries={hostile}", "--format", "csv"]) == 0
    # neither "fold" nor "hide": every summary answer on its own line; the query is unchanged
    assert capsys.readouterr().out == shown
    code = cli(["query", "cq16", "--param", "economy=kg:x> } ?s ?p ?o {"])
    _one_line_error(capsys, code, "is not an IRI or a CURIE")


def test_a_label_language_the_graph_lacks_is_refused(cli, capsys) -> None:
    """The questions join labels in the language asked for; the graph has zh and en."""
    code = cli(["query", "cq04", "--param", "lang=fr"])
    _one_line_error(capsys, code, "parameter 'lang': 'fr': the labels are in en and zh")


def test_unknown_query_name(cli, capsys) -> None:
    _one_line_error(capsys, cli(["query", "cq_nonsense"]), "unknown query 'cq_nonsense'")


def test_sparql_syntax_error_gives_line_and_column(cli, capsys, tmp_path: Path) -> None:
    err = _one_line_error(
        capsys, cli(["query", "-e", "SELECT ?x WHERE {\n ?x ?y \n}"]), "SPARQL syntax error"
    )
    assert re.search(r"-e:\d+:\d+: SPARQL syntax error", err)
    bad = tmp_path / "bad.rq"
    bad.write_text("# a comment\nSELECT ?x\nWHERE { ?x ?y ?z . FILTER( }\n", encoding="utf-8")
    err = _one_line_error(capsys, cli(["query", str(bad)]), "SPARQL syntax error")
    assert f"{bad}:3:" in err


def test_unknown_and_missing_parameters(cli, capsys, tmp_path: Path) -> None:
    _one_line_error(capsys, cli(["query", "cq04", "--param", "nope=1"]), "unknown parameter 'nope'")
    _one_line_error(capsys, cli(["query", "cq04", "--param", "lang"]), "expected NAME=VALUE")
    needs = tmp_path / "needs.rq"
    needs.write_text(
        "#+ param: economy — an economy (IRI)\nSELECT ?x WHERE { ?x ?p ?economy }\n",
        encoding="utf-8",
    )
    _one_line_error(capsys, cli(["query", str(needs)]), "missing parameter 'economy'")
    _one_line_error(capsys, cli(["query", str(needs), "--param", "economy=nope:x"]), "known prefix")


def test_bad_query_file(cli, capsys, tmp_path: Path) -> None:
    binary = tmp_path / "binary.rq"
    binary.write_bytes(b"\xff\xfe\x00SELECT")
    _one_line_error(capsys, cli(["query", str(binary)]), "cannot read query file")
    _one_line_error(capsys, cli(["query", str(tmp_path / "missing.rq")]), "not found")
    header = tmp_path / "header.rq"
    header.write_text("#+ param: broken\nSELECT * {}\n", encoding="utf-8")
    _one_line_error(capsys, cli(["query", str(header)]), f"{header}:1: bad parameter line")


def test_a_node_without_a_label_shows_its_gloss_or_quote() -> None:
    """An observation has no label: its cell reads as its gloss (en) or quote (zh)."""
    from htkg.output.tables import Labeller, render
    from htkg.queries.catalogue import ResultTable

    obs, named = URIRef("urn:obs"), URIRef("urn:named")
    dataset = Dataset()
    graph = dataset.graph(URIRef("urn:g"))
    graph.add((obs, HTKG.gloss, Literal("exports grew 13.5 %", lang="en")))
    graph.add((obs, HTKG.quote, Literal("同比增长13.5%", lang="zh")))
    table = ResultTable(["item", "itemLabel"], [(obs, None), (named, None)])
    assert render(table, Labeller(dataset, "en"), "csv").splitlines()[1:] == [
        "<urn:obs>,exports grew 13.5 %",
        "<urn:named>,",
    ]
    assert "同比增长13.5%" in render(table, Labeller(dataset, "zh"), "csv")

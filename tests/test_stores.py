"""Stores: the memory default and on-disk Oxigraph — same answers, atomic loads, locks.

The failure cases are real: another process holds the store (exit 4), a load
is killed half-way (the previous content is still there and queryable).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Literal, URIRef

from htkg.cli.main import main
from htkg.errors import InputError, StoreError
from htkg.paths import ProjectPaths
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH, KG, document_graph
from htkg.stores import open_store
from htkg.stores.convert import from_json
from htkg.stores.memory import MemoryStore
from htkg.stores.oxigraph import ACTIVE, OxigraphStore
from htkg.workflow import open_dataset

ARTICLE = document_graph("article")
LABEL_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { GRAPH ?g { ?x skos:prefLabel ?label FILTER(lang(?label) = ?lang) } }
"""


def _small(n: int) -> Dataset:
    dataset = Dataset()
    for i in range(n):
        dataset.graph(ARTICLE).add((KG[f"x{i}"], HTKG.order, Literal(i)))
    return dataset


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def test_store_specs(tmp_path: Path) -> None:
    assert isinstance(open_store("memory"), MemoryStore)
    assert isinstance(open_store(f"oxigraph:{tmp_path / 's'}"), OxigraphStore)
    for bad in ("oxigraph:", "postgres:x", "sparql:ftp://x/query", "Memory"):
        with pytest.raises(InputError):
            open_store(bad)
    with pytest.raises(StoreError, match="no htkg Oxigraph store"):
        open_store(f"oxigraph:{tmp_path / 'missing'}", read_only=True)


def test_bad_store_spec_on_the_command_line_exits_2(capsys) -> None:
    assert main(["export", "--store", "postgres:x"]) == 2
    assert "use memory, oxigraph:PATH or sparql:URL" in capsys.readouterr().err


def test_memory_and_oxigraph_answer_alike(reasoned: Dataset, tmp_path: Path) -> None:
    """Same query, same bindings → the same rows (as rdflib terms) on both stores."""
    disk = OxigraphStore(tmp_path / "s")
    disk.replace(reasoned)
    memory = MemoryStore(reasoned)
    for lang in ("zh", "en"):
        bindings = {"x": KG["core-technology-dependence"], "lang": Literal(lang)}
        rows = [set(s.query(LABEL_QUERY, bindings).rows) for s in (memory, disk)]
        assert rows[0] == rows[1] and len(rows[0]) == 1
    # owlrl's generalised triples (a literal as subject) are not RDF; the store leaves them out
    rdf = [t for t in reasoned.graph(INFERRED_GRAPH) if not isinstance(t[0], Literal)]
    assert disk.count(INFERRED_GRAPH) == len(rdf) > 2000
    # xsd:string and plain literals come back alike from both
    query = f"SELECT ?c WHERE {{ GRAPH ?g {{ <{KG['semiconductors']}> <{HTKG.hsCode}> ?c }} }}"
    assert memory.query(query).rows == disk.query(query).rows == [(Literal("8541"),)]


def test_replace_swaps_the_whole_content(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "s")
    store.replace(_small(3))
    first = (tmp_path / "s" / ACTIVE).resolve()
    store.replace(_small(5))
    assert store.count() == 5
    assert (tmp_path / "s" / ACTIVE).resolve() != first and not first.exists()
    assert [p.name for p in (tmp_path / "s").glob("data-*")] == [first.name.replace(
        first.name, (tmp_path / "s" / ACTIVE).resolve().name)]  # fmt: skip


def test_a_failed_load_keeps_the_previous_content(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "s")
    store.replace(_small(4))

    def broken(fresh: OxigraphStore) -> None:
        fresh.bulk_load(_small(10).serialize(format="nquads", encoding="utf-8"))
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store.replace_with(broken)
    assert store.count() == 4
    assert len(list((tmp_path / "s").glob("data-*"))) == 1


def test_a_large_load_is_split_but_errors_name_the_line_in_the_whole_file(
    tmp_path: Path,
) -> None:
    """Over 4 MB, N-Quads load one piece per core: the blank nodes stay one node, and
    a syntax error still names its line in the file, not in the piece."""
    lines = [f'<urn:s{i}> <urn:p> "{"x" * 40}" <urn:g> .' for i in range(80_000)]
    lines[10] = "_:b <urn:p> <urn:o1> <urn:g> ."
    lines[-10] = "_:b <urn:p> <urn:o2> <urn:g> ."  # the same node, at the other end
    good = tmp_path / "good.nq"
    good.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = OxigraphStore()
    store.bulk_load(good)
    assert store.count() == 80_000
    subjects = store.query(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s <urn:p> <urn:o1>, <urn:o2> } }"
    )
    assert len(subjects.rows) == 1
    lines[70_000] = '<urn:s> <urn:p> "broken <urn:g> .'
    bad = tmp_path / "bad.nq"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.nq: .*line 70001"):
        OxigraphStore().bulk_load(bad)


def test_a_load_killed_half_way_leaves_the_store_intact(tmp_path: Path) -> None:
    """SIGKILL during a bulk load: the old content is queryable, the stray load removed."""
    path = tmp_path / "s"
    store = OxigraphStore(path)
    store.replace(_small(7))
    store.close()
    loader = subprocess.Popen(
        _python(f"""
            import time
            from htkg.stores.oxigraph import OxigraphStore
            def slow(fresh):
                fresh.bulk_load(b"<urn:a> <urn:b> <urn:c> <urn:g> .\\n")
                print("loading", flush=True)
                time.sleep(60)
            OxigraphStore(__import__("pathlib").Path({str(path)!r})).replace_with(slow)
        """),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert loader.stdout is not None and loader.stdout.readline().strip() == "loading"
    loader.send_signal(signal.SIGKILL)
    loader.wait(10)
    assert len(list(path.glob("data-*"))) == 2  # the active one and the half-done one
    reader = open_store(f"oxigraph:{path}", read_only=True)
    assert reader.count() == 7
    writer = open_store(f"oxigraph:{path}")
    assert writer.count() == 7 and len(list(path.glob("data-*"))) == 1


def test_a_store_locked_by_another_process_exits_4(
    tmp_path: Path, project_copy: ProjectPaths, monkeypatch, capsys
) -> None:
    path = tmp_path / "s"
    OxigraphStore(path).replace(_small(2))
    holder = subprocess.Popen(
        _python(f"""
            import time, pathlib
            from htkg.stores.oxigraph import OxigraphStore
            store = OxigraphStore(pathlib.Path({str(path)!r}))
            print("holding", flush=True)
            time.sleep(60)
        """),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        monkeypatch.setenv("HTKG_ROOT", str(project_copy.root))
        assert main(["build", "--quiet", "--reasoner", "rules", "--store", f"oxigraph:{path}"]) == 4
        assert "locked by another process" in capsys.readouterr().err
        # readers are not blocked by the writer
        assert open_store(f"oxigraph:{path}", read_only=True).count() == 2
    finally:
        holder.kill()
        holder.wait(10)


def test_build_into_oxigraph_then_export_from_it(
    tmp_path: Path, project_copy: ProjectPaths, monkeypatch, capsysbinary
) -> None:
    """``build --store oxigraph:PATH`` loads the build; ``export --store`` reads it back."""
    monkeypatch.setenv("HTKG_ROOT", str(project_copy.root))
    spec = f"oxigraph:{tmp_path / 's'}"
    assert main(["build", "--quiet", "--reasoner", "rules", "--store", spec]) == 0
    capsysbinary.readouterr()
    built = Dataset()
    built.parse(project_copy.build / "htkg.trig", format="trig")
    assert main(["export", "--store", spec, "--format", "nq", "--reasoned"]) == 0
    exported = Dataset()
    exported.parse(data=capsysbinary.readouterr().out, format="nquads")
    for graph in built.graphs():
        if len(graph):
            assert len(exported.graph(graph.identifier)) == len(graph), graph.identifier
    assert len(exported.graph(INFERRED_GRAPH)) > 2000


def test_open_dataset_on_oxigraph_runs_sparql_in_the_store(
    reasoned: Dataset, tmp_path: Path
) -> None:
    OxigraphStore(tmp_path / "s").replace(reasoned)
    dataset = open_dataset(f"oxigraph:{tmp_path / 's'}")
    rows = list(dataset.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    rdf = [q for q in reasoned.quads((None, None, None, None)) if not isinstance(q[0], Literal)]
    assert int(rows[0][0]) == len(rdf)
    assert URIRef(INFERRED_GRAPH) in {g.identifier for g in dataset.graphs()}


def test_benchmark_smoke(tmp_path: Path) -> None:
    """The generator is reproducible and the benchmark's Oxigraph run works on a tiny corpus."""
    from benchmarks.generate import write_corpus
    from benchmarks.run import render, work_oxigraph

    first, second = tmp_path / "a.nq", tmp_path / "b.nq"
    count = write_corpus(first, 8_000, seed=3)
    assert write_corpus(second, 8_000, seed=3) == count >= 8_000
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert "/graph/syn-doc-0> ." in text and "/graph/syn-entities> ." in text
    assert text.count("\n") == count
    result = work_oxigraph(first, count, 1)
    assert result["inferred"] > 1000 and result["paths"] > 0
    assert result["problems"] == 0
    assert len(result["queries"]) >= 22 and all(t == t for t in result["queries"].values())
    assert result["explorer_view"] > 0  # the served explorer's first view was read
    article = {"commands": {"htkg build": 2.5}, "explorer_page": 0.25}
    report = render({"8k": {"oxigraph": result}}, 1, 1.0, article)
    assert "| load | " in report and "| cq01_countermeasures_per_constraint | " in report
    assert "| `htkg serve`: the explorer's first view | " in report
    assert "| writing `build/explorer.html` (in-process, part of `htkg build`) | 0.250 |" in report


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "cq02", "--format", "json"],
        ["query", "cq16", "--param", "economy=kg:united-states", "--format", "json"],
        ["trace", "kg:insufficient-enterprise-investment", "--format", "json", "--lang", "zh"],
    ],
)
def test_query_and_trace_print_the_same_on_memory_and_oxigraph(
    argv: list[str], reasoned: Dataset, tmp_path: Path, monkeypatch, capsys
) -> None:
    """``--store oxigraph:PATH`` changes where the graph comes from, not what is printed."""
    OxigraphStore(tmp_path / "s").replace(reasoned)
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    assert main(argv) == 0
    on_memory = json.loads(capsys.readouterr().out)
    assert main([*argv, "--store", f"oxigraph:{tmp_path / 's'}"]) == 0
    on_oxigraph = json.loads(capsys.readouterr().out)
    assert on_memory and _sorted(on_oxigraph) == _sorted(on_memory)


def _sorted(value: object) -> object:
    """JSON with lists of rows in a canonical order (row order is not part of the answer)."""
    if isinstance(value, list):
        return sorted((_sorted(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in value.items()}
    return value


XSD_NS = "http://www.w3.org/2001/XMLSchema#"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@pytest.mark.parametrize(
    ("binding", "expected"),
    [
        ({"type": "uri", "value": "https://w3id.org/htkg/id/china"}, KG.china),
        ({"type": "bnode", "value": "b0"}, BNode("b0")),
        ({"type": "literal", "value": "中国", "xml:lang": "zh"}, Literal("中国", lang="zh")),
        ({"type": "literal", "value": "x", "xml:lang": "en", "datatype": LANG_STRING},
         Literal("x", lang="en")),
        ({"type": "literal", "value": "7", "datatype": XSD_NS + "integer"},
         Literal("7", datatype=URIRef(XSD_NS + "integer"))),
        ({"type": "literal", "value": "x", "datatype": XSD_NS + "string"}, Literal("x")),
        ({"type": "literal", "value": "x"}, Literal("x")),
        # Virtuoso still writes SPARQL 1.0's typed-literal
        ({"type": "typed-literal", "value": "1.5", "datatype": XSD_NS + "decimal"},
         Literal("1.5", datatype=URIRef(XSD_NS + "decimal"))),
        ({"type": "typed-literal", "value": "x", "datatype": XSD_NS + "string"}, Literal("x")),
    ],
)  # fmt: skip
def test_sparql_json_terms_become_the_rdflib_terms_other_stores_give(binding, expected) -> None:
    term = from_json(binding)
    assert type(term) is type(expected) and term == expected
    if isinstance(expected, Literal):
        assert (term.datatype, term.language) == (expected.datatype, expected.language)
    assert from_json(None) is None

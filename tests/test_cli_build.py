"""``htkg build`` and ``htkg export``: output, summary and bad input.

Bad input (a Turtle syntax error, a shape violation, a missing file, an
unwritable output) must give one line naming the file, a documented exit code,
no traceback, and leave the previous build/ intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal

from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.paths import SUMMARY_NAME, TRIG_NAME, ProjectPaths
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH
from htkg.workflow import build


@pytest.fixture(scope="session")
def built_template(tmp_path_factory: pytest.TempPathFactory, paths: ProjectPaths) -> Path:
    """One finished build of a project copy, made once per session."""
    root = tmp_path_factory.mktemp("built")
    for name in ("ontology", "data", "queries"):
        shutil.copytree(paths.root / name, root / name)
    build(ProjectPaths(root))
    return root


@pytest.fixture()
def built(built_template: Path, working_copy) -> ProjectPaths:
    """A fresh copy of the built project: its build/ is the 'previous output'."""
    return working_copy(built_template)


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_build_writes_trig_and_summary(built: ProjectPaths, capsys) -> None:
    dataset = Dataset()
    dataset.parse(built.build / TRIG_NAME, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {"https://w3id.org/htkg/graph/ontology", "https://w3id.org/htkg/graph/article",
            str(INFERRED_GRAPH)} <= graphs  # fmt: skip
    summary = json.loads((built.build / SUMMARY_NAME).read_text(encoding="utf-8"))
    assert summary["validation"] == "SHACL: conforms"
    assert summary["entities_per_class"]["ConstraintFactor"] == 6
    assert summary["inferred_triples"] > 0
    assert len(dataset.graph(INFERRED_GRAPH)) == summary["inferred_triples"]
    checks = sorted(p.stem for p in (built.queries / "checks").glob("*-violation.rq"))
    assert summary["checks"] == checks and "period-order-violation" in checks
    assert summary["checked_on"] == ["memory"]


def test_build_records_the_text_its_quotes_were_checked_in(built: ProjectPaths) -> None:
    """summary.json names the article's text and its SHA-256: which text the quotes are from."""
    summary = json.loads((built.build / SUMMARY_NAME).read_text(encoding="utf-8"))
    text = built.source_text
    assert summary["texts"]["article"] == {
        "path": str(text),
        "sha256": hashlib.sha256(text.read_bytes()).hexdigest(),
        "quotes": summary["texts"]["article"]["quotes"],
    }
    assert summary["texts"]["article"]["quotes"] > 300
    assert summary["quotes_unverified"] == []


def test_build_prints_a_summary(built: ProjectPaths, capsys) -> None:
    assert main(["build", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "triples asserted:" in out and "triples inferred:" in out
    assert "ConstraintFactor" in out and "SHACL: conforms" in out
    assert f"checks: {_checks(built)} passed (memory)" in out


def _checks(project: ProjectPaths) -> int:
    """How many check queries the project has (four today)."""
    return len(list((project.queries / "checks").glob("*-violation.rq")))


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_turtle_syntax_error_names_file_and_line(built: ProjectPaths, capsys) -> None:
    before = _snapshot(built.build)
    broken = built.data / "article" / "entities.ttl"
    _break(broken, "kg:japan a htkg:Economy ;", "kg:japan a htkg:Economy , nope:Thing ;")
    lines = broken.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "nope:Thing" in text)
    assert main(["build", "--quiet"]) == ExitCode.INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"{broken}:{line}:27: Turtle syntax error" in err and "nope:" in err
    assert _snapshot(built.build) == before


def test_shape_violation_is_reported_with_exit_1(built: ProjectPaths, capsys) -> None:
    before = _snapshot(built.build)
    _break(built.data / "article" / "entities.ttl",
           'skos:prefLabel "日本"@zh , "Japan"@en ;', 'skos:prefLabel "Japan"@en ;')  # fmt: skip
    assert main(["build", "--quiet"]) == ExitCode.FINDING
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "SHACL violation" in err and "japan" in err and "Chinese label" in err
    assert _snapshot(built.build) == before
    # the files written while the shapes were checked were thrown away
    assert [p.name for p in built.root.iterdir() if p.name.startswith(".build")] == []


#: a period that ends before it starts: no shape says so, the check query does
PERIOD = ("kg:years-2015-2017 a htkg:Period ; htkg:startYear 2015 ; htkg:endYear 2017",
          "kg:years-2015-2017 a htkg:Period ; htkg:startYear 2015 ; htkg:endYear 2014")  # fmt: skip


def test_a_failed_check_query_is_reported_with_exit_1(built: ProjectPaths, capsys) -> None:
    """The shapes pass; queries/checks/period-order-violation.rq finds the period."""
    before = _snapshot(built.build)
    _break(built.data / "article" / "document.ttl", *PERIOD)
    assert main(["build", "--quiet"]) == ExitCode.FINDING
    err = capsys.readouterr().err.strip()
    assert err == (
        f"htkg build: {built.queries / 'checks' / 'period-order-violation.rq'}: 1 violation(s) "
        'in the built data; first: ?period=kg:years-2015-2017 ?problem="ends before it starts"'
    )
    assert _snapshot(built.build) == before
    assert [p.name for p in built.root.iterdir() if p.name.startswith(".build")] == []


def test_the_checks_run_on_an_oxigraph_store_too(built: ProjectPaths, capsys) -> None:
    """Listed in the summary; data that fails them leaves the store as it was."""
    spec = f"oxigraph:{built.root / 'store'}"
    assert main(["build", "--quiet", "--store", spec]) == 0
    assert f"checks: {_checks(built)} passed (memory, {spec})" in capsys.readouterr().out
    summary = json.loads((built.build / SUMMARY_NAME).read_text(encoding="utf-8"))
    assert summary["checked_on"] == ["memory", spec]
    stored = _store_quads(spec)
    _break(built.data / "article" / "document.ttl", *PERIOD)
    assert main(["build", "--quiet", "--store", spec]) == ExitCode.FINDING
    assert "period-order-violation.rq: 1 violation(s)" in capsys.readouterr().err
    assert _store_quads(spec) == stored


def _store_quads(spec: str) -> int:
    from htkg.stores import open_store

    with open_store(spec, read_only=True) as store:
        return store.count()


def test_missing_ontology_file(built: ProjectPaths, capsys) -> None:
    before = _snapshot(built.build)
    built.ontology.unlink()
    os.environ["HTKG_ROOT"] = str(built.root)
    try:
        assert main(["build", "--quiet"]) == ExitCode.INPUT
    finally:
        del os.environ["HTKG_ROOT"]
    err = capsys.readouterr().err.strip()
    assert err.endswith("htkg.ttl: file not found") and len(err.splitlines()) == 1
    assert _snapshot(built.build) == before


def test_unwritable_build_directory(built: ProjectPaths, capsys) -> None:
    if os.geteuid() == 0:
        # root ignores permission bits: make the build's parent a file path instead
        blocker = built.root / "blocked"
        blocker.write_text("not a directory")
        from htkg.errors import OutputError
        from htkg.files import atomic_write_text

        with pytest.raises(OutputError, match=r"blocked/out\.ttl: cannot write"):
            atomic_write_text(blocker / "out.ttl", "x")
        return
    built.root.chmod(0o555)
    try:
        assert main(["build", "--quiet"]) == ExitCode.OUTPUT
    finally:
        built.root.chmod(0o755)


def test_export_to_unwritable_path_fails_cleanly(built: ProjectPaths, capsys) -> None:
    target = built.root / "no-such-dir" / "out.ttl"
    assert main(["export", "--format", "ttl", "-o", str(target)]) == ExitCode.OUTPUT
    err = capsys.readouterr().err.strip()
    assert "no-such-dir" in err and len(err.splitlines()) == 1
    assert not target.parent.exists()


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("nt", "nt"), ("trig", "trig"),
                                          ("nq", "nquads"), ("json-ld", "json-ld")])  # fmt: skip
def test_export_formats_parse_back(
    built: ProjectPaths, tmp_path: Path, fmt: str, parser: str
) -> None:
    out = tmp_path / f"graph.{fmt}"
    assert main(["export", "--format", fmt, "-o", str(out)]) == 0
    quad_format = fmt in ("trig", "nq", "json-ld")
    graph = Dataset() if quad_format else Graph()
    graph.parse(out, format=parser)
    assert len(graph) > 1000 or len(list(graph.quads())) > 1000
    # without --reasoned there is no derived direct edge
    assert not list(graph.triples((None, HTKG.directlyInfluences, None)))


def test_export_reasoned_includes_the_inferred_graph(built: ProjectPaths, tmp_path: Path) -> None:
    out = tmp_path / "graph.trig"
    assert main(["export", "--reasoned", "--format", "trig", "-o", str(out)]) == 0
    dataset = Dataset()
    dataset.parse(out, format="trig")
    assert len(dataset.graph(INFERRED_GRAPH)) > 0
    assert list(dataset.graph(INFERRED_GRAPH).triples((None, HTKG.directlyInfluences, None)))


def test_errors_have_no_traceback_in_a_real_process(built: ProjectPaths) -> None:
    _break(built.data / "article" / "document.ttl", "kg:article a", "kg:article a a")
    done = subprocess.run(
        [sys.executable, "-m", "htkg", "build"],
        cwd=built.root, capture_output=True, text=True, check=False,
        env={**os.environ, "HTKG_ROOT": str(built.root)},
    )  # fmt: skip
    assert done.returncode == ExitCode.INPUT
    assert "Traceback" not in done.stderr
    assert "document.ttl:" in done.stderr


def test_python_api_load(paths: ProjectPaths) -> None:
    import htkg

    reasoned = htkg.load(reasoned=True, paths=paths)
    plain = htkg.load(reasoned=False, paths=paths)
    assert len(reasoned.graph(INFERRED_GRAPH)) > 0
    assert len(plain.graph(INFERRED_GRAPH)) == 0


def test_load_reads_the_pickle_cache_and_falls_back_to_trig(built: ProjectPaths) -> None:
    """build/ holds the dataset pickled as well: load() reads it (TriG unread), and
    reads the TriG when the pickle is damaged or written by other versions."""
    import os
    import pickle

    from htkg.paths import CACHE_NAME
    from htkg.workflow import load

    def quads(dataset: Dataset) -> tuple[int, set]:
        """How many quads, and those without blank nodes (renamed by every parse), literals
        by value (TriG writes the decimal 15 as 15.0; the pickle keeps the source's "15")."""
        every = list(dataset.quads((None, None, None, None)))
        plain = [q for q in every if not any(isinstance(t, BNode) for t in q)]
        value = lambda t: (t.toPython(), t.datatype, t.language) if isinstance(t, Literal) else t  # noqa: E731
        return len(every), {tuple(value(t) for t in q) for q in plain}

    expected = load(paths=built)
    trig, cache = built.build / TRIG_NAME, built.build / CACHE_NAME
    text, stamp = trig.read_bytes(), trig.stat().st_mtime
    trig.write_text("this is not TriG {", encoding="utf-8")
    os.utime(trig, (stamp, stamp))
    assert quads(load(paths=built)) == quads(expected)  # from the pickle alone
    trig.write_bytes(text)
    os.utime(trig, (stamp, stamp))
    for damaged in (b"not a pickle", pickle.dumps(("0.0.0", "0.0", Dataset()))):
        cache.write_bytes(damaged)
        assert quads(load(paths=built)) == quads(expected)  # read from the TriG again


def test_the_checks_run_on_a_sparql_endpoint_too(
    built: ProjectPaths, oxigraph_server: str, capsys
) -> None:
    """``--store sparql:URL``: the same checks, through the endpoint's own SPARQL."""
    spec = f"sparql:{oxigraph_server}"
    assert main(["build", "--quiet", "--store", spec]) == 0
    assert f"checks: {_checks(built)} passed (memory, {spec})" in capsys.readouterr().out

"""``htkg link --store``: joins made in a store in place equal a rebuild.

The workflow of a shared store: ``htkg add --store`` a document (nothing is
written under ``data/``), then ``htkg link --store`` joins its entities with
the others'. The store must end up as ``htkg build --store`` of a project
holding the document and the links ``htkg link`` writes — graph by graph,
inferred (equality rules included), index and audit — and a join that no
longer holds must go, with what was derived from it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL
from tests.test_incremental import _project, assert_same_graphs, by_graph

from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.rdf.namespaces import KG, LINKS_GRAPH
from htkg.reasoning.rules import materialise
from htkg.stores.oxigraph import OxigraphStore

DOCUMENT = Path(__file__).parent / "data" / "link-test" / "link-test.yaml"
ALIAS = KG.usa


def _with_document(root: Path, links: bool) -> Path:
    project = _project(root, with_document=True)
    shutil.copy(DOCUMENT, project / "literature" / DOCUMENT.name)
    if not links:
        (project / "data" / "links" / "reconciliation.ttl").unlink()
    return project


def _rebuilt(tmp_path: Path, monkeypatch) -> Path:
    """A store built from a project where the document was added and linked on files."""
    full = _with_document(tmp_path / "full", links=True)
    monkeypatch.chdir(full)
    assert main(["add", f"literature/{DOCUMENT.name}"]) == ExitCode.OK
    assert main(["link"]) == ExitCode.OK
    links = Graph().parse(full / "data" / "links" / "reconciliation.ttl")
    assert (KG["united-states"], OWL.sameAs, ALIAS) in links, "the test needs an equality join"
    assert main(["build", "--quiet", "--store", f"oxigraph:{tmp_path / 'rebuilt'}"]) == 0
    return tmp_path / "rebuilt"


def test_add_then_link_in_a_store_equals_a_rebuild(tmp_path: Path, monkeypatch, capsys) -> None:
    rebuilt = by_graph(OxigraphStore(_rebuilt(tmp_path, monkeypatch), read_only=True))
    base = _with_document(tmp_path / "base", links=False)
    monkeypatch.chdir(base)
    store = f"oxigraph:{tmp_path / 'grown'}"
    assert main(["build", "--quiet", "--store", store]) == ExitCode.OK
    assert main(["add", f"literature/{DOCUMENT.name}", "--store", store]) == ExitCode.OK
    capsys.readouterr()
    assert main(["link", "--store", store, "--dry-run"]) == ExitCode.OK
    assert "wikidata" in capsys.readouterr().out
    assert str(LINKS_GRAPH) not in by_graph(OxigraphStore(tmp_path / "grown", read_only=True))
    assert main(["link", "--store", store]) == ExitCode.OK
    assert "semi-naive" in capsys.readouterr().err
    assert not (base / "data" / "links" / "reconciliation.ttl").exists(), "the store, not files"
    assert_same_graphs(by_graph(OxigraphStore(tmp_path / "grown", read_only=True)), rebuilt)
    assert main(["link", "--store", store]) == ExitCode.OK
    assert "up to date" in capsys.readouterr().err


def test_a_join_that_no_longer_holds_goes_with_its_consequences(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    rebuilt = _rebuilt(tmp_path, monkeypatch)
    stale = tmp_path / "stale"
    shutil.copytree(rebuilt, stale, symlinks=True)
    store = OxigraphStore(stale)
    store.update(f"INSERT DATA {{ GRAPH <{LINKS_GRAPH}> {{ "
                 f"<{KG.chips}> <{OWL.sameAs}> <{KG.computers}> }} }}")  # fmt: skip
    materialise(store)
    assert store.ask(f"ASK {{ GRAPH ?g {{ <{KG.computers}> <{OWL.sameAs}> <{KG.chips}> }} }}")
    store.close()
    assert main(["link", "--store", f"oxigraph:{stale}"]) == ExitCode.OK
    assert "everything rematerialised" in capsys.readouterr().err
    assert_same_graphs(
        by_graph(OxigraphStore(stale, read_only=True)),
        by_graph(OxigraphStore(rebuilt, read_only=True)),
    )


def test_link_on_a_sparql_endpoint_equals_a_rebuild(
    oxigraph_server: str, tmp_path: Path, monkeypatch
) -> None:
    """On an endpoint the same steps run by SPARQL updates (in place: no checkpoint)."""
    from tests.servers import rdf_graphs

    from htkg.paths import ProjectPaths
    from htkg.stores.remote import SparqlStore
    from htkg.workflow import run_build

    rebuilt = by_graph(OxigraphStore(_rebuilt(tmp_path, monkeypatch), read_only=True))
    base = _with_document(tmp_path / "base", links=False)
    monkeypatch.chdir(base)
    assert main(["add", f"literature/{DOCUMENT.name}"]) == ExitCode.OK
    store = SparqlStore(oxigraph_server)
    store.update("DROP SILENT ALL")
    store.publish(rdf_graphs(run_build(ProjectPaths(base))))
    assert main(["link", "--store", f"sparql:{oxigraph_server}"]) == ExitCode.OK
    got = OxigraphStore()
    got.replace(store.dataset())
    assert_same_graphs(by_graph(got), rebuilt)


def test_a_store_no_build_wrote_is_refused_and_not_created(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """add --store and link --store change a built store; a mistyped path must not
    become a new, empty one."""
    project = _with_document(tmp_path / "p", links=True)
    monkeypatch.chdir(project)
    missing = tmp_path / "no-store"
    for command in (
        ["link", "--store", f"oxigraph:{missing}"],
        ["add", f"literature/{DOCUMENT.name}", "--store", f"oxigraph:{missing}"],
    ):
        assert main(command) == ExitCode.STORE
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "no htkg Oxigraph store here" in err, err
        assert not missing.exists()

"""Adding a document to a store in place equals a rebuild, and is all or nothing.

- Random documents of a generated corpus added one by one to a store holding
  the rest give, graph by graph, what reasoning and indexing the whole corpus
  gives (the semi-naive rules, the index).
- ``htkg add FILE --store oxigraph:PATH`` on a store built without the document
  equals ``htkg build --store`` with it (every graph: inferred, index, audit).
- A contradiction, a SHACL violation, or a SIGKILL at several points of the
  add leaves the store as it was.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import RDF

from htkg.cli.main import main
from htkg.errors import ValidationFailed
from htkg.literature.add import add_graph
from htkg.paths import ProjectPaths
from htkg.rdf.namespaces import HTKG, KG
from htkg.reasoning.rules import materialise
from htkg.stores.index import rebuild_index
from htkg.stores.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
DOC = re.compile(rb"<https://w3id.org/htkg/graph/(syn-doc-\d+)> \.\n$")


def by_graph(store: OxigraphStore) -> dict[str, Graph]:
    """Every named graph of ``store`` as an rdflib Graph."""
    dataset = Dataset()
    dataset.parse(data=store.dump(), format="nquads")
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def assert_same_graphs(got: dict[str, Graph], expected: dict[str, Graph]) -> None:
    assert sorted(got) == sorted(expected)
    for name, graph in expected.items():
        other = got[name]
        if any(isinstance(t, BNode) for triple in graph for t in triple):
            assert to_isomorphic(other) == to_isomorphic(graph), name
        else:
            missing, extra = set(graph) - set(other), set(other) - set(graph)
            assert not missing and not extra, (
                f"{name}: missing {list(missing)[:3]}, extra {list(extra)[:3]}"
            )


@pytest.fixture(scope="module")
def corpus() -> bytes:
    from benchmarks.generate import corpus as generate

    return b"".join(generate(12_000, seed=3, paths=ProjectPaths(ROOT)))


def split(corpus: bytes, slugs: list[bytes]) -> tuple[bytes, dict[bytes, Graph]]:
    """The corpus without the documents ``slugs``, and each of them as a Graph."""
    base, removed = [], defaultdict(list)
    for line in corpus.splitlines(keepends=True):
        match = DOC.search(line)
        if match and match.group(1) in slugs:
            removed[match.group(1)].append(line.rsplit(b" ", 2)[0] + b" .\n")
        else:
            base.append(line)
    graphs = {}
    for slug, lines in removed.items():
        graphs[slug] = Graph().parse(data=b"".join(lines), format="nt")
    return b"".join(base), graphs


def reasoned(data: bytes, path: Path | None = None) -> OxigraphStore:
    """``data`` loaded, reasoned and indexed, as a build into a store leaves it."""
    store = OxigraphStore(path)
    store.replace_with(lambda fresh: fresh.bulk_load(data, trusted=True))
    materialise(store, check=False)
    rebuild_index(store)
    return store


@pytest.mark.parametrize("seed", [1, 2])
def test_adding_random_documents_equals_a_rebuild(corpus: bytes, seed: int) -> None:
    slugs = sorted(set(re.findall(rb"graph/(syn-doc-\d+)>", corpus)))
    assert len(slugs) >= 5
    chosen = random.Random(seed).sample(slugs, 2)
    base, documents = split(corpus, chosen)
    store = reasoned(base)
    for slug, graph in documents.items():
        result = add_graph(store, slug.decode(), graph)
        assert not result.full and result.inferred > 0 and result.rounds > 1
    assert_same_graphs(by_graph(store), by_graph(reasoned(corpus)))


def test_a_schema_axiom_rematerialises_everything(corpus: bytes) -> None:
    base, documents = split(corpus, [b"syn-doc-1"])
    store = reasoned(base)
    graph = documents[b"syn-doc-1"]
    graph.add((HTKG.CausalLink, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
               HTKG.Claim))  # fmt: skip
    assert add_graph(store, "syn-doc-1", graph).full


def test_a_contradiction_leaves_the_store_as_it_was(corpus: bytes, tmp_path: Path) -> None:
    base, documents = split(corpus, [b"syn-doc-2"])
    store = reasoned(base, tmp_path / "s")
    before = by_graph(store)
    graph = documents[b"syn-doc-2"]
    # a document and a section at once: disjoint classes
    graph.add((KG["syn-doc-2"], RDF.type, HTKG.Section))
    with pytest.raises(ValidationFailed, match="inconsistent under OWL 2 RL: cax-"):
        add_graph(store, "syn-doc-2", graph)
    assert_same_graphs(by_graph(store), before)
    store.close()
    assert_same_graphs(by_graph(OxigraphStore(tmp_path / "s", read_only=True)), before)


def test_a_shacl_violation_leaves_the_store_as_it_was(corpus: bytes, tmp_path: Path) -> None:
    base, documents = split(corpus, [b"syn-doc-3"])
    store = reasoned(base, tmp_path / "s")
    before = by_graph(store)
    graph = documents[b"syn-doc-3"]  # synthetic curator readings carry no note
    with pytest.raises(ValidationFailed, match="SHACL violation"):
        add_graph(store, "syn-doc-3", graph, ROOT / "ontology" / "shapes.ttl")
    assert_same_graphs(by_graph(store), before)


def test_a_document_already_in_the_store_is_refused(corpus: bytes) -> None:
    _base, documents = split(corpus, [b"syn-doc-4"])
    store = reasoned(corpus)
    with pytest.raises(Exception, match="already holds a document 'syn-doc-4'"):
        add_graph(store, "syn-doc-4", documents[b"syn-doc-4"])


# --------------------------------------------------------------- the command --


def _project(root: Path, with_document: bool) -> Path:
    for name in ("ontology", "data", "queries", "literature"):
        shutil.copytree(ROOT / name, root / name)
    (root / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    # the fact sheets the authoring files name (``fact_sheet.path`` must exist)
    shutil.copytree(ROOT.parent / "shared" / "literature", root.parent / "shared" / "literature",
                    dirs_exist_ok=True)  # fmt: skip
    if not with_document:
        (root / "data" / "literature" / "us-bis-2022-10-07.ttl").unlink()
    return root


def test_htkg_add_store_equals_htkg_build_store(tmp_path: Path, monkeypatch) -> None:
    full = _project(tmp_path / "full", with_document=True)
    monkeypatch.chdir(full)
    assert main(["build", "--quiet", "--store", f"oxigraph:{tmp_path / 'rebuilt'}"]) == 0
    base = _project(tmp_path / "base", with_document=False)
    monkeypatch.chdir(base)
    store = f"oxigraph:{tmp_path / 'grown'}"
    assert main(["build", "--quiet", "--store", store]) == 0
    assert main(["add", "literature/us-bis-2022-10-07.yaml", "--store", store]) == 0
    assert not (base / "data" / "literature" / "us-bis-2022-10-07.ttl").exists()
    grown = by_graph(OxigraphStore(tmp_path / "grown", read_only=True))
    rebuilt = by_graph(OxigraphStore(tmp_path / "rebuilt", read_only=True))
    assert "https://w3id.org/htkg/graph/us-bis-2022-10-07" in grown
    assert_same_graphs(grown, rebuilt)


# ------------------------------------------------------------ killed half-way --

_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from rdflib import Graph
    from htkg.cli.add import audit_store
    from htkg.literature.add import add_graph
    from htkg.stores.oxigraph import OxigraphStore

    path, document, stop = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]

    def progress(message: str) -> None:
        print(message, flush=True)
        if message.startswith(stop):
            print("PAUSED", flush=True)
            time.sleep(60)

    store = OxigraphStore(path)
    add_graph(store, "syn-doc-5", Graph().parse(document, format="nt"),
              derive=(("Auditing the figures", audit_store),), progress=progress)
    print("FINISHED", flush=True)
    """
)


@pytest.mark.parametrize("stop", ["reasoning", "indexing", "Auditing"])
def test_an_add_killed_half_way_leaves_the_store_as_it_was(
    corpus: bytes, tmp_path: Path, stop: str
) -> None:
    base, documents = split(corpus, [b"syn-doc-5"])
    reasoned(base, tmp_path / "s").close()
    before = by_graph(OxigraphStore(tmp_path / "s", read_only=True))
    document = tmp_path / "doc.nt"
    documents[b"syn-doc-5"].serialize(document, format="nt", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(tmp_path / "s"), str(document), stop],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert child.stdout is not None
    seen = []
    for line in child.stdout:
        seen.append(line.strip())
        if line.strip() in ("PAUSED", "FINISHED"):
            break
    assert seen[-1] == "PAUSED", seen
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    store = OxigraphStore(tmp_path / "s")  # opens for writing: the stray copy goes
    assert [p.name for p in (tmp_path / "s").glob("data-*")] == [
        (tmp_path / "s" / "active").resolve().name
    ]
    assert_same_graphs(by_graph(store), before)


# ------------------------------------------------------- a SPARQL endpoint --


def test_add_to_a_sparql_endpoint_equals_a_rebuild(oxigraph_server: str, tmp_path: Path) -> None:
    """On an endpoint the same steps run by SPARQL updates (in place: no checkpoint)."""
    from tests.servers import rdf_graphs

    from htkg.cli.add import audit_store
    from htkg.stores.remote import SparqlStore
    from htkg.workflow import run_build

    base = _project(tmp_path / "base", with_document=False)
    built = run_build(ProjectPaths(base))
    store = SparqlStore(oxigraph_server)
    store.update("DROP SILENT ALL")
    store.publish(rdf_graphs(built))
    document = Graph().parse(ROOT / "data" / "literature" / "us-bis-2022-10-07.ttl")
    added = add_graph(store, "us-bis-2022-10-07", document, ROOT / "ontology" / "shapes.ttl",
                      (("Auditing the figures", audit_store),))  # fmt: skip
    assert not added.full and added.inferred > 0
    expected = OxigraphStore()
    expected.replace(run_build(ProjectPaths(ROOT)))
    got = OxigraphStore()
    got.replace(store.dataset())
    assert_same_graphs(by_graph(got), by_graph(expected))

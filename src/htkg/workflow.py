"""The whole job, composed: the pipeline plus the steps that stand above it.

``build/`` holds the audit graph and the explorer page, which belong to
:mod:`htkg.audit` and :mod:`htkg.output`; the pipeline must not import upward,
so the full build (and :func:`load`, which rebuilds in memory when ``build/``
is stale) is put together here, at the top of the package.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Dataset

from htkg.paths import EXPLORER_NAME, ProjectPaths
from htkg.pipeline import build as pipeline
from htkg.pipeline.build import BuildSummary
from htkg.pipeline.dataset import from_build
from htkg.rdf.namespaces import INFERRED_GRAPH, bind_prefixes
from htkg.reasoning import DEFAULT_REASONER
from htkg.stores.base import Store


def _explorer_page(dataset: Dataset) -> str:
    from htkg.network.digraph import build_network
    from htkg.output.explorer import render

    return render(build_network(dataset), dataset=dataset)


def _audit_graph(dataset: Dataset) -> object:
    from htkg.audit.run import add_audit_graph

    return add_audit_graph(dataset)


def _index_graph(dataset: Dataset) -> object:
    from htkg.stores.index import add_index_graph

    return add_index_graph(dataset)


#: What ``htkg build`` adds to the pipeline: the audit and index graphs, the explorer page.
STEPS = pipeline.Steps(
    derive=(
        ("Auditing the figures", _audit_graph),
        ("Indexing which documents mention which entities", _index_graph),
    ),
    pages=((EXPLORER_NAME, _explorer_page),),
)


def build(
    paths: ProjectPaths,
    progress: Callable[[str], None] = lambda _: None,
    reasoner: str = DEFAULT_REASONER,
    store: Store | None = None,
    quotes: pipeline.QuoteCheck | None = None,
) -> BuildSummary:
    """``htkg build``: the pipeline and its steps, ``build/`` replaced only on success."""
    return pipeline.build(paths, progress, reasoner, store, STEPS, quotes)


def run_build(
    paths: ProjectPaths,
    progress: Callable[[str], None] = lambda _: None,
    reasoner: str = DEFAULT_REASONER,
) -> Dataset:
    """The full dataset (asserted, inferred, audit) built in memory; nothing written."""
    return pipeline.run_build(paths, progress, reasoner, STEPS)


def load(reasoned: bool = True, paths: ProjectPaths | None = None) -> Dataset:
    """The knowledge graph as an rdflib Dataset: from ``build/`` if fresh, else built now.

    Args:
        reasoned: include the graph of OWL 2 RL inferences.
        paths: the project checkout (default: discovered from the working directory).
    """
    paths = paths or ProjectPaths.discover()
    dataset = from_build(paths) or run_build(paths)
    if not reasoned:
        dataset.remove_graph(dataset.graph(INFERRED_GRAPH))
    return dataset


def open_dataset(spec: str, paths: ProjectPaths | None = None) -> Dataset:
    """The graph in store ``spec`` as an rdflib Dataset, for the read-only commands.

    ``memory``: the build (:func:`load`). ``oxigraph:PATH``: a Dataset backed by
    the store itself through oxrdflib (opened read-only; SPARQL given as text
    runs inside Oxigraph). ``sparql:URL``: the endpoint's graphs fetched once
    (right for a document-sized graph; query a large endpoint with
    ``Store.query`` instead).
    """
    from htkg.stores import open_store

    if spec == "memory":
        return load(reasoned=True, paths=paths)
    store = open_store(spec, read_only=True)
    kind = spec.partition(":")[0]
    if kind == "oxigraph":
        from oxrdflib import OxigraphStore as OxrdflibStore

        dataset = Dataset(store=OxrdflibStore(store=store._store))  # type: ignore[attr-defined]
        return bind_prefixes(dataset)
    return bind_prefixes(store.dataset())

"""``htkg add``: compile an authoring file, validate it with the project, write its Turtle.

The compiled document is validated together with the ontology, the article and
every other document (so references resolve and ``sh:class`` sees their types)
with the project's own SHACL shapes. Only when it conforms is
``data/literature/<slug>.ttl`` written, atomically and deterministically
(rdflib ``longturtle``), so a failed ``add`` leaves nothing behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from htkg.errors import InputError, OutputError, ValidationFailed
from htkg.files import atomic_write_text
from htkg.literature.checks import consistency_problems, shacl_problems
from htkg.literature.compiler import Compiled, compile_document, document_slug
from htkg.literature.index import build_index
from htkg.literature.yaml_reader import Field, read_authoring
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import discover_sources, load_asserted
from htkg.pipeline.validate import validate
from htkg.rdf.namespaces import (
    GRAPH,
    HTKG,
    KG,
    ONTOLOGY_GRAPH,
    PROJECT_GRAPHS,
    bind_prefixes,
    document_graph,
)
from htkg.stores.base import Store

LITERATURE = "literature"


@dataclass
class AddResult:
    """What ``htkg add`` wrote (or would write with ``--check``)."""

    slug: str
    path: Path
    triples: int
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    written: bool = False
    graph: Graph = field(default_factory=Graph, repr=False)


def target_path(paths: ProjectPaths, slug: str) -> Path:
    return paths.data / LITERATURE / f"{slug}.ttl"


def compile_file(
    source: Path, paths: ProjectPaths, replace: bool = False
) -> tuple[Compiled, Dataset]:
    """Parse and compile ``source`` against the project; the dataset includes the result."""
    root = read_authoring(source)
    slug_field = document_slug(root)
    slug = slug_field.text()
    dataset = load_asserted(paths.ontology, paths.data)
    _check_slug(slug_field, paths, dataset, replace)
    index = build_index(dataset)
    compiled = compile_document(root, index, (paths.root, paths.root.parent))
    graph = dataset.graph(document_graph(slug))
    for triple in compiled.graph:
        graph.add(triple)
    return compiled, dataset


def _check_slug(slug_field: Field, paths: ProjectPaths, dataset: Dataset, replace: bool) -> None:
    """A slug names one document: refuse a second one unless replacing its own file."""
    slug = slug_field.text()
    existing = {source.slug: source for source in discover_sources(paths.data)}
    if slug in existing:
        files = existing[slug].files
        own = files == (target_path(paths, slug),)
        if not (replace and own):
            hint = " (use --replace to recompile it)" if own else ""
            where = f"{files[0].parent}/" if len(files) > 1 else str(files[0])
            raise slug_field.error(f"a document with slug '{slug}' already exists: {where}{hint}")
        dataset.remove_graph(dataset.graph(document_graph(slug)))


def add_document(
    source: Path, paths: ProjectPaths, replace: bool = False, check_only: bool = False
) -> AddResult:
    """Compile, validate, reason and (unless ``check_only``) write one authoring file.

    ``check_only`` also checks a document already added from this file (as ``--replace``).
    """
    compiled, dataset = compile_file(source, paths, replace or check_only)
    report = validate(dataset, paths.shapes)
    problems = shacl_problems(report, compiled, source) if not report.conforms else []
    if not problems:
        problems = consistency_problems(dataset, compiled, source)
    if problems:
        if len(problems) == 1:
            raise ValidationFailed(problems[0])
        listed = "\n".join(f"  {p}" for p in problems)
        raise ValidationFailed(f"{len(problems)} problems:\n{listed}")
    target = target_path(paths, compiled.slug)
    counts = _counts(compiled.graph)
    result = AddResult(compiled.slug, target, len(compiled.graph), counts, compiled.warnings,
                       graph=compiled.graph)  # fmt: skip
    if not check_only:
        if not target.parent.is_dir():
            try:
                target.parent.mkdir(parents=True)
            except OSError as err:
                raise OutputError(f"{target.parent}: cannot create: {err.strerror}") from None
        atomic_write_text(target, serialize(compiled.graph, source, paths))
        result.written = True
    return result


# ------------------------------------------------------------------ into a store --

#: Nodes the added triples (a document, new joins) gave a type to (scratch, dropped at the end).
TYPED = GRAPH["scratch-typed"]


@dataclass
class StoreAdd:
    """What adding one document to a store did."""

    slug: str
    triples: int
    inferred: int
    rounds: int
    #: the added graph changed the schema: everything was rematerialised
    full: bool = False
    seconds: float = 0.0


def add_to_store(
    source: Path,
    paths: ProjectPaths,
    spec: str,
    derive: Sequence[tuple[str, Callable[[Store], object]]] = (),
    progress: Callable[[str], None] = lambda _: None,
) -> tuple[AddResult, StoreAdd]:
    """``htkg add FILE --store SPEC``: compile ``source`` and add it to the store in place.

    The document is compiled against the project (as without ``--store``) and then
    added by :func:`add_graph`; nothing is written under ``data/``.
    """
    from htkg.stores import open_store

    compiled, _dataset = compile_file(source, paths)
    slug, triples = compiled.slug, len(compiled.graph)
    result = AddResult(slug, target_path(paths, slug), triples, _counts(compiled.graph),
                       compiled.warnings, graph=compiled.graph)  # fmt: skip
    with open_store(spec, built=True) as store:
        added = add_graph(store, compiled.slug, compiled.graph, paths.shapes, derive, progress)
    result.written = True
    return result, added


def add_graph(
    store: Store,
    slug: str,
    graph: Graph,
    shapes: Path | None = None,
    derive: Sequence[tuple[str, Callable[[Store], object]]] = (),
    progress: Callable[[str], None] = lambda _: None,
) -> StoreAdd:
    """Add one document's graph to a reasoned, indexed store, all or nothing.

    The graph is validated with the shapes (``shapes``; its neighbours in the
    store as context), loaded as ``graph:<slug>``; the rules derive what its
    triples let them (:func:`htkg.reasoning.incremental.materialise_added`),
    contradictions fail the add; the index is brought up to date and the
    ``derive`` steps (the audit) run on the store. On Oxigraph all of it happens in
    a copy of the store that replaces it only at the end, so a failure or a kill
    half-way leaves the store as it was; elsewhere the steps run in place.
    """
    from htkg.reasoning.incremental import materialise_added
    from htkg.stores.index import INDEXED_TYPES, index_added, rebuild_index

    started = time.perf_counter()
    name = document_graph(slug)
    if store.ask(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"):
        raise InputError(f"{store.spec}: already holds a document '{slug}' ({name})")
    if shapes is not None:
        progress("validating against the SHACL shapes, with the store as context")
        _validate_in_store(store, graph, shapes, slug)
    done = StoreAdd(slug, len(graph), 0, 0)

    def prepare(target: Store) -> None:
        progress(f"loading {len(graph)} triples into {name}")
        target.load_graph(name, graph)
        progress("reasoning (semi-naive, from the new triples)")
        reasoned = materialise_added(target, [name], keep=TYPED)
        if reasoned.errors:
            raise ValidationFailed(f"{slug}: inconsistent under OWL 2 RL: {reasoned.errors[0]}")
        done.inferred, done.rounds, done.full = (
            reasoned.inferred_added, reasoned.rounds, reasoned.full,
        )  # fmt: skip
        progress("indexing")
        if reasoned.full:
            rebuild_index(target)
        else:
            # one branch per graph and type, each a lookup (with ?g and ?t as VALUES,
            # Oxigraph read every typed node of the store: 0.5 s at a million triples)
            branches = " UNION ".join(
                f"{{ GRAPH <{g}> {{ ?x a {t.n3()} }} }}"
                for g in (TYPED, name)
                for t in INDEXED_TYPES
            )
            rows = target.query(f"SELECT DISTINCT ?x WHERE {{ {branches} FILTER(isIRI(?x)) }}").rows
            index_added(target, KG[slug], [r[0] for r in rows if isinstance(r[0], URIRef)])
        target.update(f"DROP SILENT GRAPH <{TYPED}>")

    change_all_or_nothing(store, prepare, derive, progress)
    done.seconds = time.perf_counter() - started
    return done


def change_all_or_nothing(
    store: Store,
    prepare: Callable[[Store], None],
    derive: Sequence[tuple[str, Callable[[Store], object]]] = (),
    progress: Callable[[str], None] = lambda _: None,
) -> None:
    """Run ``prepare`` and then the ``derive`` steps on ``store``.

    On Oxigraph in a checkpoint that replaces the store only at the end, so a
    failure or a kill half-way leaves the store as it was; elsewhere in place.
    """
    from htkg.stores.oxigraph import OxigraphStore

    def change(target: Store) -> None:
        prepare(target)
        for doing, step in derive:
            progress(doing)
            step(target)

    if isinstance(store, OxigraphStore):
        store.update_with(change)
    else:
        change(store)


def _validate_in_store(store: Store, graph: Graph, shapes: Path, slug: str) -> None:
    """The shapes on ``graph``, with the ontology and what the store asserts about the
    nodes it names (their types, for ``sh:class``) as context; only the new graph's
    nodes are reported."""
    nodes = {n for t in graph for n in (t[0], t[2]) if isinstance(n, URIRef)}
    dataset = Dataset()
    ontology = dataset.graph(ONTOLOGY_GRAPH)
    ontology += store.graph(ONTOLOGY_GRAPH)
    context = dataset.graph(GRAPH["scratch-context"])
    values = " ".join(n.n3() for n in sorted(nodes))
    derived = ", ".join(f"<{g}>" for g in (*PROJECT_GRAPHS, ONTOLOGY_GRAPH))
    if values:
        query = (
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER(?g NOT IN ({derived})) }}"
        )
        for row in store.query(query).rows:
            context.add(row)  # type: ignore[arg-type]
    own = dataset.graph(document_graph(slug))
    for triple in graph:
        own.add(triple)
    report = validate(dataset, shapes)
    subjects = set(graph.subjects())
    mine = [v for v in report.violations if URIRef(v.focus) in subjects]
    if mine:
        raise ValidationFailed(f"{slug}: {len(mine)} SHACL violation(s); first: {mine[0]}")


def serialize(graph: Graph, source: Path, paths: ProjectPaths) -> str:
    """Deterministic Turtle with a header saying where it came from."""
    bind_prefixes(graph)
    body = graph.serialize(format="longturtle")
    shown: Path | str
    try:
        shown = source.resolve().relative_to(paths.root.resolve())
    except ValueError:
        shown = source.name
    header = (
        f"# Compiled by `htkg add` from {shown}: edit that file and run\n"
        f"# `htkg add --replace {shown}`, not this one.\n\n"
    )
    return header + body


def _counts(graph: Graph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _s, cls in graph.subject_objects(RDF.type):
        if str(cls).startswith(str(HTKG)):
            name = str(cls).removeprefix(str(HTKG))
            counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))

"""``htkg add``: compile an authoring file, validate it with the project, write its Turtle.

The compiled document is validated together with the ontology, the article and
every other document (so references resolve and ``sh:class`` sees their types)
with the project's own SHACL shapes. Only when it conforms is
``data/literature/<slug>.ttl`` written, atomically and deterministically
(rdflib ``longturtle``), so a failed ``add`` leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from htkg.errors import OutputError, ValidationFailed
from htkg.files import atomic_write_text
from htkg.literature.checks import consistency_problems, shacl_problems
from htkg.literature.compiler import Compiled, compile_document, document_slug
from htkg.literature.index import build_index
from htkg.literature.yaml_reader import Field, read_authoring
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import discover_sources, load_asserted
from htkg.pipeline.validate import validate
from htkg.rdf.namespaces import HTKG, bind_prefixes, document_graph

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


def serialize(graph: Graph, source: Path, paths: ProjectPaths) -> str:
    """Deterministic Turtle with a header saying where it came from."""
    bind_prefixes(graph)
    body = graph.serialize(format="longturtle")
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

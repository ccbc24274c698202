"""``htkg publish-site DIR``: the graph published the way semantic-web users expect.

A static site, ready to serve under the w3id namespace:

- ``ontology/index.html`` — the ontology's documentation by pyLODE, and
  ``ontology/htkg.ttl``;
- ``data/htkg.trig`` and ``data/htkg.jsonld`` (with an ``@context`` of the
  project's prefixes, so IRIs read as ``kg:china``), ``context.jsonld``;
- ``void.ttl`` — a VoID and DCAT description of the dataset and of each named
  graph (counts, the document it holds, its distributions);
- ``examples/examples.ttl`` — the competency questions as SPARQL examples
  (the SIB ``sparql-examples`` vocabulary: ``sh:SPARQLExecutable``, the query
  in ``sh:select``, the question in ``rdfs:comment`` in Chinese and English);
- ``id/<name>.html`` — one page per entity; ``.htaccess`` — the redirects for
  ``https://w3id.org/htkg/``.

The directory is written beside the target and swapped in whole, so a failure
leaves the previous site as it was.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID, XSD

from htkg.errors import OutputError
from htkg.output.site_pages import entity_pages, index_page
from htkg.queries.catalogue import QueryFile, discover
from htkg.rdf.namespaces import (
    GRAPH,
    INFERRED_GRAPH,
    KG,
    ONTOLOGY_GRAPH,
    PREFIXES,
    bind_prefixes,
)

__all__ = ["SH", "SPEX", "SiteSummary", "examples_graph", "jsonld_context", "publish_site"]

SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("https://schema.org/")
SPEX = Namespace("https://purl.expasy.org/sparql-examples/ontology#")
EXAMPLES = Namespace("https://w3id.org/htkg/sparql-examples/")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
MARKER = ".htkg-site"
DEFAULT_BASE = "https://w3id.org/htkg/site"


@dataclass
class SiteSummary:
    """What was written: counts for the command's report."""

    directory: Path
    entities: int
    examples: int
    graphs: int
    ontology_page: bool


# -------------------------------------------------------------- the pieces --


def asserted(dataset: Dataset) -> Dataset:
    """Every named graph but the inferences (what is published as data)."""
    out = Dataset()
    for graph in dataset.graphs():
        if len(graph) and graph.identifier != INFERRED_GRAPH:
            target = out.graph(graph.identifier)
            for triple in graph:
                target.add(triple)
    return bind_prefixes(out)


def jsonld_context() -> dict[str, object]:
    """The ``@context``: the project's prefixes, so every IRI is written compactly."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def to_jsonld(data: Dataset) -> str:
    """The dataset as JSON-LD with :func:`jsonld_context` (named graphs kept)."""
    text = data.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    return text if isinstance(text, str) else text.decode("utf-8")


def executable(query: QueryFile) -> str:
    """The query with its parameters' defaults written in, so it runs as it stands.

    In the body each parameter variable is replaced by its default term (as
    rdflib's initBindings and SPARQL 1.1's substitution read it: a nested
    OPTIONAL's filter sees it too), and a ``VALUES`` row first in the WHERE
    clause keeps a projected parameter bound.
    """
    defaults = [p for p in query.params if p.default is not None]
    match = re.search(r"\bWHERE\s*\{", query.text, re.IGNORECASE)
    if not defaults or match is None:
        return query.text
    from htkg.queries.catalogue import to_term

    terms = {p.name: to_term(p.default or "", p.type, query.name).n3() for p in defaults}
    body = query.text[match.end() :]
    for name, term in terms.items():
        body = re.sub(rf"[?$]{name}\b", term.replace("\\", "\\\\"), body)
    names = " ".join(f"?{name}" for name in terms)
    values = f"\n  VALUES ({names}) {{ ({' '.join(terms.values())}) }}\n"
    return query.text[: match.end()] + values + body


def examples_graph(queries: dict[str, QueryFile], endpoint: str | None = None) -> Graph:
    """The competency questions as SIB sparql-examples (one resource per question)."""
    graph = Graph()
    for prefix, namespace in (("sh", SH), ("schema", SCHEMA), ("spex", SPEX), ("ex", EXAMPLES),
                              ("rdfs", RDFS)):  # fmt: skip
        graph.bind(prefix, namespace)
    for name, query in queries.items():
        node = EXAMPLES[name.split("_", 1)[0]]
        text = executable(query)
        kind = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", _strip_comments(text), re.I)
        verb = (kind[1] if kind else "SELECT").lower()
        graph.add((node, RDF.type, SH.SPARQLExecutable))
        graph.add((node, RDF.type, SH[f"SPARQL{verb.capitalize()}Executable"]))
        graph.add((node, SH[verb], Literal(text)))
        graph.add((node, RDFS.label, Literal(name)))
        if query.question_en:
            graph.add((node, RDFS.comment, Literal(query.question_en, lang="en")))
        if query.question_zh:
            graph.add((node, RDFS.comment, Literal(query.question_zh, lang="zh")))
        for tag in query.tags:
            graph.add((node, SCHEMA.keywords, Literal(tag)))
        if endpoint:
            graph.add((node, SCHEMA.target, URIRef(endpoint)))
    return graph


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def void_graph(data: Dataset, labels: dict[URIRef, tuple[str, str]], base: str) -> Graph:
    """VoID + DCAT: the dataset, its distributions, and each named graph with its counts."""
    graph = Graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS)):
        graph.bind(prefix, namespace)
    root = URIRef(f"{base}/void.ttl#htkg")
    graph.add((root, RDF.type, VOID.Dataset))
    graph.add((root, RDF.type, DCAT.Dataset))
    graph.add(
        (root, DCTERMS.title, Literal("htkg: a policy article as a knowledge graph", lang="en"))
    )
    graph.add((root, DCTERMS.title, Literal("htkg：一篇政策文章的知识图谱", lang="zh")))
    graph.add((root, DCTERMS.license, LICENSE))
    graph.add((root, VOID.uriSpace, Literal(str(KG))))
    graph.add((root, VOID.vocabulary, URIRef(str(PREFIXES["htkg"]))))
    graph.add((root, VOID.exampleResource, KG["core-technology-dependence"]))
    graph.add((root, VOID.triples, Literal(sum(len(g) for g in data.graphs()))))
    for name, media in (("htkg.trig", "application/trig"), ("htkg.jsonld", "application/ld+json")):
        dist = URIRef(f"{base}/data/{name}")
        graph.add((root, DCAT.distribution, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCAT.downloadURL, dist))
        graph.add((dist, DCAT.mediaType, Literal(media)))
    for named in sorted(data.graphs(), key=lambda g: str(g.identifier)):
        if not len(named):
            continue
        iri = URIRef(str(named.identifier))
        graph.add((root, VOID.subset, iri))
        graph.add((iri, RDF.type, VOID.Dataset))
        graph.add((iri, RDF.type, DCAT.Dataset))
        slug = str(iri).removeprefix(str(GRAPH))
        zh, en = labels.get(KG[slug], ("", ""))
        title_en = en or f"named graph {slug}"
        graph.add((iri, DCTERMS.title, Literal(title_en, lang="en")))
        if zh:
            graph.add((iri, DCTERMS.title, Literal(zh, lang="zh")))
            graph.add((iri, DCTERMS.source, KG[slug]))
        subjects = {s for s in named.subjects() if not isinstance(s, BNode)}
        for prop, count in (
            (VOID.triples, len(named)),
            (VOID.distinctSubjects, len(set(named.subjects()))),
            (VOID.distinctObjects, len(set(named.objects()))),
            (VOID.properties, len(set(named.predicates()))),
            (VOID.classes, len(set(named.objects(None, RDF.type)))),
            (VOID.entities, len(subjects)),
        ):
            graph.add((iri, prop, Literal(count, datatype=XSD.integer)))
    return graph


def htaccess(base: str) -> str:
    """Redirects for ``https://w3id.org/htkg/``: documentation for browsers, RDF for machines."""
    return f"""# w3id.org/htkg — content negotiation (Apache mod_rewrite; see w3id.org's README)
Options +FollowSymLinks
RewriteEngine on

# the ontology: Turtle or JSON-LD for machines, pyLODE's page for browsers
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteRule ^ontology$ {base}/ontology/htkg.ttl [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteRule ^ontology$ {base}/data/htkg.jsonld [R=303,L]
RewriteRule ^ontology$ {base}/ontology/index.html [R=303,L]

# entities: the data for machines, one page each for browsers
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteRule ^id/(.+)$ {base}/data/htkg.jsonld [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} (text/turtle|application/trig)
RewriteRule ^id/(.+)$ {base}/data/htkg.trig [R=303,L]
RewriteRule ^id/(.+)$ {base}/id/$1.html [R=303,L]

# named graphs and the dataset description
RewriteRule ^graph/(.*)$ {base}/void.ttl [R=303,L]
RewriteRule ^sparql-examples/(.*)$ {base}/examples/examples.ttl [R=303,L]
RewriteRule ^np/(.*)$ {base}/data/nanopubs.trig [R=303,L]
RewriteRule ^$ {base}/index.html [R=303,L]
"""


def ontology_page(ontology: Graph) -> str | None:
    """pyLODE's documentation of the ontology (None when pyLODE is not installed)."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode.profiles.ontpub import OntPub
    except ImportError:
        return None
    finally:  # pyLODE configures the root logger on import; keep the command's output clean
        root.handlers[:], root.level = handlers, level
    previous = logging.root.manager.disable
    logging.disable(logging.INFO)
    try:
        return str(OntPub(ontology).make_html())
    finally:
        logging.disable(previous)


# ------------------------------------------------------------------ the site --


def publish_site(
    dataset: Dataset, directory: Path, queries_dir: Path, base: str = DEFAULT_BASE
) -> SiteSummary:
    """Write the site to ``directory`` (replaced whole; never a directory htkg did not write)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise OutputError(f"{directory}: not empty and not an htkg site; choose another directory")
    parent = directory.parent if str(directory.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{directory}: cannot write: directory {parent} does not exist")
    base = base.rstrip("/")
    data = asserted(dataset)
    from htkg.output.labels import Labeller
    from htkg.output.nanopub import nanopublications

    en, zh = Labeller(dataset, "en"), Labeller(dataset, "zh")
    subjects = sorted({s for g in data.graphs() for s in g.subjects()
                       if isinstance(s, URIRef) and str(s).startswith(str(KG))})  # fmt: skip
    labels = {s: (zh.label(s) or "", en.label(s) or "") for s in subjects}
    queries = discover(queries_dir)
    with tempfile.TemporaryDirectory(prefix=f".{directory.name}-", dir=parent) as tmp:
        root = Path(tmp) / "site"
        for sub in ("ontology", "data", "examples", "id"):
            (root / sub).mkdir(parents=True)
        ontology = data.graph(ONTOLOGY_GRAPH)
        bind_prefixes(ontology)
        turtle = ontology.serialize(format="turtle", encoding="utf-8")
        (root / "ontology" / "htkg.ttl").write_bytes(turtle)
        page = ontology_page(_copy(ontology))  # pyLODE adds its inferences to what it reads
        if page is not None:
            (root / "ontology" / "index.html").write_text(page, encoding="utf-8")
        (root / "data" / "htkg.trig").write_bytes(data.serialize(format="trig", encoding="utf-8"))
        (root / "data" / "htkg.jsonld").write_text(to_jsonld(data), encoding="utf-8")
        nanopubs = nanopublications(dataset).serialize(format="trig", encoding="utf-8")
        (root / "data" / "nanopubs.trig").write_bytes(nanopubs)
        context = json.dumps({"@context": jsonld_context()}, indent=2)
        (root / "context.jsonld").write_text(context + "\n", encoding="utf-8")
        void = void_graph(data, labels, base).serialize(format="turtle", encoding="utf-8")
        (root / "void.ttl").write_bytes(void)
        examples = examples_graph(queries).serialize(format="turtle", encoding="utf-8")
        (root / "examples" / "examples.ttl").write_bytes(examples)
        for name, html in entity_pages(data, subjects, en, zh).items():
            (root / "id" / f"{name}.html").write_text(html, encoding="utf-8")
        (root / "index.html").write_text(
            index_page(subjects, en, zh, queries, page is not None), encoding="utf-8"
        )
        (root / ".htaccess").write_text(htaccess(base), encoding="utf-8")
        (root / MARKER).write_text("written by htkg publish-site\n", encoding="utf-8")
        _swap(root, directory)
    graphs = len([g for g in data.graphs() if len(g)])
    return SiteSummary(directory, len(subjects), len(queries), graphs,
                       page is not None)  # fmt: skip


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    return out


def _swap(new: Path, directory: Path) -> None:
    """Put ``new`` in place of ``directory`` (the old one removed only after)."""
    try:
        if directory.exists():
            old = directory.with_name(f".{directory.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            directory.rename(old)
            new.rename(directory)
            shutil.rmtree(old, ignore_errors=True)
        else:
            new.rename(directory)
    except OSError as err:
        raise OutputError(f"{directory}: cannot write: {err.strerror}") from None

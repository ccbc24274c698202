"""Compile an authoring file (YAML) into one document's RDF graph.

The compiler checks what SHACL cannot explain in the author's terms (unknown
fields, unresolved references, a quote in a document without text) and names
the file, line and field; what the graph then owes the shapes is checked by
:mod:`htkg.literature.add` with the same SHACL shapes as the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS

from htkg.errors import InputError
from htkg.literature import statements
from htkg.literature.context import Context
from htkg.literature.draft_yaml import refuse_candidates
from htkg.literature.entities import (
    REF_FIELDS,
    compile_entities,
    dates,
    iso_code,
    labels,
    opt_items,
    wikidata_id,
)
from htkg.literature.index import ProjectIndex
from htkg.literature.schema import (
    DOCUMENT_KINDS,
    FORMAT_VERSION,
    LANGUAGE,
    SECTIONS,
    SLUG,
)
from htkg.literature.typecheck import check_types
from htkg.literature.yaml_reader import Field
from htkg.pipeline.quotes import read_source
from htkg.rdf.namespaces import GRAPH, HTKG, KG, PROJECT_GRAPHS, bind_prefixes

#: Graph names the project uses itself (``graph/ontology`` …); no document may take them.
RESERVED_SLUGS = frozenset(str(g).removeprefix(str(GRAPH)) for g in PROJECT_GRAPHS)


@dataclass
class Compiled:
    """A compiled document: its slug, graph, where each node came from, and warnings."""

    slug: str
    graph: Graph
    origins: dict[URIRef, tuple[str, int]]
    warnings: list[str] = field(default_factory=list)
    #: each reference field and the IRI it resolved to
    resolved: list[tuple[Field, URIRef]] = field(default_factory=list)


def document_slug(root: Field) -> Field:
    """The ``document.slug`` field, checked."""
    slug = root.require("document").require("slug")
    if not SLUG.match(slug.text()):
        raise slug.error(f"'{slug.text()}' is not a valid slug: lower-case letters, digits, '-'")
    if slug.text() in RESERVED_SLUGS:
        raise slug.error(f"'{slug.text()}' is reserved for a graph of the project; choose another")
    return slug


def compile_document(root: Field, index: ProjectIndex, search: tuple[Path, ...] = ()) -> Compiled:
    """Compile a parsed authoring file against the project's ``index``.

    Every item is compiled even after one fails, so one run lists every problem
    (:func:`problems_error`); ``search`` is where named files (a fact sheet) may be.
    """
    root.check_keys(set(SECTIONS))
    version = root.require("htkg-authoring")
    if version.value != FORMAT_VERSION:
        raise version.error(f"unsupported format version {version.value!r} (expected 1)")
    refuse_candidates(root)
    slug = document_slug(root).text()
    graph = bind_prefixes(Graph())
    ctx = Context(slug, index, graph, KG[slug], search=search)
    if index.known(ctx.document):
        raise root.require("document").require("slug").error(f"kg:{slug} already exists")
    ctx.local[slug] = ctx.document
    _declare_keys(root, ctx)
    ctx.attempt(_document_basics, root, ctx)
    ctx.attempt(_document, root, ctx)
    ctx.attempt(_fact_sheet, root, ctx)
    _sections(root, ctx)
    compile_entities(root, ctx)
    statements.compile_statements(root, ctx)
    ctx.problems += check_types(ctx)
    if ctx.problems:
        raise problems_error(ctx.problems)
    return Compiled(slug, graph, ctx.origins, ctx.warnings, ctx.resolved)


def problems_error(problems: list[InputError]) -> InputError:
    """One error listing every problem, one per line (a single problem stays one line)."""
    if len(problems) == 1:
        return problems[0]
    lines = "\n".join(f"  {p}" for p in problems)
    return InputError(f"{len(problems)} problems:\n{lines}")


def _declare_keys(root: Field, ctx: Context) -> None:
    """Mint every key first, so references may point forward in the file.

    A reference's ``as:`` key is declared here too, after the new entities (whose
    Wikidata ids and ISO codes it may name), so it works in every section,
    ``document:`` included.
    """
    for section in ("sections", "elements", "claims", "causal_links", "response_links",
                    "observations"):  # fmt: skip
        for item in _items(root, section):
            ctx.attempt(lambda item=item: ctx.mint(item.require("id")))
    refs = []
    for item in _items(root, "entities"):
        if item.get("ref") is None:
            ctx.attempt(_declare_entity, item, ctx)
        else:
            refs.append(item)
    for item in refs:
        ctx.attempt(_declare_alias, item, ctx)


def _declare_entity(item: Field, ctx: Context) -> None:
    iri = ctx.mint(item.require("id"), shared=True)
    for qid in opt_items(item, "wikidata"):
        ctx.local_wikidata[wikidata_id(qid)] = iri
    for code in (*opt_items(item, "iso"), *opt_items(item, "iso3")):
        ctx.local_iso[iso_code(code)] = iri


def _declare_alias(item: Field, ctx: Context) -> None:
    item.check_keys(REF_FIELDS)
    alias = item.get("as")
    try:
        iri = ctx.resolve(item.require("ref"))
    except InputError:
        if alias is not None:  # uses of the key would only repeat this problem
            ctx.broken.add(alias.text())
        raise
    ctx.ref_targets[item.path] = iri
    if alias is not None:
        if not SLUG.match(alias.text()):
            raise alias.error(f"'{alias.text()}' is not a valid key: lower-case letters, digits, -")
        if alias.text() in ctx.local:
            raise alias.error(f"key '{alias.text()}' is already used in this file")
        ctx.local[alias.text()] = iri


def _items(root: Field, section: str) -> list[Field]:
    found = root.get(section)
    return [] if found is None else list(found.items())


DOCUMENT_FIELDS = {"slug", "kind", "label", "title", "definition", "issuer", "authors", "date",
                   "identifier", "url", "language", "text_available", "topics", "note",
                   "signed", "in_force", "place", "parties", "text_of", "text"}  # fmt: skip


def _document_basics(root: Field, ctx: Context) -> None:
    """Language and text availability first: every statement's evidence depends on them."""
    doc = root.require("document")
    available = doc.get("text_available")
    ctx.text_available = True if available is None else available.flag()
    language = doc.require("language")
    if LANGUAGE.match(language.text()):
        ctx.language = language.text()
    if (text := doc.get("text")) is not None:
        if not ctx.text_available:
            raise text.error("a document with text_available: false has no text file")
        ctx.text_path = ctx.find_file(text)
        ctx.source_text = read_source(ctx.text_path)


def _document(root: Field, ctx: Context) -> None:
    doc = root.require("document")
    doc.check_keys(DOCUMENT_FIELDS)
    g, node = ctx.graph, ctx.document
    language = doc.require("language")
    if not LANGUAGE.match(language.text()):
        raise language.error(f"'{language.text()}' is not a language code such as en or zh")
    ctx.language = language.text()
    kind = doc.require("kind")
    if kind.text() not in DOCUMENT_KINDS:
        raise kind.error(f"unknown kind '{kind.text()}' (known: {', '.join(DOCUMENT_KINDS)})")
    ctx.add_type(node, DOCUMENT_KINDS[kind.text()])
    ctx.origins[node] = ("document", doc.line)
    labels(ctx, node, doc)
    g.add((node, SKOS.definition, ctx.text(doc.require("definition"), "en")))
    if (title := doc.get("title")) is not None:
        g.add((node, DCTERMS.title, ctx.text(title)))
    if doc.get("issuer") is None and doc.get("authors") is None:
        raise doc.error("needs an issuer (a reference) or authors (names), or both")
    for _item, issuer in ctx.refs(doc, "issuer"):
        g.add((node, HTKG.issuedBy, issuer))
    for author in opt_items(doc, "authors"):
        g.add((node, DCTERMS.creator, Literal(author.text())))
    g.add((node, DCTERMS.issued, ctx.date(doc.require("date"))))
    if doc.get("identifier") is None and doc.get("url") is None:
        raise doc.error("needs an official identifier or a url (or both)")
    available = doc.get("text_available")
    if available is not None and not available.flag() and doc.get("identifier") is None:
        raise doc.error(
            "a document without text (text_available: false) needs its official identifier"
        )
    for identifier in opt_items(doc, "identifier"):
        g.add((node, DCTERMS.identifier, Literal(identifier.text())))
    if (url := doc.get("url")) is not None:
        if not url.text().startswith(("http://", "https://")):
            raise url.error("a url starts with http:// or https://")
        g.add((node, RDFS.seeAlso, URIRef(url.text())))
    g.add((node, DCTERMS.language, Literal(ctx.language)))
    for _item, topic in ctx.refs(doc, "topics"):
        g.add((node, HTKG.topic, topic))
    dates(doc, ctx, node)
    if (place := doc.get("place")) is not None:
        g.add((node, HTKG.placeSigned, ctx.text(place)))
    for _item, party in ctx.refs(doc, "parties"):
        g.add((node, HTKG.partyTo, party))
    for _item, instrument in ctx.refs(doc, "text_of"):
        g.add((node, HTKG.textOf, instrument))
    if (note := doc.get("note")) is not None:
        g.add((node, HTKG.curatorNote, ctx.text(note, "en")))


def _fact_sheet(root: Field, ctx: Context) -> None:
    """A document without text names the fact sheet it is encoded from."""
    sheet = root.get("fact_sheet")
    if ctx.text_available:
        if sheet is not None:
            raise sheet.error("only a document with text_available: false takes a fact_sheet")
        return
    if sheet is None:
        raise root.require("document").error(
            "text_available is false, so the file needs a fact_sheet section (path, label)"
        )
    sheet.check_keys({"path", "label", "definition"})
    node = KG[f"{ctx.slug}-fact-sheet"]
    if ctx.index.known(node):
        raise sheet.error(f"kg:{ctx.slug}-fact-sheet already exists")
    ctx.fact_sheet = node
    ctx.local[f"{ctx.slug}-fact-sheet"] = node
    ctx.add_type(node, HTKG.FactSheet)
    labels(ctx, node, sheet)
    definition = sheet.get("definition")
    text = definition.text() if definition else "Fact sheet written for the htkg project."
    ctx.graph.add((node, SKOS.definition, Literal(text, lang="en")))
    path = sheet.require("path")
    ctx.find_file(path)
    ctx.graph.add((node, DCTERMS.source, Literal(path.text())))
    ctx.graph.add((ctx.document, HTKG.textAvailable, Literal(False)))
    ctx.graph.add((ctx.document, PROV.wasDerivedFrom, node))


def _sections(root: Field, ctx: Context) -> None:
    for order, item in enumerate(_items(root, "sections"), 1):
        ctx.attempt(_section, item, order, ctx)


def _section(item: Field, order: int, ctx: Context) -> None:
    item.check_keys({"id", "number", "heading", "label", "parent"})
    key = item.require("id").text()
    if key not in ctx.local:
        return  # its id was refused; that problem is listed
    node = ctx.local[key]
    ctx.add_type(node, HTKG.Section)
    ctx.graph.add((node, HTKG.sectionOf, ctx.document))
    ctx.graph.add((node, HTKG.order, Literal(order)))
    labels(ctx, node, item)
    if (number := item.get("number")) is not None:
        ctx.graph.add((node, HTKG.sectionNumber, Literal(number.text())))
    if (heading := item.get("heading")) is not None:
        ctx.graph.add((node, HTKG.heading, ctx.text(heading)))
    for _ref, parent in ctx.refs(item, "parent"):
        ctx.graph.add((node, HTKG.subsectionOf, parent))


#: A ``ref:`` entry: the reference, its key, and the facts it adds (see schema.REF_FACT_FIELDS).

"""Compile the ``entities`` section: references (with the facts they add) and new entities.

A reference resolves to an IRI another document (or the article) defined; a
``ref:`` entry may add facts about it (alternative labels, dates, a Wikidata id,
parties), recorded in the new document's graph. A new entity is minted as
``kg:<id>``, shared by all documents, with its labels, identifiers, dates,
relations and, for units and periods, what the figures need.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS, XSD

from htkg.literature.context import Context
from htkg.literature.schema import (
    DATE_FIELDS,
    DECIMAL,
    ENTITY_RELATIONS,
    ENTITY_ROOTS,
    ISO_CODE,
    REF_FACT_FIELDS,
    WIKIDATA_ID,
)
from htkg.literature.statements import AsWritten
from htkg.literature.yaml_reader import Field
from htkg.rdf.namespaces import HTKG, WD, curie


def _items(root: Field, section: str) -> list[Field]:
    found = root.get(section)
    return [] if found is None else list(found.items())


def opt_items(container: Field, key: str) -> list[Field]:
    found = container.get(key)
    return [] if found is None else list(found.items())


def wikidata_id(value: Field) -> str:
    text = value.text()
    if not WIKIDATA_ID.match(text):
        raise value.error(f"'{text}' is not a Wikidata id: Q followed by digits, e.g. Q148")
    return text


def iso_code(value: Field) -> str:
    text = value.text()
    if not ISO_CODE.match(text):
        raise value.error(f"'{text}' is not an ISO 3166-1 code (2 or 3 capital letters)")
    return text


def labels(ctx: Context, node: URIRef, item: Field, key: str = "label") -> None:
    """``label: {zh: …, en: …}`` → one skos:prefLabel in each language (both required)."""
    label = item.require(key)
    label.check_keys({"zh", "en"})
    for language in ("zh", "en"):
        ctx.graph.add((node, SKOS.prefLabel, ctx.text(label.require(language), language)))


ENTITY_FIELDS = {"id", "type", "label", "alt_labels", "definition", "wikidata", "iso", "iso3",
                 "hs", "scope_note", "note", "start_year", "end_year", "symbol", "multiplier",
                 *DATE_FIELDS, *ENTITY_RELATIONS}  # fmt: skip
REF_FIELDS = {"ref", "as", *REF_FACT_FIELDS, *DATE_FIELDS, *ENTITY_RELATIONS}


def dates(item: Field, ctx: Context, node: URIRef) -> None:
    for key, prop in DATE_FIELDS.items():
        if (found := item.get(key)) is not None:
            ctx.graph.add((node, prop, ctx.date(found)))


def compile_entities(root: Field, ctx: Context) -> None:
    for item in _items(root, "entities"):
        if item.get("ref") is None:  # references were resolved with their keys
            ctx.attempt(_new_entity, item, ctx)
        else:
            ctx.attempt(_ref_facts, item, ctx)


def _ref_facts(item: Field, ctx: Context) -> None:
    """What a ``ref:`` entry adds about another document's entity, in this document's graph."""
    if item.path not in ctx.ref_targets:
        return  # the reference was refused when keys were declared; that problem is listed
    node = ctx.ref_targets[item.path]
    ctx.origins.setdefault(node, (item.path, item.line))
    _alt_labels(item, ctx, node)
    _wikidata_facts(item, ctx, node)
    if (note := item.get("note")) is not None:
        ctx.graph.add((node, HTKG.curatorNote, ctx.text(note, "en")))
    dates(item, ctx, node)
    for key, prop in ENTITY_RELATIONS.items():
        for _ref, target in ctx.refs(item, key):
            ctx.graph.add((node, prop, target))


def _alt_labels(item: Field, ctx: Context, node: URIRef) -> None:
    if (alt := item.get("alt_labels")) is not None:
        alt.check_keys({"zh", "en"})
        for language in ("zh", "en"):
            for value in opt_items(alt, language):
                ctx.graph.add((node, SKOS.altLabel, ctx.text(value, language)))


def _wikidata_facts(item: Field, ctx: Context, node: URIRef) -> None:
    for qid in opt_items(item, "wikidata"):
        text = wikidata_id(qid)
        ctx.graph.add((node, SKOS.exactMatch, WD[text]))
        ctx.graph.add((node, HTKG.wikidataId, Literal(text)))
        others = ctx.index.wikidata.get(text, set()) - {node}
        if others:
            ctx.warnings.append(
                f"{qid.file}:{qid.line}: {qid.path}: Wikidata id {text} is also "
                + ", ".join(sorted(curie(o) for o in others))
                + "; `htkg link` will join them (or refer to it with ref: "
                + text
                + ")"
            )


def _new_entity(item: Field, ctx: Context) -> None:
    item.check_keys(ENTITY_FIELDS)
    key = item.require("id").text()
    if key not in ctx.local:
        return  # its id was refused when keys were declared; that problem is listed
    g, node = ctx.graph, ctx.local[key]
    type_field = item.require("type")
    name = type_field.text()
    cls = HTKG[name] if name in HTKG else None  # noqa: SIM401 (closed namespace, not a dict)
    if cls is None or not any(r in ctx.index.superclasses.get(cls, ()) for r in ENTITY_ROOTS):
        raise type_field.error(
            f"'{type_field.text()}' is not an entity type of the ontology "
            "(e.g. Economy, Product, GovernmentBody, PolicyInstrument, Event, Indicator)"
        )
    ctx.add_type(node, cls)
    labels(ctx, node, item)
    g.add((node, SKOS.definition, ctx.text(item.require("definition"), "en")))
    _alt_labels(item, ctx, node)
    _wikidata_facts(item, ctx, node)
    for key, prop in (("iso", HTKG.iso3166Alpha2), ("iso3", HTKG.iso3166Alpha3)):
        for code in opt_items(item, key):
            g.add((node, prop, Literal(iso_code(code))))
    for code in opt_items(item, "hs"):
        g.add((node, HTKG.hsCode, Literal(code.text())))
    if (scope := item.get("scope_note")) is not None:
        g.add((node, SKOS.scopeNote, ctx.text(scope, "en")))
    if (note := item.get("note")) is not None:
        g.add((node, HTKG.curatorNote, ctx.text(note, "en")))
    dates(item, ctx, node)
    _unit(item, ctx, node, cls)
    for key, prop in ENTITY_RELATIONS.items():
        for _ref, target in ctx.refs(item, key):
            g.add((node, prop, target))
    _period_years(item, ctx, node, cls)


def _unit(item: Field, ctx: Context, node: URIRef, cls: URIRef) -> None:
    """A unit defined in the file: its symbol as printed and its multiplier (亿 = 100000000)."""
    for key, prop in (("symbol", HTKG.unitSymbol), ("multiplier", HTKG.multiplier)):
        if (found := item.get(key)) is None:
            continue
        if cls != HTKG.Unit:
            raise found.error(f"only an entity of type Unit has a {key}")
        if key == "symbol":
            ctx.graph.add((node, prop, Literal(found.text())))
        else:
            text = found.text()
            if not DECIMAL.match(text):
                raise found.error(f"expected a number such as 100000000, found {text!r}")
            ctx.graph.add((node, prop, AsWritten(text, datatype=XSD.decimal)))


def _period_years(item: Field, ctx: Context, node: URIRef, cls: URIRef) -> None:
    """A period carries its first and last year as integers (``start_year``, ``end_year``)."""
    if cls != HTKG.Period:
        for key in ("start_year", "end_year"):
            if (found := item.get(key)) is not None:
                raise found.error("only an entity of type Period has start_year and end_year")
        return
    years = []
    for key, prop in (("start_year", HTKG.startYear), ("end_year", HTKG.endYear)):
        year = item.require(key)
        if isinstance(year.value, bool) or not isinstance(year.value, int):
            raise year.error(f"expected a year as a whole number, found {year.value!r}")
        years.append(year.value)
        ctx.graph.add((node, prop, Literal(year.value, datatype=XSD.integer)))
    if years[0] > years[1]:
        raise item.require("end_year").error("end_year is before start_year")

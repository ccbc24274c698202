"""Compile what a document says: argument elements, claims, links, figures, citations.

Every statement gets its evidence the same way (:func:`evidence`): the document
it is stated in and an English gloss; with the document's text, a verbatim
quote and its section; without it, the fact sheet it was encoded from, and no
quote at all — the SHACL shapes check the same split.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, SKOS, XSD

from htkg.literature.context import Context
from htkg.literature.schema import (
    BOUNDS,
    CITO_RELATIONS,
    CLAIM_RELATIONS,
    DECIMAL,
    DEFAULT_EFFECT,
    EFFECTS,
    ELEMENT_KINDS,
    ELEMENT_RELATIONS,
    MODES,
    POLARITIES,
)
from htkg.literature.yaml_reader import Field
from htkg.pipeline.quotes import is_verbatim
from htkg.rdf.namespaces import HTKG, KG, QB


class AsWritten(Literal):
    """A literal Turtle writes in its lexical form as given: ``"15"^^xsd:decimal``, not the
    shorthand ``15.0`` rdflib would make of it (a figure is kept exactly as printed)."""

    __slots__ = ()

    def _literal_n3(self, use_plain: bool = False, qname_callback=None) -> str:
        return super()._literal_n3(False, qname_callback)


EVIDENCE_FIELDS = {"gloss", "quote", "section", "note", "uncertain"}


def compile_statements(root: Field, ctx: Context) -> None:
    """Elements, claims, causal and response links, observations and CiTO links."""
    for name, compile_one in (
        ("elements", _element),
        ("claims", _claim),
        ("causal_links", _causal_link),
        ("response_links", _response_link),
        ("observations", _observation),
    ):
        section = root.get(name)
        for order, item in enumerate(section.items() if section else [], 1):
            ctx.attempt(_statement, compile_one, item, order, ctx)
    links = root.get("links")
    for item in links.items() if links else []:
        ctx.attempt(_citation, item, ctx)


def _statement(compile_one, item: Field, order: int, ctx: Context) -> None:
    key = item.require("id").text()
    if key not in ctx.local:
        return  # its id was refused when keys were declared; that problem is listed
    node = ctx.local[key]
    compile_one(item, ctx, node)
    ctx.graph.add((node, HTKG.order, Literal(order)))


def evidence(item: Field, ctx: Context, node: URIRef) -> None:
    """Where ``node`` is stated and what backs it (see the module docstring)."""
    g = ctx.graph
    g.add((node, HTKG.statedIn, ctx.document))
    g.add((node, HTKG.gloss, ctx.text(item.require("gloss"), "en")))
    quote, section = item.get("quote"), item.get("section")
    if ctx.text_available:
        if quote is None:
            raise item.error("missing required field 'quote' (the verbatim passage)")
        if section is None:
            raise item.error("missing required field 'section' (where the quote is)")
        if ctx.source_text is not None and not is_verbatim(quote.text(), ctx.source_text):
            raise quote.error(
                f"not verbatim in the document's text ({ctx.text_path}): copy the passage "
                "exactly (whitespace and line breaks do not matter)"
            )
        g.add((node, HTKG.quote, ctx.text(quote)))
        target = ctx.resolve(section)
        if not ctx.is_a(target, HTKG.Section):
            raise section.error(f"'{section.text()}' is not a section of this file")
        g.add((node, HTKG.inSection, target))
    else:
        if quote is not None:
            raise quote.error(
                "document.text_available is false: there is no text to quote; "
                "put what the fact sheet says in 'gloss'"
            )
        if section is not None:  # a chapter or article the fact sheet places it in
            target = ctx.resolve(section)
            if not ctx.is_a(target, HTKG.Section):
                raise section.error(f"'{section.text()}' is not a section of this file")
            g.add((node, HTKG.inSection, target))
        if ctx.fact_sheet is not None:
            g.add((node, PROV.wasDerivedFrom, ctx.fact_sheet))
    if (note := item.get("note")) is not None:
        g.add((node, HTKG.curatorNote, ctx.text(note, "en")))
    if (uncertain := item.get("uncertain")) is not None and uncertain.flag():
        if note is None:
            raise uncertain.error("an uncertain statement needs a 'note' saying why")
        g.add((node, HTKG.uncertain, Literal(True)))


def _involves(item: Field, ctx: Context, node: URIRef) -> None:
    for _ref, target in ctx.refs(item, "involves"):
        ctx.graph.add((node, ctx.involves_property(target), target))


def _relations(item: Field, ctx: Context, node: URIRef, table: dict[str, URIRef]) -> None:
    for key, prop in table.items():
        for _ref, target in ctx.refs(item, key):
            ctx.graph.add((node, prop, target))


def _element(item: Field, ctx: Context, node: URIRef) -> None:
    item.check_keys({"id", "kind", "label", "definition", "involves", *ELEMENT_RELATIONS,
                     *EVIDENCE_FIELDS})  # fmt: skip
    kind = item.require("kind")
    if kind.text() not in ELEMENT_KINDS:
        raise kind.error(f"unknown kind '{kind.text()}' (known: {', '.join(ELEMENT_KINDS)})")
    ctx.add_type(node, ELEMENT_KINDS[kind.text()])
    for language in ("zh", "en"):
        label = item.require("label")
        label.check_keys({"zh", "en"})
        ctx.graph.add((node, SKOS.prefLabel, ctx.text(label.require(language), language)))
    ctx.graph.add((node, SKOS.definition, ctx.text(item.require("definition"), "en")))
    _involves(item, ctx, node)
    _relations(item, ctx, node, ELEMENT_RELATIONS)
    evidence(item, ctx, node)


def _claim(item: Field, ctx: Context, node: URIRef) -> None:
    item.check_keys({"id", "involves", *CLAIM_RELATIONS, *EVIDENCE_FIELDS})
    ctx.add_type(node, HTKG.Statement)
    _involves(item, ctx, node)
    _relations(item, ctx, node, CLAIM_RELATIONS)
    for key in ("evidence_for", "evidence_against"):
        for ref, target in ctx.refs(item, key):
            if target in ctx.local.values():
                raise ref.error(f"{key} points into this same document; it links to another one")
    evidence(item, ctx, node)


def _mode(item: Field, ctx: Context, node: URIRef) -> None:
    mode = item.require("mode")
    if mode.text() not in MODES:
        raise mode.error(f"unknown mode '{mode.text()}' (known: {', '.join(MODES)})")
    if mode.text() == "curator-reading" and item.get("note") is None:
        raise mode.error("a curator reading needs a 'note' saying why it is read so")
    ctx.graph.add((node, HTKG.assertionMode, MODES[mode.text()]))


def _summary(item: Field, ctx: Context, node: URIRef) -> None:
    """``summary: true`` marks a link a summary passage repeats for every pair of two lists."""
    if (summary := item.get("summary")) is not None and summary.flag():
        ctx.add_type(node, HTKG.SummaryLink)


def _causal_link(item: Field, ctx: Context, node: URIRef) -> None:
    item.check_keys({"id", "cause", "effect", "polarity", "mode", "summary", *EVIDENCE_FIELDS})
    ctx.add_type(node, HTKG.CausalLink)
    _summary(item, ctx, node)
    ctx.graph.add((node, HTKG.cause, ctx.resolve(item.require("cause"))))
    ctx.graph.add((node, HTKG.effect, ctx.resolve(item.require("effect"))))
    polarity = item.require("polarity")
    if polarity.text() not in POLARITIES:
        raise polarity.error(
            f"unknown polarity '{polarity.text()}' (known: positive, negative, unknown)"
        )
    ctx.graph.add((node, HTKG.polarity, POLARITIES[polarity.text()]))
    _mode(item, ctx, node)
    evidence(item, ctx, node)


def _response_link(item: Field, ctx: Context, node: URIRef) -> None:
    item.check_keys({"id", "measure", "target", "mode", "effect", "summary", *EVIDENCE_FIELDS})
    ctx.add_type(node, HTKG.ResponseLink)
    _summary(item, ctx, node)
    ctx.graph.add((node, HTKG.measure, ctx.resolve(item.require("measure"))))
    ctx.graph.add((node, HTKG.target, ctx.resolve(item.require("target"))))
    effect = item.get("effect")
    word = effect.text() if effect is not None else DEFAULT_EFFECT
    if word not in EFFECTS:
        assert effect is not None
        raise effect.error(f"unknown effect '{word}' (known: {', '.join(EFFECTS)})")
    ctx.graph.add((node, HTKG.responseEffect, EFFECTS[word]))
    _mode(item, ctx, node)
    evidence(item, ctx, node)


def _observation(item: Field, ctx: Context, node: URIRef) -> None:
    item.check_keys({"id", "indicator", "period", "value", "unit", "market", "field", "agency",
                     "approximate", "bound", "baseline", "valid_from", "valid_until",
                     *EVIDENCE_FIELDS})  # fmt: skip
    g = ctx.graph
    ctx.add_type(node, HTKG.Observation)
    g.add((node, QB.dataSet, _data_set(ctx)))
    g.add((node, HTKG.indicator, ctx.resolve(item.require("indicator"))))
    g.add((node, HTKG.unit, ctx.resolve(item.require("unit"))))
    if (period := item.get("period")) is not None:
        g.add((node, HTKG.refPeriod, ctx.resolve(period)))
    value = item.require("value")
    text = str(value.value).strip()
    if isinstance(value.value, bool) or not DECIMAL.match(text):
        raise value.error(f"expected a number as printed (e.g. '13.4'), found {value.value!r}")
    g.add((node, HTKG.value, AsWritten(text, datatype=XSD.decimal)))
    for key, prop in (("market", HTKG.refMarket), ("field", HTKG.refField),
                      ("agency", HTKG.sourceAgency)):  # fmt: skip
        for _ref, target in ctx.refs(item, key):
            g.add((node, prop, target))
    if (approximate := item.get("approximate")) is not None:
        g.add((node, HTKG.approximate, Literal(approximate.flag())))
    if (bound := item.get("bound")) is not None:
        if bound.text() not in BOUNDS:
            raise bound.error(f"unknown bound '{bound.text()}' (known: lower, upper)")
        g.add((node, HTKG.bound, BOUNDS[bound.text()]))
    for _ref, baseline in ctx.refs(item, "baseline"):
        g.add((node, HTKG.baselinePeriod, baseline))
    for key, prop in (("valid_from", HTKG.validFrom), ("valid_until", HTKG.validUntil)):
        if (found := item.get(key)) is not None:
            g.add((node, prop, ctx.date(found)))
    evidence(item, ctx, node)


def _data_set(ctx: Context) -> URIRef:
    """The document's Data Cube data set, made on first use."""
    node = KG[f"{ctx.slug}-figures"]
    if (node, None, None) not in ctx.graph:
        ctx.add_type(node, QB.DataSet)
        ctx.graph.add((node, HTKG.statedIn, ctx.document))
        for language, template in (("zh", "《{}》所列数据"), ("en", "Figures printed in {}")):
            labels = ctx.graph.objects(ctx.document, SKOS.prefLabel)
            titles = (t for t in labels if isinstance(t, Literal) and t.language == language)
            title = next(titles, None)
            if title is not None:  # a document without this label is reported by its own field
                label = Literal(template.format(title), lang=language)
                ctx.graph.add((node, SKOS.prefLabel, label))
        if ctx.index.known(KG["article-figures-dsd"]):
            ctx.graph.add((node, QB.structure, KG["article-figures-dsd"]))
    return node


def _citation(item: Field, ctx: Context) -> None:
    """``links``: a CiTO relation from this document (or its fact sheet) to another."""
    item.check_keys({"relation", "to", "from"})
    relation = item.require("relation")
    if relation.text() not in CITO_RELATIONS:
        known = ", ".join(CITO_RELATIONS)
        raise relation.error(f"unknown relation '{relation.text()}' (known: {known})")
    source = ctx.document
    if (origin := item.get("from")) is not None:
        if origin.text() not in ("document", "fact-sheet"):
            raise origin.error("'from' is 'document' (the default) or 'fact-sheet'")
        if origin.text() == "fact-sheet":
            if ctx.fact_sheet is None:
                raise origin.error("this document has no fact_sheet")
            source = ctx.fact_sheet
    to = item.require("to")
    target = ctx.resolve(to)
    if not ctx.is_a(target, HTKG.Document):
        raise to.error(f"'{to.text()}' is not a document")
    ctx.graph.add((source, CITO_RELATIONS[relation.text()], target))

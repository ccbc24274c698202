"""The argument network: nodes, and relations that hold every document's evidence.

One model, read once (:mod:`htkg.network.read`) and used by trace, loops,
leverage, what-if, the explorer and the network exports.

A **link** in the data (an ``htkg:CausalLink`` or ``htkg:ResponseLink``) is
one document's statement that A influences B (or that measure A responds to
B), with its own assertion mode, polarity or effect, quote, section, gloss and
curator note: an :class:`Evidence` here. Several links between one pair of
nodes — the article and a report stating the same influence, or giving it the
opposite sign — are one :class:`Relation` with several pieces of evidence,
whose sign is agreed or contested (:mod:`htkg.network.signs`). Nothing is
merged away: every piece keeps its document and quote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from htkg.network import signs
from htkg.rdf.namespaces import HTKG

CAUSAL, RESPONSE = "causal", "response"

#: Node classes in priority order: a node gets the first class it belongs to.
NODE_CLASSES = (
    "Finding",
    "ConstraintFactor",
    "SubFactor",
    "Mechanism",
    "Countermeasure",
    "SubMeasure",
    "Condition",
    "Event",
    "PolicyInstrument",
    "Market",
    "Actor",
    "TechnologyItem",
    "TechField",
)
ARGUMENT_CLASSES = NODE_CLASSES[:6]
MEASURE_CLASSES = ("Countermeasure", "SubMeasure")
#: The classes a trace can start from.
TRACE_CLASSES = (
    "ConstraintFactor",
    "SubFactor",
    "Finding",
    "Mechanism",
    "Event",
    "PolicyInstrument",
    "Countermeasure",
    "SubMeasure",
)


@dataclass(frozen=True)
class Node:
    """A condition, measure or entity of the network, with what a reader needs to see."""

    iri: URIRef
    cls: str
    label_zh: str = ""
    label_en: str = ""
    quote: str = ""
    gloss: str = ""
    section: URIRef | None = None

    def label(self, lang: str) -> str:
        return (self.label_zh if lang == "zh" else self.label_en) or str(self.iri)


@dataclass(frozen=True)
class Evidence:
    """One document's link between two nodes, exactly as the data states it."""

    link: URIRef
    kind: str  # CAUSAL or RESPONSE
    source: URIRef  # the cause, or the measure
    target: URIRef  # the effect, or the condition responded to
    document: str  # the slug of the document's named graph: "article", "us-bis-…"
    mode: URIRef | None = None  # htkg:authorStated or htkg:curatorReading
    polarity: URIRef | None = None  # causal links
    effect: URIRef | None = None  # response links: reduces, raises, unspecifiedEffect
    section: URIRef | None = None
    quote: str = ""
    gloss: str = ""
    note: str = ""
    summary: bool = False  # stated by a summary passage for every pair of two lists

    @property
    def sign(self) -> str:
        """+, - or ? (see :mod:`htkg.network.signs`)."""
        term, table = (
            (self.polarity, signs.POLARITY_SIGN)
            if self.kind == CAUSAL
            else (self.effect, signs.EFFECT_SIGN)
        )
        return signs.UNKNOWN if term is None else table.get(term, signs.UNKNOWN)

    @property
    def author_stated(self) -> bool:
        return self.mode == HTKG.authorStated


@dataclass(frozen=True)
class Relation:
    """Everything the documents say about one (source, target) pair of one kind."""

    kind: str
    source: URIRef
    target: URIRef
    evidence: tuple[Evidence, ...]

    @property
    def sign(self) -> str:
        """The agreed sign, or ``?`` when unknown or contested."""
        return signs.agreed(e.sign for e in self.evidence)

    @property
    def contested(self) -> bool:
        return signs.contested(e.sign for e in self.evidence)

    @property
    def documents(self) -> tuple[str, ...]:
        """The documents stating it, the article first."""
        found = {e.document for e in self.evidence}
        return tuple(sorted(found, key=lambda d: (d != "article", d)))

    @property
    def author_stated(self) -> bool:
        """True when at least one document's author states it (not only curators)."""
        return any(e.author_stated for e in self.evidence)

    @property
    def mode(self) -> URIRef:
        return HTKG.authorStated if self.author_stated else HTKG.curatorReading

    @property
    def summary(self) -> bool:
        """True when only summary passages state it (it adds no chain of its own)."""
        return all(e.summary for e in self.evidence)

    @property
    def first(self) -> Evidence:
        """The evidence shown first: the article's author-stated, specific link if any."""
        return min(self.evidence, key=_evidence_rank)


def _evidence_rank(e: Evidence) -> tuple[bool, bool, bool, str]:
    return (e.summary, not e.author_stated, e.document != "article", str(e.link))


@dataclass(frozen=True)
class Part:
    """A structural step: a sub-factor of a factor, or a sub-measure of a countermeasure."""

    child: URIRef
    parent: URIRef
    kind: str  # "sub-factor" or "sub-measure"


@dataclass
class ArgumentNetwork:
    """Nodes, relations (keyed by kind, source, target) and structure."""

    nodes: dict[URIRef, Node] = field(default_factory=dict)
    relations: dict[tuple[str, URIRef, URIRef], Relation] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    #: context: element → the entities it involves (``htkg:involves…``), when read
    involves: list[tuple[URIRef, URIRef, str]] = field(default_factory=list)
    #: zh and en labels of the sections nodes and links cite
    section_labels: dict[URIRef, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        nodes: Iterable[Node],
        evidence: Iterable[Evidence],
        parts: Iterable[Part] = (),
        involves: Iterable[tuple[URIRef, URIRef, str]] = (),
        section_labels: dict[URIRef, tuple[str, str]] | None = None,
    ) -> ArgumentNetwork:
        """Group the evidence into relations (in a stable order)."""
        grouped: dict[tuple[str, URIRef, URIRef], list[Evidence]] = {}
        for item in sorted(set(evidence), key=lambda e: str(e.link)):
            grouped.setdefault((item.kind, item.source, item.target), []).append(item)
        relations = {
            key: Relation(*key, evidence=tuple(sorted(items, key=_evidence_rank)))
            for key, items in sorted(grouped.items(), key=lambda kv: tuple(map(str, kv[0])))
        }
        return cls(
            {n.iri: n for n in nodes},
            relations,
            sorted(set(parts), key=str),
            sorted(set(involves)),
            dict(section_labels or {}),
        )

    # -- walking ------------------------------------------------------------

    def causes_from(self, node: URIRef) -> list[Relation]:
        """Causal relations out of ``node``."""
        return self._index()[0].get(node, [])

    def causes_into(self, node: URIRef) -> list[Relation]:
        """Causal relations into ``node``."""
        return self._index()[1].get(node, [])

    def responses_to(self, node: URIRef) -> list[Relation]:
        """Response relations whose target is ``node``."""
        return self._index()[2].get(node, [])

    def responses_of(self, measure: URIRef) -> list[Relation]:
        """Response relations of ``measure`` (not of its sub-measures)."""
        return self._index()[3].get(measure, [])

    def sub_factors(self, factor: URIRef) -> list[URIRef]:
        return sorted(p.child for p in self.parts if p.parent == factor and p.kind == "sub-factor")

    def sub_measures(self, measure: URIRef) -> list[URIRef]:
        return sorted(
            p.child for p in self.parts if p.parent == measure and p.kind == "sub-measure"
        )

    def countermeasure_of(self, measure: URIRef) -> URIRef:
        """The countermeasure a (sub-)measure belongs to."""
        for part in self.parts:
            if part.child == measure and part.kind == "sub-measure":
                return part.parent
        return measure

    def cls(self, node: URIRef) -> str:
        found = self.nodes.get(node)
        return found.cls if found else "Other"

    def _index(self) -> tuple[dict[URIRef, list[Relation]], ...]:
        cached = self.__dict__.get("_cached_index")
        if cached is None:
            out: dict[URIRef, list[Relation]] = {}
            into: dict[URIRef, list[Relation]] = {}
            responses: dict[URIRef, list[Relation]] = {}
            by_measure: dict[URIRef, list[Relation]] = {}
            for relation in self.relations.values():
                if relation.kind == CAUSAL:
                    out.setdefault(relation.source, []).append(relation)
                    into.setdefault(relation.target, []).append(relation)
                else:
                    responses.setdefault(relation.target, []).append(relation)
                    by_measure.setdefault(relation.source, []).append(relation)
            cached = (out, into, responses, by_measure)
            self.__dict__["_cached_index"] = cached
        return cached

    # -- filters --------------------------------------------------------------

    def filtered(
        self, documents: Iterable[str] = (), author_stated: bool = False
    ) -> ArgumentNetwork:
        """Only the evidence of ``documents`` (all if empty), only author-stated if asked.

        A relation left without evidence disappears; nodes and structure stay.
        """
        wanted = set(documents)
        kept = [
            e
            for relation in self.relations.values()
            for e in relation.evidence
            if (not wanted or e.document in wanted) and (not author_stated or e.author_stated)
        ]
        return ArgumentNetwork.of(
            self.nodes.values(), kept, self.parts, self.involves, self.section_labels
        )

    def documents(self) -> list[str]:
        """Every document that states a link, the article first."""
        found = {e.document for r in self.relations.values() for e in r.evidence}
        return sorted(found, key=lambda d: (d != "article", d))

"""Find the terms a label names: ``htkg find 印度`` → ``kg:india``, its class and documents.

A researcher adding a document knows the article's entities by their names,
not their IRIs. :func:`find` matches a fragment against every preferred and
alternative label (zh, en, any other language) of the entities, argument
elements, indicators, periods, units and documents the project holds, after the
same normalisation ``htkg link`` compares labels with (Unicode NFKC, case and
spacing folded; spaces are also ignored inside the fragment), and says which
documents mention each term, so the answer can be pasted as ``ref: kg:…``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from unicodedata import category

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from htkg.literature.index import ProjectIndex, build_index
from htkg.literature.reconcile import document_of, normalise
from htkg.rdf.labels import labels
from htkg.rdf.namespaces import HTKG

#: The classes whose instances are "terms" a document refers to.
TERM_ROOTS = (
    HTKG.DomainEntity,
    HTKG.ArgumentElement,
    HTKG.Indicator,
    HTKG.Period,
    HTKG.Unit,
    HTKG.Document,
)


def squeeze(text: str) -> str:
    """:func:`normalise` with spaces and dashes removed too: 美 国 and 美国 are one word,
    and "intellectual property" is found in "intellectual-property barriers".

    >>> squeeze(" Ｓｅｍｉ conductor ")
    'semiconductor'
    >>> squeeze("Intellectual-property — barriers")
    'intellectualpropertybarriers'
    """
    return "".join(c for c in normalise(text) if not c.isspace() and category(c) != "Pd")


@dataclass
class Term:
    """One term: its IRI, most specific class, labels and the documents that use it."""

    iri: URIRef
    cls: URIRef
    labels: dict[str, list[str]] = field(default_factory=dict)
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    documents: list[URIRef] = field(default_factory=list)
    matched: str = ""

    def label(self, lang: str) -> str:
        return next(iter(self.labels.get(lang, [])), "")


def most_specific(classes: set[URIRef], index: ProjectIndex) -> URIRef | None:
    """The class of ``classes`` with the most superclasses (ties: by IRI, stable)."""
    ranked = sorted(classes, key=lambda c: (-len(index.superclasses.get(c, {c})), str(c)))
    return ranked[0] if ranked else None


def term_class(iri: URIRef, index: ProjectIndex, dataset: Dataset) -> URIRef | None:
    """The most specific asserted class of ``iri`` among the term classes, if it is a term."""
    asserted = {
        o for g in dataset.graphs() for o in g.objects(iri, RDF.type) if isinstance(o, URIRef)
    }
    terms = {c for c in asserted if any(r in index.superclasses.get(c, {c}) for r in TERM_ROOTS)}
    return most_specific(terms, index)


def find(
    dataset: Dataset, text: str, classes: tuple[URIRef, ...] = (), index: ProjectIndex | None = None
) -> list[Term]:
    """Every term whose label contains ``text`` after normalisation, exact matches first.

    ``classes`` narrows to instances of those classes (or their subclasses).
    """
    wanted = squeeze(text)
    index = index or build_index(dataset)
    names = labels(dataset)
    alts = labels(dataset, (SKOS.altLabel,))
    found: list[tuple[int, str, Term]] = []
    for iri, literals in names.items():
        hits = [str(x) for x in literals if wanted and wanted in squeeze(str(x))]
        if not hits:
            continue
        cls = term_class(iri, index, dataset)
        if cls is None:
            continue
        if classes and not any(c in index.superclasses.get(cls, {cls}) for c in classes):
            continue
        term = Term(iri, cls, matched=min(hits, key=len))
        alt_set = set(alts.get(iri, []))
        for literal in literals:
            target = term.alt_labels if literal in alt_set else term.labels
            bucket = target.setdefault(_lang(literal), [])
            if str(literal) not in bucket:
                bucket.append(str(literal))
        term.documents = sorted({document_of(g) for g in index.graphs_of.get(iri, ())})
        exact = 0 if any(squeeze(h) == wanted for h in hits) else 1
        found.append((exact, term.matched, term))
    found.sort(key=lambda x: (x[0], len(x[1]), str(x[2].iri)))
    return [t for _e, _m, t in found]


def _lang(literal: Literal) -> str:
    return (literal.language or "").lower()


def class_by_name(name: str, index: ProjectIndex) -> URIRef | None:
    """``Economy`` or ``htkg:Economy`` → the ontology class, if it is a term class."""
    local = name.removeprefix("htkg:")
    cls = HTKG[local] if local in HTKG else None  # noqa: SIM401 (closed namespace)
    if cls is None or not any(r in index.superclasses.get(cls, {cls}) for r in TERM_ROOTS):
        return None
    return cls

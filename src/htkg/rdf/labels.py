"""What a reader sees for an IRI: its label in one language, else its CURIE.

A bare IRI means nothing to a reader, so every command shows an IRI by its
``skos:prefLabel`` in the chosen language (``rdfs:label`` for ontology terms),
and by its CURIE only where it has no label. :func:`labels` is the one place
labels are read from a graph; term resolution and reconciliation use it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from htkg.rdf.namespaces import HTKG, curie

#: The languages every entity is labelled in: the shapes require one ``skos:prefLabel`` each.
LANGUAGES = ("en", "zh")
#: What names a thing: its preferred label and its alternatives, in any language.
NAME_PREDICATES = (SKOS.prefLabel, SKOS.altLabel)


def labels(
    source: Graph,
    predicates: Sequence[URIRef] = NAME_PREDICATES,
    among: Iterable[URIRef] | None = None,
) -> dict[URIRef, list[Literal]]:
    """Every literal an IRI has for ``predicates`` (only IRIs ``among``, if given).

    A Dataset is read graph by graph (and each graph predicate by predicate), in
    the order rdflib gives, so the first label listed is stable for messages.
    """
    wanted = set(among) if among is not None else None
    found: dict[URIRef, list[Literal]] = {}
    graphs = source.graphs() if isinstance(source, Dataset) else (source,)
    for graph in graphs:
        for predicate in predicates:
            for subject, label in graph.subject_objects(predicate):
                if not isinstance(subject, URIRef) or not isinstance(label, Literal):
                    continue
                if wanted is None or subject in wanted:
                    found.setdefault(subject, []).append(label)
    return found


class Labeller:
    """IRI → label in one language (prefLabel, then rdfs:label), else CURIE."""

    def __init__(self, dataset: Dataset, lang: str = "en") -> None:
        self.lang = lang
        self._labels: dict[URIRef, str] = {}
        self._stand_ins: dict[URIRef, str] = {}
        labelled: set[URIRef] = set()
        for predicate in (RDFS.label, SKOS.prefLabel):  # prefLabel wins: set last
            for subject, texts in labels(dataset, (predicate,)).items():
                labelled.add(subject)
                for text in texts:
                    if _lang_matches(text.language, lang):
                        self._labels[subject] = str(text)
        # what stands in for the label of a claim that has none in any language (an
        # observation): its English gloss, or in Chinese its verbatim quote
        stand_in = HTKG.quote if lang == "zh" else HTKG.gloss
        for subject, texts in labels(dataset, (stand_in,)).items():
            if subject in labelled:
                continue
            for text in texts:
                if _lang_matches(text.language, lang):
                    self._stand_ins.setdefault(subject, str(text))

    def stand_in(self, iri: URIRef) -> str | None:
        """The gloss (en) or quote (zh) of something with no label at all, if it has one."""
        return self._stand_ins.get(iri)

    def curie(self, iri: URIRef) -> str:
        """:func:`htkg.rdf.namespaces.curie`, or ``<iri>`` as in Turtle where no prefix fits."""
        name = curie(iri)
        return f"<{iri}>" if name == iri else name

    def label(self, iri: URIRef) -> str | None:
        return self._labels.get(iri)

    def text(self, node: Node | None) -> str:
        """What a reader sees for ``node``."""
        if node is None:
            return ""
        if isinstance(node, URIRef):
            return self.label(node) or self.curie(node)
        return str(node)


def _lang_matches(tag: str | None, lang: str) -> bool:
    if not tag:
        return False
    return tag.lower() == lang.lower() or tag.lower().startswith(lang + "-")

"""The labeller every command shows IRIs with: section labels with their full number.

The article's Chinese subsection headings carry only their own number
(``（三）完善…``); cited on their own they are ambiguous, since every part has a
``（三）``. Rather than edit every label in the data, the full number is composed
from the section hierarchy (``htkg:subsectionOf``, ``htkg:sectionNumber``):
``二（三）完善…``. English labels already carry theirs (``2.3 …``).
"""

from __future__ import annotations

from rdflib import Dataset, URIRef
from rdflib.namespace import SKOS

from htkg.rdf.labels import Labeller as _BaseLabeller
from htkg.rdf.namespaces import HTKG

__all__ = ["Labeller", "numbered_sections"]


def numbered_sections(dataset: Dataset, lang: str) -> dict[URIRef, str]:
    """Each subsection's label in ``lang`` prefixed with its parents' numbers, where missing."""
    parent: dict[URIRef, URIRef] = {}
    number: dict[URIRef, str] = {}
    label: dict[URIRef, str] = {}
    for graph in dataset.graphs():
        for s, o in graph.subject_objects(HTKG.subsectionOf):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                parent[s] = o
        for s, o in graph.subject_objects(HTKG.sectionNumber):
            if isinstance(s, URIRef):
                number[s] = str(o)
        for s, o in graph.subject_objects(SKOS.prefLabel):
            if isinstance(s, URIRef) and getattr(o, "language", None) == lang:
                label[s] = str(o)

    def prefix(section: URIRef, depth: int = 0) -> str:
        """The full number of ``section`` as its readers write it: 三, 三（一）…"""
        up = parent.get(section)
        if up is None or depth > 8:
            return number.get(section, "")
        own = label.get(section, "")
        token = own[: own.index("）") + 1] if own.startswith("（") and "）" in own else ""
        return prefix(up, depth + 1) + token

    composed = {}
    for section, up in parent.items():
        own = label.get(section)
        if own and own.startswith("（"):
            composed[section] = prefix(up) + own
    return composed


class Labeller(_BaseLabeller):
    """:class:`htkg.rdf.labels.Labeller` with subsection labels numbered in full (zh)."""

    def __init__(self, dataset: Dataset, lang: str = "en") -> None:
        super().__init__(dataset, lang)
        self._sections = numbered_sections(dataset, lang) if lang == "zh" else {}

    def numbered(self, iri: URIRef) -> str | None:
        """The composed label of a subsection, None for anything else (or in English)."""
        return self._sections.get(iri)

    def label(self, iri: URIRef) -> str | None:
        return self._sections.get(iri) or super().label(iri)

"""Convert RDF terms between rdflib, pyoxigraph and SPARQL JSON results.

Every store hands rdflib terms to the rest of htkg; ``xsd:string`` literals
become plain literals (see :func:`htkg.stores.base.plain`) so answers compare
equal whichever store produced them.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql.results.jsonresults import parseJsonTerm
from rdflib.term import Node

from htkg.stores.base import plain

_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


def from_oxigraph(term: Any) -> Node | None:
    """A pyoxigraph term as an rdflib term.

    >>> from_oxigraph(ox.Literal("7", datatype=ox.NamedNode(str(XSD.integer))))
    rdflib.term.Literal('7', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported RDF term {term!r}")


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")


def from_json(binding: dict[str, str] | None) -> Node | None:
    """A term of a SPARQL 1.1 JSON result (``application/sparql-results+json``).

    Read by rdflib's own ``parseJsonTerm``, which also reads the SPARQL 1.0
    ``typed-literal`` that Virtuoso still writes; an ``rdf:langString``
    datatype next to the language tag is dropped (rdflib takes one or the other).

    >>> from_json({"type": "literal", "value": "中国", "xml:lang": "zh"})
    rdflib.term.Literal('中国', lang='zh')
    """
    if binding is None:
        return None
    if binding.get("datatype") == _LANG_STRING:
        binding = {k: v for k, v in binding.items() if k != "datatype"}
    return plain(parseJsonTerm(binding))

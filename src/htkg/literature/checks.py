"""The checks ``htkg build`` makes, run on one compiled authoring file, in its words.

``htkg add`` (and ``--check``) validates the compiled document with the other
documents against the SHACL shapes and reasons over all of them (OWL 2 RL), as
the build does, so a file that passes ``add`` does not fail ``build``. Each
problem is reported at the YAML line and field it came from, with the field
named as in the authoring format (``issuer``, not ``htkg:issuedBy``), and all
of them in one run.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from htkg.literature.compiler import Compiled
from htkg.literature.schema import (
    CLAIM_RELATIONS,
    ELEMENT_RELATIONS,
    ENTITY_RELATIONS,
)
from htkg.pipeline.validate import ValidationReport
from htkg.rdf.namespaces import HTKG, KG, PREFIXES, curie
from htkg.reasoning import DEFAULT_REASONER, reason

#: Ontology property → the authoring field it is written as.
FIELD_NAMES: dict[URIRef, str] = {
    **{prop: key for key, prop in ENTITY_RELATIONS.items()},
    **{prop: key for key, prop in ELEMENT_RELATIONS.items()},
    **{prop: key for key, prop in CLAIM_RELATIONS.items()},
    SKOS.prefLabel: "label",
    SKOS.altLabel: "alt_labels",
    SKOS.definition: "definition",
    RDF.type: "kind/type",
    HTKG.quote: "quote",
    HTKG.gloss: "gloss",
    HTKG.inSection: "section",
    HTKG.curatorNote: "note",
    HTKG.cause: "cause",
    HTKG.effect: "effect",
    HTKG.polarity: "polarity",
    HTKG.assertionMode: "mode",
    HTKG.responseEffect: "effect",
    HTKG.measure: "measure",
    HTKG.target: "target",
    HTKG.indicator: "indicator",
    HTKG.unit: "unit",
    HTKG.refPeriod: "period",
    HTKG.refMarket: "market",
    HTKG.refField: "field",
    HTKG.sourceAgency: "agency",
    HTKG.value: "value",
    HTKG.issuedBy: "issuer",
    HTKG.topic: "topics",
    HTKG.statedIn: "(the document)",
    DCTERMS.identifier: "identifier",
    DCTERMS.issued: "date",
    DCTERMS.language: "language",
    DCTERMS.creator: "authors",
    DCTERMS.title: "title",
    RDFS.seeAlso: "url",
    PROV.wasDerivedFrom: "fact_sheet",
}


def _field(path: str) -> str:
    iri = URIRef(path)
    return FIELD_NAMES.get(iri) or curie(path)


def shacl_problems(report: ValidationReport, compiled: Compiled, source: Path) -> list[str]:
    """Every violation, at the YAML item it concerns, its property named as the field."""
    problems = []
    for violation in report.violations:
        focus = URIRef(violation.focus)
        field = _field(violation.path) if violation.path else ""
        origin = compiled.origins.get(focus)
        if origin is not None:
            where = f"{source}:{origin[1]}: {origin[0]}" + (f".{field}" if field else "")
        else:
            where = f"{source}: {curie(focus)}" + (f" ({field})" if field else "")
        problems.append(f"{where}: {in_yaml_words(violation.message) or violation.severity}")
    return problems


_CURIE = re.compile(r"\b(htkg|skos|prov|dcterms|qb|rdfs):([A-Za-z]\w*)")


def in_yaml_words(message: str) -> str:
    """The shapes' messages name RDF properties; say the authoring field instead.

    >>> in_yaml_words("needs a reference period (htkg:refPeriod, a htkg:Period)")
    "needs a reference period ('period', a htkg:Period)"
    """

    def field(match: re.Match[str]) -> str:
        iri = URIRef(str(PREFIXES[match.group(1)]) + match.group(2))
        name = FIELD_NAMES.get(iri)
        return f"'{name}'" if name and not name.startswith("(") else match.group(0)

    return _CURIE.sub(field, message)


_NAMES = re.compile(r"kg:[\w.\-]+|https?://[^\s>]+")


def consistency_problems(
    dataset: Dataset, compiled: Compiled, source: Path, reasoner: str = DEFAULT_REASONER
) -> list[str]:
    """OWL 2 RL over every document with this one: each contradiction at the YAML fields
    that mention one of the IRIs it names (or at the file when none does)."""
    result = reason(dataset, reasoner)
    problems = []
    for error in result.errors:
        places = []
        names = [n.rstrip(":.,;") for n in _NAMES.findall(error)]
        for name in names:
            error = error.replace(name, curie(name))
        for name in dict.fromkeys(names):
            iri = KG[name[3:]] if name.startswith("kg:") else URIRef(name)
            if iri in compiled.origins:
                path, line = compiled.origins[iri]
                places.append(f"{source}:{line}: {path}")
            places += [f"{source}:{ref.line}: {ref.path}" for ref, target in compiled.resolved
                       if target == iri]  # fmt: skip
        where = "; ".join(dict.fromkeys(places)) or str(source)
        problems.append(f"{where}: inconsistent under OWL 2 RL with the other documents: {error}")
    return problems

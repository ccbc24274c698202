"""The authoring format's vocabulary: which words map to which ontology terms.

Kept in tables, not in code, so the format's documentation (docs/authoring.md)
and the compiler cannot drift apart silently: a test checks every word here
appears in the documentation.
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import SKOS

from htkg.rdf.namespaces import CITO, HTKG

FORMAT_VERSION = 1

#: ``document.kind`` → document class.
DOCUMENT_KINDS: dict[str, URIRef] = {
    "journal-article": HTKG.JournalArticle,
    "regulation": HTKG.Regulation,
    "fact-sheet": HTKG.FactSheet,
    "agreement": HTKG.AgreementText,
    "treaty": HTKG.AgreementText,
    "speech": HTKG.Speech,
    "report": HTKG.Report,
    "statistical-bulletin": HTKG.StatisticalBulletin,
    "document": HTKG.Document,
}

#: ``elements[].kind`` → argument-element class.
ELEMENT_KINDS: dict[str, URIRef] = {
    "condition": HTKG.Condition,
    "finding": HTKG.Finding,
    "constraint": HTKG.ConstraintFactor,
    "sub-factor": HTKG.SubFactor,
    "mechanism": HTKG.Mechanism,
    "measure": HTKG.Measure,
    "countermeasure": HTKG.Countermeasure,
    "sub-measure": HTKG.SubMeasure,
}

#: ``entities[].type`` may name any subclass of these (by local name).
ENTITY_ROOTS = (HTKG.DomainEntity, HTKG.Indicator, HTKG.Period, HTKG.Unit)

#: Dated facts of an agreement, instrument or document (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``).
DATE_FIELDS: dict[str, URIRef] = {
    "start_date": HTKG.startDate,
    "signed": HTKG.signedDate,
    "in_force": HTKG.inForceDate,
}

#: What a ``ref:`` entry may add about an entity another document defined (recorded in
#: this document's graph): these fields, ``ENTITY_RELATIONS`` and ``DATE_FIELDS``.
REF_FACT_FIELDS = ("alt_labels", "wikidata", "note")

#: Fields of a new entity whose values are references, and the property each becomes.
ENTITY_RELATIONS: dict[str, URIRef] = {
    "in_field": HTKG.inField,
    "part_of": HTKG.subOrganisationOf,
    "government_of": HTKG.governmentOf,
    "issued_by": HTKG.issuedBy,
    "jurisdiction": HTKG.jurisdiction,
    "party_to": HTKG.partyTo,
    "parties": HTKG.partyTo,
    "member_of": HTKG.memberOf,
    "listed_in": HTKG.listedIn,
    "broader": SKOS.broader,
    "narrower": SKOS.narrower,
    "exemplifies": HTKG.exemplifies,
}

#: Reference fields of argument elements and claims.
ELEMENT_RELATIONS: dict[str, URIRef] = {
    "sub_factor_of": HTKG.subFactorOf,
    "part_of_measure": HTKG.partOfMeasure,
    "exemplifies": HTKG.exemplifies,
}
CLAIM_RELATIONS: dict[str, URIRef] = {
    "about": HTKG.about,
    "evidence_for": HTKG.evidenceFor,
    "evidence_against": HTKG.evidenceAgainst,
    "exemplifies": HTKG.exemplifies,
}

#: ``involves`` picks the most specific sub-property the referenced entity's class allows.
INVOLVES_BY_CLASS: tuple[tuple[URIRef, URIRef], ...] = (
    (HTKG.Actor, HTKG.involvesActor),
    (HTKG.TechnologyItem, HTKG.involvesProduct),
    (HTKG.Market, HTKG.involvesMarket),
    (HTKG.TechField, HTKG.involvesField),
    (HTKG.PolicyInstrument, HTKG.involvesInstrument),
    (HTKG.Event, HTKG.involvesEvent),
)

POLARITIES: dict[str, URIRef] = {
    "positive": HTKG.positive,
    "negative": HTKG.negative,
    "unknown": HTKG.unknownPolarity,
}
MODES: dict[str, URIRef] = {
    "author-stated": HTKG.authorStated,
    "curator-reading": HTKG.curatorReading,
}
#: ``response_links[].effect`` → what the measure does to its target (default unspecified,
#: written out so the shape that asks every response link for one holds).
EFFECTS: dict[str, URIRef] = {
    "reduces": HTKG.reduces,
    "raises": HTKG.raises,
    "unspecified": HTKG.unspecifiedEffect,
}
DEFAULT_EFFECT = "unspecified"

#: ``links[].relation`` → CiTO property (citing document → cited document).
CITO_RELATIONS: dict[str, URIRef] = {
    "cites": CITO.cites,
    "supports": CITO.supports,
    "disputes": CITO.disputes,
    "agrees-with": CITO.agreesWith,
    "disagrees-with": CITO.disagreesWith,
    "uses-data-from": CITO.usesDataFrom,
    "cites-as-evidence": CITO.citesAsEvidence,
    "discusses": CITO.discusses,
}

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")
ISO_CODE = re.compile(r"^[A-Z]{2,3}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")

#: ``observations[].bound``: the figure is a lower bound ("at least") or an upper one.
BOUNDS: dict[str, URIRef] = {"lower": HTKG.lowerBound, "upper": HTKG.upperBound}

#: Top-level sections of an authoring file, in the order they are compiled.
SECTIONS = (
    "htkg-authoring", "document", "fact_sheet", "sections", "entities", "elements",
    "claims", "causal_links", "response_links", "observations", "links",
)  # fmt: skip

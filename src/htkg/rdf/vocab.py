"""The ontology's terms as a closed namespace: a misspelt term fails at import.

Generated from ontology/htkg.ttl by rdflib's defined_namespace_creator; do not
edit. Regenerate with ``python -m htkg.rdf.vocab_generate`` (a test checks it).
"""

# each term's definition is one comment line, as the generator writes it
# ruff: noqa: E501
# fmt: off

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class HTKG(DefinedNamespace):
    """
    The terms of the htkg ontology.

    Generated from: ontology/htkg.ttl
    """

    _NS = Namespace("https://w3id.org/htkg/ontology#")

    _fail = True

    Abstract: URIRef  # The summary section of a document; claims stated only there are marked by their section.
    Actor: URIRef  # Someone who acts in the argument: a government body, an enterprise, a group of enterprises or an organisation.
    AgreementText: URIRef  # The text of an agreement or treaty between parties (e.g. the US-China Economic and Trade Agreement of 2020); the agreement itself, as an instrument, is a htkg:TradeAgreement the text is htkg:textOf.
    ArgumentElement: URIRef  # A part of the document's argument: a condition it diagnoses or a measure it proposes. Carries its own evidence passage.
    AssertionMode: URIRef  # Who makes a link: the document's author, or the curator reading the document.
    AuditResult: URIRef  # The outcome of recomputing a figure (or checking a figure-based claim) that a document derives from other figures it prints: the arithmetic, the recomputed value, the tolerance and the verdict.
    Bound: URIRef  # An end of a printed range.
    Catalogue: URIRef  # An official list that classifies fields or items, e.g. the 2020 catalogue of high-tech fields supported by the state.
    CausalLink: URIRef  # An n-ary statement that one event or condition influences another, with polarity, assertion mode and evidence. The direct edge cause → effect is derived from it by reasoning.
    Claim: URIRef  # A statement made in a document, backed by a verbatim passage and its section: a causal link, a response link, a statistic or a plain statement.
    Condition: URIRef  # A state or tendency the document names as a cause or an effect; a node of the causal network.
    ConstraintFactor: URIRef  # One of the factors the document names as constraining exports.
    Countermeasure: URIRef  # One of the document's main proposed countermeasures (a numbered subsection of its policy section).
    Document: URIRef  # A source whose statements the graph encodes: an article, a regulation, a report or a fact sheet. Each document's statements live in a named graph of their own.
    DomainEntity: URIRef  # A thing in the world that documents talk about (field, product, market, actor, instrument, event), as opposed to the argument's own elements; these carry standard identifiers so documents join on them.
    Economy: URIRef  # A single customs territory, e.g. a country or Hong Kong, China; identified by its ISO 3166-1 code.
    Enterprise: URIRef  # A single named company.
    EnterpriseGroup: URIRef  # A class of enterprises the argument speaks of together, e.g. small and medium-sized enterprises.
    EntityJoin: URIRef  # A record that entities of different documents were joined as the same thing, with the basis of the join (shared IRI, Wikidata id, ISO code, or a label match a person confirmed) and who confirmed it.
    Event: URIRef  # Something that happens or develops in time and drives the argument from outside, e.g. the Sino-US trade friction or the COVID-19 pandemic.
    FactSheet: URIRef  # A short list of facts about another document, written for this project when the document's own text is not available.
    Finding: URIRef  # One of the document's observations of the current state, e.g. that export growth is slowing.
    GovernmentBody: URIRef  # A government, ministry, agency or a class of them (e.g. local governments).
    Indicator: URIRef  # What an observation measures, e.g. the export value of high-tech products.
    IndustryOrganisation: URIRef  # An industry association or similar body that coordinates enterprises.
    Investigation: URIRef  # A trade or intellectual-property investigation that can close a market, e.g. a US Section 337 investigation.
    JoinBasis: URIRef  # The kinds of evidence on which entities of different documents are joined.
    JournalArticle: URIRef  # A document published in a periodical, such as the article this graph encodes.
    Market: URIRef  # A destination of exports: an economy, a trade bloc, a region or a group of markets.
    MarketGroup: URIRef  # A class of markets grouped by development level rather than geography, e.g. emerging markets and developing countries.
    Measure: URIRef  # A course of action the document proposes.
    Mechanism: URIRef  # An intermediate condition through which a factor acts, e.g. product homogenisation or reduced international competitiveness.
    Observation: URIRef  # A figure the document prints, as a Data Cube observation: indicator, period, field or market, value as printed, unit, source agency and quote.
    Period: URIRef  # A calendar year or a run of years, with its first and last year as integers so queries can compare and subtract them.
    Polarity: URIRef  # The sign of a causal link.
    PolicyInstrument: URIRef  # A means by which a government acts on trade or technology: a catalogue, an agreement, an investigation, a technical regulation, a support policy, a strategy or a restriction.
    Product: URIRef  # A physical good or equipment that is traded, e.g. chips or lithography machines.
    Region: URIRef  # A geographic region taken as a market, e.g. East Asia or Latin America.
    Regulation: URIRef  # A legal rule issued by a government body, such as an export-control rule.
    Report: URIRef  # A report of a government body, an international organisation or a research institute.
    ResearchOrganisation: URIRef  # A research institute, university or laboratory, or a class of them.
    ResponseEffect: URIRef  # The direction in which a measure acts on the condition it responds to. 措施作用于其所针对状态的方向。
    ResponseLink: URIRef  # An n-ary statement that a measure addresses a condition, with assertion mode and evidence. The direct edge measure → condition is derived from it by reasoning.
    Section: URIRef  # A numbered or titled part of a document (including its abstract and untitled introduction), so that every claim can say where it is stated.
    Service: URIRef  # A technology-based service that is exported, e.g. IT outsourcing.
    Speech: URIRef  # A speech or statement delivered by a person, as published.
    Statement: URIRef  # A claim that is neither a link nor a statistic, e.g. a conclusion the author draws or a fact about an entity.
    StatisticalBulletin: URIRef  # A publication of official statistics, such as a statistical communiqué or a customs bulletin.
    Strategy: URIRef  # A national development strategy, e.g. new infrastructure or the digital Belt and Road.
    SubFactor: URIRef  # A component of a constraint factor as the document breaks it down (its first, second, … aspect).
    SubMeasure: URIRef  # A concrete step within a countermeasure (its first, second, … point).
    SummaryLink: URIRef  # A causal or response link that a summary passage states for every pair of two lists (e.g. the abstract's 由此 sentence); it repeats one sentence for each pair and adds no chain of its own. A summary link is also typed htkg:CausalLink or htkg:ResponseLink; queries and the network fold summary links rather than count them as separate evidence. 总括性段落（如摘要中“由此”一句）对两个列表中每一对都陈述的因果关系或对策对应关系；它为每一对重复同一句话，不另外构成因果链。
    SupportPolicy: URIRef  # A policy that supports an industry, e.g. building high-tech industrial parks.
    TechField: URIRef  # A field of high technology, such as the six fields of the 2020 catalogue of high-tech fields supported by the state.
    TechnicalRegulation: URIRef  # A technical regulation or standard that acts as a technical barrier to trade (TBT).
    Technology: URIRef  # A technology or technical system, e.g. 5G, cloud computing or an operating system.
    TechnologyItem: URIRef  # A traded good, a technology or a technology-based service.
    TradeAgreement: URIRef  # An agreement on trade between economies.
    TradeBloc: URIRef  # A grouping of economies by agreement, e.g. the EU, ASEAN, BRICS or the North American free trade area.
    TradeRestriction: URIRef  # A measure that restricts imports or exports: protectionist measures, trade remedies, export controls.
    Unit: URIRef  # The unit in which a value is printed, e.g. 亿美元 (100 million US dollars) or percent.
    Verdict: URIRef  # The outcome of an audit check.
    about: URIRef  # An argument element or entity the statement is about.
    addresses: URIRef  # The measure addresses the condition; derived from response links (measure-in ∘ target) and inherited by a countermeasure from its sub-measures.
    approximate: URIRef  # True where the document marks the figure as approximate (e.g. 左右, 'about').
    arithmetic: URIRef  # The computation written out with the printed numbers, so a reader can redo it.
    assertionMode: URIRef  # Whether the document's author states this link or a curator reads it from the document.
    auditInput: URIRef  # A printed figure the recomputation starts from.
    auditedFigure: URIRef  # The printed figure (an observation) or figure-based claim that the audit result checks.
    authorStated: URIRef  # The quoted passage states the link in so many words.
    baselinePeriod: URIRef  # The period a figure is measured against (e.g. purchases 'above the 2017 baseline'), as a Data Cube attribute.
    bearsOn: URIRef  # The measure acts on this condition: directly (it addresses it) or downstream (the chain addresses ∘ influences reaches it).
    bound: URIRef  # Where the document prints a range (e.g. 3300-3500), which end of it this observation is; also a figure printed as a bound only ('at least USD 200 billion' is a lower bound, 'at most' an upper bound).
    cause: URIRef  # The event or condition that acts in this causal link.
    causeOf: URIRef  # A causal link in which this node is the cause (inverse of cause).
    column: URIRef  # The journal column the document appeared in.
    confirmedBy: URIRef  # The person who confirmed a join suggested by a label match; label matches are never joined without one.
    confirmedLabelMatch: URIRef  # Two entities share a label in Chinese or English and a person confirmed that they are the same thing; joined with owl:sameAs.
    consistent: URIRef  # The printed figure or claim agrees with the recomputation within the tolerance.
    curatorNote: URIRef  # The curator's explanation of a judgement: why a link is read from the text, why a passage is uncertain, what was left out.
    curatorReading: URIRef  # The document implies the link without stating it; the quote is the passage it is read from and a curator note says why.
    difference: URIRef  # Recomputed value minus printed value.
    directlyInfluences: URIRef  # The direct edge of a causal link, derived from the link by the chain cause-in ∘ effect.
    effect: URIRef  # The condition that is influenced in this causal link.
    effectOf: URIRef  # A causal link in which this node is the effect (inverse of effect).
    endYear: URIRef  # The last year of the period (equal to the start year for a single year).
    evidenceAgainst: URIRef  # A claim of one document is evidence that a condition, measure or claim of another document does not hold, or holds less than that document says.
    evidenceFor: URIRef  # A claim of one document is evidence that a condition, measure or claim of another document holds (e.g. a regulation's measure is a case of a constraint an article names).
    exemplifies: URIRef  # This entity or claim is a concrete case of an event, trend or condition that another document describes in general terms (e.g. one export-control rule as a case of US technology suppression).
    gloss: URIRef  # A faithful English rendering of the quoted passage; a translation, not evidence.
    governmentOf: URIRef  # The economy whose government this body belongs to, so an agency joins the graph through its country.
    hasSection: URIRef  # A section of the document (inverse of section of).
    hasSubFactor: URIRef  # A sub-factor of this factor (inverse of sub-factor of).
    hasSubMeasure: URIRef  # A sub-measure of this countermeasure (inverse of part of measure).
    heading: URIRef  # The section's heading exactly as printed (whitespace from line breaks removed).
    hsCode: URIRef  # The Harmonized System heading or subheading (HS 2017) that covers the product; given only where the mapping is unambiguous, and explained in a scope note where the heading is broader than the product.
    inField: URIRef  # The technology field a product or technology belongs to.
    inForceDate: URIRef  # When an agreement, a law or a rule entered into force (xsd:date, xsd:gYearMonth or xsd:gYear).
    inSection: URIRef  # The section whose text contains the evidence quoted for this claim or element.
    inconsistent: URIRef  # The printed figure or claim differs from the recomputation by more than the tolerance.
    indicator: URIRef  # The indicator an observation measures (a Data Cube dimension).
    influences: URIRef  # The cause influences the effect directly or through a chain of causal links; transitive.
    involves: URIRef  # A domain entity that this claim or argument element names; the common super-property of the specific involvement properties, so 'everything said about X' is one pattern.
    involvesActor: URIRef  # An actor the element names, e.g. who should carry out a measure.
    involvesEvent: URIRef  # An event the element names.
    involvesField: URIRef  # A technology field the element names.
    involvesInstrument: URIRef  # A policy instrument the element names.
    involvesMarket: URIRef  # An economy, bloc, region or market group the element names.
    involvesProduct: URIRef  # A product, technology or service the element names.
    isAddressedBy: URIRef  # A measure that addresses this condition (inverse of addresses).
    isInfluencedBy: URIRef  # Inverse of influences: everything upstream of this node.
    isInvolvedIn: URIRef  # A claim or argument element that names this entity (inverse of involves).
    iso3166Alpha2: URIRef  # The economy's two-letter ISO 3166-1 code.
    iso3166Alpha3: URIRef  # The economy's three-letter ISO 3166-1 code.
    issuedBy: URIRef  # The body that issued an instrument or document.
    joinBasis: URIRef  # Why the entities were joined.
    joinedEntity: URIRef  # An entity this join record joins (one for a shared IRI, two for a join of distinct IRIs).
    joinedIn: URIRef  # A document whose graph uses one of the joined entities.
    jurisdiction: URIRef  # The economy or bloc that applies the instrument.
    listedIn: URIRef  # The catalogue that lists this field.
    lowerBound: URIRef  # The lower end of a printed range.
    matchedValue: URIRef  # The identifier or label the joined entities share (e.g. Q30, US, or a label in either language).
    measure: URIRef  # The measure that responds in this response link.
    measureIn: URIRef  # A response link in which this measure responds (inverse of measure).
    memberOf: URIRef  # A trade bloc or region the economy belongs to.
    multiplier: URIRef  # What one unit is worth in its base unit (1e8 for 亿美元 in US dollars), so values can be converted without changing what is printed.
    negative: URIRef  # More of the cause brings less of the effect.
    notCheckable: URIRef  # The document does not print the base values the figure would be recomputed from; what can be derived is reported, without a verdict.
    order: URIRef  # Position of a section, factor or measure in the document's reading order, so lists come out as the article presents them.
    partOfMeasure: URIRef  # The countermeasure this sub-measure belongs to.
    partyTo: URIRef  # An economy that is a party to an agreement or event.
    periodCovered: URIRef  # The period whose situation the document describes.
    placeSigned: URIRef  # Where an agreement was signed, as the document names the place.
    polarity: URIRef  # Whether more of the cause means more (positive) or less (negative) of the effect.
    positive: URIRef  # More of the cause brings more of the effect (or less brings less).
    printedValue: URIRef  # The value the document prints for the audited figure, copied from its observation, where there is one.
    quote: URIRef  # The verbatim passage of the source that supports this claim, copied (never paraphrased) with line-break whitespace removed; a test checks it against the source text.
    raises: URIRef  # The measure raises the target condition, e.g. competitiveness (the text says 提升, 增强, 提高 … of the target itself). 措施提升所针对的状态，如竞争力（原文对该状态本身称提升、增强、提高等）。
    recomputedValue: URIRef  # The value recomputed from the base figures the document prints, in the unit of the audited figure, rounded to four decimals.
    reduces: URIRef  # The measure lessens the target condition (the text says it reduces, relieves, lowers or resolves it: 减少, 降低, 缓解, 化解 …). 措施减轻所针对的状态（原文称减少、降低、缓解、化解等）。
    refField: URIRef  # The technology field the observation refers to (a Data Cube dimension); several values mean the fields taken together.
    refMarket: URIRef  # The market or region the observation refers to (a Data Cube dimension).
    refPeriod: URIRef  # The year or years the observation refers to (a Data Cube dimension).
    responseEffect: URIRef  # What the measure does to the target condition as the document says it: reduces it, raises it, or (unspecified) answers or serves it without saying which way. Read relative to the target's own wording, so a measure that raises innovation capacity reduces the condition 'limited innovation capacity'. 文献所述措施对所针对状态的作用：减轻、提升，或仅说明应对而未说明方向（未说明）。按所针对状态本身的表述判断。
    sameIsoCode: URIRef  # Two economies have the same ISO 3166-1 code; joined with owl:sameAs.
    sameWikidataId: URIRef  # Two entity IRIs have the same Wikidata id (skos:exactMatch or htkg:wikidataId); joined with owl:sameAs.
    sectionNumber: URIRef  # The section's number as printed, e.g. 二(三).
    sectionOf: URIRef  # The document a section belongs to.
    sharedIri: URIRef  # The documents use the same entity IRI (an authoring file referred to it by IRI, Wikidata id or ISO code).
    signedDate: URIRef  # When an agreement or its text was signed (xsd:date, xsd:gYearMonth or xsd:gYear; an annotation property for the same reason as htkg:startDate).
    sourceAgency: URIRef  # The agency the document names as the source of the figure (a Data Cube attribute).
    startDate: URIRef  # When an event or instrument began, as precisely as the source says (xsd:gYear, xsd:gYearMonth or xsd:date). An annotation property because these datatypes are outside the OWL 2 datatype map, so a DL reasoner need not interpret them.
    startYear: URIRef  # The first year of the period.
    statedIn: URIRef  # The document that states this claim or element; derived from its section, or asserted for documents without sections.
    states: URIRef  # A claim or element this document states (inverse of stated in).
    subFactorOf: URIRef  # The constraint factor (or broader sub-factor) this sub-factor is part of; transitive, so a sub-factor's own parts fall under the main factor too.
    subOrganisationOf: URIRef  # The body this body is part of, e.g. a bureau within a ministry or department; transitive.
    subsectionOf: URIRef  # The section that contains this one; transitive, so a sub-subsection lies within every enclosing section.
    target: URIRef  # The condition (constraint, sub-factor, mechanism or finding) the measure addresses in this response link.
    textAvailable: URIRef  # False for a document whose own text is not available to the project: its claims are encoded from a fact sheet (prov:wasDerivedFrom) and its official identifier, and carry no verbatim quote.
    textOf: URIRef  # The instrument (an agreement, a law, a rule) this document is the text of, so what other documents say about the instrument meets what its text says.
    tolerance: URIRef  # The largest absolute difference accepted as rounding of the printed figures, in the unit of the audited figure.
    topic: URIRef  # An entity the document is about as a whole.
    uncertain: URIRef  # True where the supporting passage is damaged or ambiguous (e.g. garbled by text extraction), so the claim holds only as far as the passage supports it.
    unit: URIRef  # The unit of the value (a Data Cube attribute).
    unitSymbol: URIRef  # The unit as printed after the figure, e.g. 亿美元 or %.
    unknownPolarity: URIRef  # The document states an influence without saying in which direction.
    unspecifiedEffect: URIRef  # The text says the measure answers or serves the target but not what it does to it (e.g. a measure prompted by the pandemic's shock does not lessen the pandemic). 原文只说明措施应对或服务于所针对的状态，未说明对其作用的方向（如因疫情冲击而提出的措施并不减轻疫情本身）。
    upperBound: URIRef  # The upper end of a printed range.
    validFrom: URIRef  # The first day a figure holds, when it changes within its period (e.g. a tariff rate from 2020-02-14).
    validUntil: URIRef  # The last day a figure holds, when it changes within its period.
    value: URIRef  # The figure exactly as printed, as xsd:decimal (the measure of the Data Cube).
    verdict: URIRef  # Whether the audited figure agrees with its recomputation within the tolerance.
    wikidataId: URIRef  # The Wikidata Q-id of the entity (also given as skos:exactMatch to the entity IRI).

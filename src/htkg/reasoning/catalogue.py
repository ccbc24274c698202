"""The OWL 2 RL rules the ontology relies on, as data: W3C id, kind, SPARQL patterns.

Materialised: scm-sco, scm-spo, scm-dom1/2, scm-rng1/2, cax-sco, prp-spo1,
prp-inv1/2, prp-trp, prp-spo2 (two-step chains, the only length the ontology
uses), prp-dom, prp-rng, cls-oo, and the equality rules when the data has an
``owl:sameAs``. Checked, not materialised: cax-dw and cax-adc (disjoint
classes), prp-fp (a functional property with two values would make owlrl
derive ``owl:sameAs``) and eq-diff1 are reported as errors. Rules read the
schema (subclass, inverse … axioms) from any graph, so they follow the
ontology rather than a hard-coded term list.
"""

from __future__ import annotations

from htkg.reasoning.rule import Kind, Rule

_NOT_LITERAL = "FILTER(!isLiteral(?y))"
_CHAIN = "?l1 rdf:first ?p1 ; rdf:rest ?l2 . ?l2 rdf:first ?p2 ; rdf:rest rdf:nil"
#: the range of a datatype property is a datatype: only a malformed value (an
#: IRI where a literal belongs, which SHACL reports) would get it as a type
_OBJECT_RANGE = "?p rdfs:range ?c . FILTER NOT EXISTS { ?p a owl:DatatypeProperty }"
_DISJOINT = 'BIND(CONCAT("member of disjoint classes ", STR(?c1), " and ", STR(?c2)) AS ?m)'
_S, _D, _E, _C = Kind.SCHEMA, Kind.DATA, Kind.EQUALITY, Kind.CHECK

#: In the order one round runs them: schema rules (to their own fixed point)
#: first, then inverses before the chains that use them (causeOf ∘ effect), then
#: sub-properties, transitivity, and the typing rules last.
RULES: tuple[Rule, ...] = (
    Rule("scm-sco", _S, "?a rdfs:subClassOf ?c",
         ("?a rdfs:subClassOf ?b", "?b rdfs:subClassOf ?c"), "FILTER(?a != ?c)"),
    Rule("scm-spo", _S, "?a rdfs:subPropertyOf ?c",
         ("?a rdfs:subPropertyOf ?b", "?b rdfs:subPropertyOf ?c"), "FILTER(?a != ?c)"),
    Rule("scm-dom1", _S, "?p rdfs:domain ?d", ("?p rdfs:domain ?c", "?c rdfs:subClassOf ?d")),
    Rule("scm-dom2", _S, "?p rdfs:domain ?c", ("?q rdfs:domain ?c", "?p rdfs:subPropertyOf ?q")),
    Rule("scm-rng1", _S, "?p rdfs:range ?d", ("?p rdfs:range ?c", "?c rdfs:subClassOf ?d")),
    Rule("scm-rng2", _S, "?p rdfs:range ?c", ("?q rdfs:range ?c", "?p rdfs:subPropertyOf ?q")),
    Rule("prp-inv1", _D, "?y ?q ?x", ("?p owl:inverseOf ?q", "?x ?p ?y"), _NOT_LITERAL, 1),
    Rule("prp-inv2", _D, "?y ?p ?x", ("?p owl:inverseOf ?q", "?x ?q ?y"), _NOT_LITERAL, 1),
    Rule("prp-spo2", _D, "?x ?p ?z",
         ("?p owl:propertyChainAxiom ?l1", _CHAIN, "?x ?p1 ?y", "?y ?p2 ?z"), schema=2),
    Rule("prp-spo1", _D, "?x ?q ?y", ("?p rdfs:subPropertyOf ?q", "?x ?p ?y"), schema=1),
    Rule("prp-trp", _D, "?x ?p ?z", ("?p a owl:TransitiveProperty", "?x ?p ?y", "?y ?p ?z"),
         schema=1, path="?x ?p+ ?z"),
    Rule("prp-dom", _D, "?x a ?c", ("?p rdfs:domain ?c", "?x ?p ?y"), schema=1),
    Rule("prp-rng", _D, "?y a ?c", (_OBJECT_RANGE, "?x ?p ?y"), _NOT_LITERAL, 1),
    Rule("cax-sco", _D, "?x a ?d", ("?c rdfs:subClassOf ?d", "?x a ?c"), schema=1),
    Rule("cls-oo", _D, "?m a ?c", ("?c owl:oneOf ?l", "?l rdf:rest*/rdf:first ?m"), schema=2),
)  # fmt: skip

#: Equality (eq-sym, eq-trans, eq-rep-s/p/o), run only when the data holds an
#: ``owl:sameAs`` between two terms (``htkg link`` writes them between IRIs of
#: one entity): a copy of every triple under every name, so all rules then
#: run together to one fixed point.
EQUALITY: tuple[Rule, ...] = (
    Rule("eq-sym", _E, "?y owl:sameAs ?x", ("?x owl:sameAs ?y",), "FILTER(?x != ?y)"),
    Rule("eq-trans", _E, "?x owl:sameAs ?z", ("?x owl:sameAs ?y", "?y owl:sameAs ?z"),
         "FILTER(?x != ?z)"),
    Rule("eq-rep-s", _E, "?t ?p ?o", ("?s owl:sameAs ?t", "?s ?p ?o"), "FILTER(?s != ?t)"),
    Rule("eq-rep-p", _E, "?s ?q ?o", ("?p owl:sameAs ?q", "?s ?p ?o"), "FILTER(?p != ?q)"),
    Rule("eq-rep-o", _E, "?s ?p ?t", ("?o owl:sameAs ?t", "?s ?p ?o"), "FILTER(?o != ?t)"),
)  # fmt: skip

#: Contradictions: each binds ``?x`` (the subject) and ``?m`` (a message).
CHECKS: tuple[Rule, ...] = (
    Rule("cax-dw", _C, "", ("?c1 owl:disjointWith ?c2", "?x a ?c1", "?x a ?c2"), _DISJOINT, 1),
    Rule("cax-adc", _C, "",
         ("?d a owl:AllDisjointClasses ; owl:members ?l . "
          "?l rdf:rest* ?n1 . ?n1 rdf:first ?c1 ; rdf:rest+/rdf:first ?c2",
          "?x a ?c1", "?x a ?c2"), _DISJOINT, 1),
    Rule("eq-diff1", _C, "", ("?x owl:sameAs ?y", "?x owl:differentFrom ?y"),
         'BIND(CONCAT("the same as and different from ", STR(?y)) AS ?m)'),
    Rule("prp-fp", _C, "", ("?p a owl:FunctionalProperty", "?x ?p ?y1", "?x ?p ?y2"),
         'FILTER(!sameTerm(?y1, ?y2)) BIND(CONCAT("two values of functional property ", '
         "STR(?p)) AS ?m)", 1),
)  # fmt: skip

#: an ontology these rules would get wrong, refused rather than half-reasoned
UNSUPPORTED = (
    "ASK { GRAPH ?g { ?p owl:propertyChainAxiom ?l . ?l rdf:rest/rdf:rest ?r "
    "FILTER(?r != rdf:nil) } }"
)
#: whether the equality rules need to run
HAS_EQUALITY = "ASK { GRAPH ?g { ?x owl:sameAs ?y FILTER(?x != ?y) } }"

"""Reasoning: OWL 2 RL into the graph .../graph/inferred, by one of two engines.

``rules`` (the default) runs the OWL 2 RL rules the ontology uses as SPARQL
inside Oxigraph: a rule and a rule instance are data (:mod:`~htkg.reasoning.rule`),
the rules are a catalogue (:mod:`~htkg.reasoning.catalogue`), scheduled by
:mod:`~htkg.reasoning.schedule` and run by an engine of :mod:`~htkg.reasoning.rounds`;
:mod:`htkg.reasoning.rules` puts them together. ``owlrl`` runs all of OWL 2 RL
in Python (:mod:`htkg.reasoning.owlrl_reasoner`), the oracle the rules are
tested against. :func:`reason` picks one by name.
"""

from __future__ import annotations

from rdflib import Dataset

from htkg.reasoning.result import ReasoningResult

__all__ = ["DEFAULT_REASONER", "REASONERS", "ReasoningResult", "reason"]

#: ``--reasoner`` choices: the OWL 2 RL rules the ontology uses, run as SPARQL in
#: an in-memory Oxigraph (the default: tested to give owlrl's inferences for
#: every htkg term, about 1 s instead of 8), or owlrl (all of OWL 2 RL).
REASONERS = ("rules", "owlrl")
DEFAULT_REASONER = "rules"


def reason(dataset: Dataset, reasoner: str = DEFAULT_REASONER) -> ReasoningResult:
    """Materialise the inferences of ``reasoner`` into the dataset's inferred graph."""
    if reasoner == "rules":
        from htkg.reasoning import rules  # pyoxigraph is imported only when asked for

        return rules.reason(dataset)
    from htkg.reasoning import owlrl_reasoner

    return owlrl_reasoner.reason(dataset)

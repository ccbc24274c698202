"""A trace as JSON: every path, every step, and every document's evidence for it.

The shape is documented in docs/queries.md. A step's top-level ``link``,
``quote``, ``section`` and ``note`` are its first piece of evidence (the
article's, author-stated, specific, when there is one); ``evidence`` lists
them all, with the document each comes from.
"""

from __future__ import annotations

from rdflib import URIRef

from htkg.network.model import ArgumentNetwork, Evidence
from htkg.network.signs import DOWN, UP
from htkg.network.trace import Path, Step, Trace, measure_of
from htkg.rdf.labels import Labeller

SIGN_NAME = {UP: "positive", DOWN: "negative"}


def _local(iri: URIRef | None) -> str | None:
    return str(iri).rpartition("#")[2] if iri is not None else None


def sign_name(sign: str | None) -> str | None:
    """``+`` → positive, ``-`` → negative, ``?`` → unknownPolarity (None stays None)."""
    return None if sign is None else SIGN_NAME.get(sign, "unknownPolarity")


def node_json(node: URIRef, net: ArgumentNetwork, labeller: Labeller) -> dict[str, object]:
    return {"id": labeller.curie(node), "label": labeller.label(node), "class": net.cls(node)}


def _section(section: URIRef | None, labeller: Labeller) -> dict[str, object] | None:
    if section is None:
        return None
    return {"id": labeller.curie(section), "label": labeller.label(section)}


def evidence_json(item: Evidence, labeller: Labeller) -> dict[str, object]:
    """One document's link."""
    return {
        "document": item.document,
        "link": labeller.curie(item.link),
        "mode": _local(item.mode),
        "polarity" if item.kind == "causal" else "effect": _local(
            item.polarity if item.kind == "causal" else item.effect
        ),
        "section": _section(item.section, labeller),
        "quote": item.quote,
        "gloss": item.gloss or None,
        "note": item.note or None,
        "summary": item.summary,
    }


def step_json(step: Step, net: ArgumentNetwork, labeller: Labeller) -> dict[str, object]:
    """One step of a path as JSON."""
    out: dict[str, object] = {
        "kind": step.kind,
        "from": node_json(step.source, net, labeller),
        "to": node_json(step.target, net, labeller),
    }
    relation = step.relation
    if relation is None:  # a sub-factor step rests on the sub-factor's own passage
        child = net.nodes.get(step.target)
        return out | {
            "link": None,
            "polarity": None,
            "effect": None,
            "mode": "authorStated",
            "section": _section(child.section if child else None, labeller),
            "quote": child.quote if child else "",
            "note": None,
            "documents": [],
            "contested": False,
            "summary": False,
            "evidence": [],
        }
    first = relation.first
    notes = [e.note for e in relation.evidence if e.note]
    return out | {
        "link": labeller.curie(first.link),
        "polarity": sign_name(relation.sign) if step.kind == "causal" else None,
        "effect": _local(first.effect)
        if step.kind == "response" and not relation.contested
        else ("contested" if step.kind == "response" else None),
        "mode": _local(relation.mode),
        "section": _section(first.section, labeller),
        "quote": first.quote,
        "note": notes[0] if notes else None,
        "documents": list(relation.documents),
        "contested": relation.contested,
        "summary": relation.summary,
        "evidence": [evidence_json(e, labeller) for e in relation.evidence],
    }


def path_json(path: Path, net: ArgumentNetwork, labeller: Labeller) -> dict[str, object]:
    item: dict[str, object] = {
        "relation": path.relation,
        "polarity": sign_name(path.sign),
        "mode": _local(path.mode),
        "summary": path.summary,
        "contested": [
            f"{labeller.curie(s.source)} → {labeller.curie(s.target)}" for s in path.contested
        ],
        "curatorReadings": path.curator_readings,
        "hops": [step_json(s, net, labeller) for s in path.steps],
    }
    measure = measure_of(path)
    if measure is not None:
        item["measure"] = node_json(measure, net, labeller)
        item["countermeasure"] = node_json(net.countermeasure_of(measure), net, labeller)
    return item


def trace_json(result: Trace, net: ArgumentNetwork, labeller: Labeller) -> dict[str, object]:
    """The whole trace as a JSON-ready dict; folded summary paths under ``folded``."""
    out: dict[str, object] = {
        "term": node_json(result.term, net, labeller),
        "role": result.role,
        "lang": labeller.lang,
    }
    for name, paths in result.sections.items():
        out[name] = [path_json(p, net, labeller) for p in paths]
    folded = {
        name: [path_json(p, net, labeller) for p in paths]
        for name, paths in result.folded.items()
        if paths
    }
    if folded:
        out["folded"] = folded
    return out

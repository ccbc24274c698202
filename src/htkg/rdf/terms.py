"""Resolve what a user types for a term: an IRI, a CURIE, or a label fragment.

Analysts remember "trade friction" or "贸易摩擦", not
``https://w3id.org/htkg/id/sino-us-trade-friction``, so a term may be a
fragment of a ``skos:prefLabel`` or ``skos:altLabel`` in either language (case
and spacing ignored). A fragment that matches one label exactly wins; one that
matches several entities is ambiguous, and the error lists the candidates so
the user can pick a CURIE — exit code 2, like every bad input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Dataset, URIRef

from htkg.errors import InputError
from htkg.rdf.labels import labels
from htkg.rdf.namespaces import PREFIXES, curie

MAX_LISTED = 12


def _norm(text: str) -> str:
    return "".join(text.split()).casefold()


def resolve(dataset: Dataset, term: str, among: Iterable[URIRef] | None = None) -> URIRef:
    """The one entity ``term`` names; :class:`InputError` if none or several.

    Args:
        dataset: where labels are looked up.
        term: an IRI (``<…>`` or ``https://…``), a CURIE (``kg:…``) or a label fragment.
        among: if given, only these entities are candidates (e.g. causal-network nodes).
    """
    term = term.strip()
    if not term:
        raise InputError("empty term: give an IRI, a CURIE or part of a label")
    candidates = set(among) if among is not None else None
    iri = as_iri(term)
    if iri is not None:
        if candidates is not None and iri not in candidates:
            raise InputError(f"unknown term {term!r}: not a node this command can start from")
        if candidates is None and not _known(dataset, iri):
            raise InputError(f"unknown term {term!r}: nothing in the graph has this IRI")
        return iri
    wanted = _norm(term)
    by_label = {s: [str(x) for x in ls] for s, ls in labels(dataset, among=candidates).items()}
    exact = sorted({s for s, ls in by_label.items() if any(_norm(x) == wanted for x in ls)})
    if len(exact) == 1:
        return exact[0]
    partial = sorted({s for s, ls in by_label.items() if any(wanted in _norm(x) for x in ls)})
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise InputError(f"unknown term {term!r}: no IRI, CURIE or label (zh or en) matches")
    raise InputError(_ambiguous(term, exact or partial, by_label))


def as_iri(term: str) -> URIRef | None:
    """The IRI ``term`` spells (``<…>``, ``https://…`` or a CURIE), or None for a label."""
    term = term.strip()
    if term.startswith("<") or "://" in term or _looks_like_curie(term):
        return expand_iri(term, f"term {term!r}")
    return None


def _looks_like_curie(term: str) -> bool:
    prefix, sep, local = term.partition(":")
    return bool(sep) and prefix.isidentifier() and " " not in term and bool(local)


def _known(dataset: Dataset, iri: URIRef) -> bool:
    return any((iri, None, None) in g or (None, None, iri) in g for g in dataset.graphs())


def _ambiguous(term: str, matches: list[URIRef], by_label: dict[URIRef, list[str]]) -> str:
    shown = [f"{curie(m)} ({by_label[m][0]})" for m in matches[:MAX_LISTED]]
    more = f"; … and {len(matches) - MAX_LISTED} more" if len(matches) > MAX_LISTED else ""
    return (
        f"ambiguous term {term!r}: {len(matches)} candidates: "
        + "; ".join(shown)
        + more
        + " — give one of these CURIEs"
    )


def expand_iri(raw: str, where: str) -> URIRef:
    """``kg:x``, ``<https://…>`` or ``https://…`` as an IRI; an unknown prefix is an error."""
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    if re.match(r"^[a-z][a-z0-9+.-]*://\S+$", raw, re.IGNORECASE):
        return URIRef(raw)
    prefix, sep, local = raw.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[\w.\-]*", local):
        return URIRef(str(PREFIXES[prefix]) + local)
    raise InputError(f"{where}: {raw!r} is not an IRI or a CURIE with a known prefix")

"""One sign algebra for the whole network: links, paths, loops and what-if.

A causal link's polarity is ``+`` (more cause, more effect), ``-`` (more cause,
less effect) or ``?`` (the text gives no direction). A response link acts on
its target as the text says: it *reduces* it (``-``), *raises* it (``+``), or
the text leaves it *unspecified* (``?``). Several documents may give one
relation different signs: the relation is then *contested* and its sign is
``?`` — never silently merged.

A path's sign is the product of its links' signs; a loop is reinforcing when
that product is ``+``, balancing when it is ``-``; a node reached by paths of
both signs is ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from htkg.rdf.namespaces import HTKG

UP, DOWN, UNKNOWN = "+", "-", "?"
AMBIGUOUS, UNKNOWN_CHANGE = "ambiguous", "unknown"

#: A causal link's htkg:polarity as a sign.
POLARITY_SIGN: dict[URIRef, str] = {
    HTKG.positive: UP,
    HTKG.negative: DOWN,
    HTKG.unknownPolarity: UNKNOWN,
}
#: A response link's htkg:responseEffect as a sign (what the measure does to its target).
EFFECT_SIGN: dict[URIRef, str] = {
    HTKG.reduces: DOWN,
    HTKG.raises: UP,
    HTKG.unspecifiedEffect: UNKNOWN,
}
#: How a sign is printed for a reader (a real minus sign).
SYMBOL = {UP: "+", DOWN: "−", UNKNOWN: "?"}


def agreed(signs: Iterable[str]) -> str:
    """The sign several pieces of evidence give one relation: theirs if they agree, else ``?``.

    >>> agreed(["+", "+"]), agreed(["+", "-"]), agreed(["?"]), agreed(["+", "?"])
    ('+', '?', '?', '+')
    """
    known = set(signs) - {UNKNOWN}
    return known.pop() if len(known) == 1 else UNKNOWN


def contested(signs: Iterable[str]) -> bool:
    """Whether the evidence gives opposite directions (``+`` and ``-``).

    >>> contested(["+", "-"]), contested(["+", "?"]), contested(["+", "+"])
    (True, False, False)
    """
    return {UP, DOWN} <= set(signs)


def multiply(a: str, b: str) -> str:
    """The sign of two links in a row.

    >>> multiply("-", "-"), multiply("+", "-"), multiply("-", "?")
    ('+', '-', '?')
    """
    if UNKNOWN in (a, b):
        return UNKNOWN
    return UP if a == b else DOWN


def product(signs: Iterable[str]) -> str:
    """The sign of a chain of links (``+`` for an empty chain).

    >>> product(["+", "-", "-"]), product(["-"]), product(["+", "?"])
    ('+', '-', '?')
    """
    result = UP
    for sign in signs:
        result = multiply(result, sign)
    return result


def combine(signs: set[str]) -> str:
    """The net change at a node reached by paths of the given signs.

    >>> combine({"+"}), combine({"-"}), combine({"+", "-"}), combine({"+", "?"})
    ('+', '-', 'ambiguous', 'unknown')
    """
    if {UP, DOWN} <= signs:
        return AMBIGUOUS
    if UNKNOWN in signs or not signs:
        return UNKNOWN_CHANGE
    return next(iter(signs))

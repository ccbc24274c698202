"""Weak label suggestions: 第一阶段经贸协议 beside 中美第一阶段经贸协议.

Exact label matches (:mod:`htkg.literature.reconcile`) miss the commonest case
of two documents naming one thing: one name is the other with a qualifier, or
the two share most of their words. Two entities used by different sets of
documents are suggested *weakly* when, in one language, one normalised label
contains the other and the shorter is at least :data:`MIN_CONTAINED` of the
longer, or their word sets (jieba for Chinese) overlap by at least
:data:`MIN_OVERLAP` (Jaccard). Pairs of disjoint classes (a country and an
agency) are never suggested. The score ranks them; like every label
suggestion, none is joined without ``htkg link --confirm``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import combinations

from rdflib import Graph, URIRef

from htkg.literature.words import word_set
from htkg.rdf.labels import labels

MIN_CONTAINED = 0.7
MIN_OVERLAP = 0.6
#: a word shared by more labels than this says nothing about a pair
MAX_WORD_SPREAD = 40


def squeeze(text: str) -> str:
    from htkg.literature.reconcile import normalise

    return "".join(normalise(text).split())


def score(a: str, b: str) -> float:
    """How strongly two labels of one language suggest one thing (0 when not at all).

    >>> round(score("第一阶段经贸协议", "中美第一阶段经贸协议"), 2)
    0.8
    >>> score("芯片", "先进计算芯片")
    0.0
    """
    x, y = squeeze(a), squeeze(b)
    if not x or not y or x == y:
        return 0.0
    short, long = sorted((x, y), key=len)
    best = 0.0
    if short in long and len(short) / len(long) >= MIN_CONTAINED:
        best = len(short) / len(long)
    wa, wb = word_set(a), word_set(b)
    if wa and wb:
        jaccard = len(wa & wb) / len(wa | wb)
        if jaccard >= MIN_OVERLAP:
            best = max(best, jaccard)
    return best


def weak_pairs(
    data: Graph,
    used: dict[URIRef, set[URIRef]],
    skip: Callable[[URIRef, URIRef], bool],
) -> list[tuple[float, URIRef, URIRef, str, str]]:
    """(score, a, b, label of a, label of b) for every weakly matching pair, best first.

    Candidates share a word (an inverted index, so the corpus is not compared pair by
    pair); ``skip`` drops pairs already joined, suggested exactly, or of disjoint classes.
    """
    names = labels(data, among=used)
    by_word: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    entries: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    for entity in used:
        for label in names.get(entity, ()):
            lang = (label.language or "").lower()
            entries[entity].append((lang, str(label)))
            for word in word_set(str(label)):
                by_word[(lang, word)].add(entity)
    candidates: set[tuple[URIRef, URIRef]] = set()
    for group in by_word.values():
        if 1 < len(group) <= MAX_WORD_SPREAD:
            candidates.update(combinations(sorted(group), 2))
    found = []
    for a, b in sorted(candidates):
        if used[a] == used[b] or skip(a, b):  # one document's own distinctions stay
            continue
        best = max(
            ((score(x, y), x, y) for la, x in entries[a] for lb, y in entries[b] if la == lb),
            default=(0.0, "", ""),
        )
        if best[0] > 0:
            found.append((best[0], a, b, best[1], best[2]))
    found.sort(key=lambda f: (-f[0], str(f[1]), str(f[2])))
    return found

"""Draft an authoring file from a document's text: the candidates a researcher then resolves.

A researcher with a Chinese article in hand otherwise copies every claim, figure
and causal sentence into YAML by hand. :func:`draft` reads the text once and
proposes: sections from its headings (一、 / （一） / 1. / numbered English
headings); causal and response links from a cue lexicon (导致, 使得, 由于 …,
以降低 …), each quoting the sentence or clauses verbatim, with cause and effect
proposed where both ends match labels the graph already has; figures (number +
unit, with a year nearby); and the graph's entities the text mentions (jieba,
with the graph's labels as its user dictionary). Every quote is a substring of
the text with its whitespace removed (Chinese) or collapsed, the rule quotes are
checked by. Every candidate carries ``candidate:``, which ``htkg add`` refuses
until the researcher resolves or deletes it. Nothing is downloaded.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field

from rdflib import URIRef

from htkg.literature.reconcile import normalise
from htkg.literature.words import cut, segmenter, word_set

#: cue → kind. Causal cues say A brings about B; response cues say a measure serves a target.
CAUSAL_CUES_ZH = ("导致", "使得", "由于", "因而", "进而", "从而", "制约", "受到", "影响了", "造成",
                  "引起", "阻碍", "限制了", "降低了", "加剧", "致使", "因此")  # fmt: skip
RESPONSE_CUES_ZH = ("以降低", "以提升", "以提高", "以减少", "为此", "是保障", "有助于", "有利于",
                    "旨在", "以便", "保障")  # fmt: skip
CAUSAL_CUES_EN = ("lead to", "leads to", "led to", "because", "due to", "result in", "results in",
                  "thereby", "constrain", "affected by", "cause", "hence")  # fmt: skip
#: cues after which the cause follows the effect
PASSIVE_CUES = ("受到", "affected by")
RESPONSE_CUES_EN = ("in order to", "so as to", "to reduce", "to improve", "aims to", "helps")
#: number + unit as printed
FIGURE_ZH = re.compile(r"(\d+(?:\.\d+)?)(万亿美元|亿美元|万亿元|亿元|美元|亿|万|%|％|个百分点)")
FIGURE_EN = re.compile(r"(\d+(?:\.\d+)?)\s?(%|percent|billion|million|trillion)")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
HEADING_ZH = re.compile(
    r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）|(\d+)[.．、](?![\d%])\s*)\S"
)
HEADING_EN = re.compile(r"^((?:\d+\.)*\d+)\.?\s+[A-Z]")
#: what a heading line may be at most (longer numbered lines are paragraphs: 第一，…)
MAX_HEADING = 30
#: a longer sentence is quoted by its clauses around the cue
MAX_SENTENCE = 60


@dataclass
class Heading:
    key: str
    number: str
    text: str
    level: int
    position: int


@dataclass
class LinkCandidate:
    kind: str  # "causal" | "response"
    cue: str
    quote: str
    section: str | None
    source: URIRef | None = None  # cause or measure
    target: URIRef | None = None  # effect or target


@dataclass
class FigureCandidate:
    value: str
    unit: str
    year: str | None
    quote: str
    section: str | None


@dataclass
class Draft:
    """What :func:`draft` found, and how long it took."""

    flat: str
    headings: list[Heading] = field(default_factory=list)
    links: list[LinkCandidate] = field(default_factory=list)
    figures: list[FigureCandidate] = field(default_factory=list)
    mentions: dict[URIRef, int] = field(default_factory=dict)
    seconds: float = 0.0


def flatten(text: str, language: str) -> str:
    """The text as quotes are compared with it: no whitespace in Chinese, collapsed otherwise."""
    return "".join(text.split()) if language == "zh" else " ".join(text.split())


def find_headings(text: str, language: str, flat: str) -> list[Heading]:
    """Heading lines, numbered by level (一、 → 1, （一） → 2, 1. → 3), located in ``flat``."""
    found: list[Heading] = []
    cursor, counts = 0, [0, 0, 0]
    for line in text.splitlines():
        line = line.strip()
        if not line or len(line) > MAX_HEADING:
            continue
        if language == "zh":
            match = HEADING_ZH.match(line)
            if not match:
                continue
            level = next(i for i, g in enumerate(match.groups()) if g) + 1
            number = next(g for g in match.groups() if g)
        else:
            match = HEADING_EN.match(line)
            if not match:
                continue
            number = match.group(1)
            level = min(number.count(".") + 1, 3)
        position = flat.find(flatten(line, language), cursor)
        if position < 0:
            continue
        cursor = position
        counts[level - 1] += 1
        counts[level:] = [0] * (3 - level)
        key = "s" + "-".join(str(c) for c in counts[:level])
        found.append(Heading(key, number, line, level, position))
    return found


def _sentences(flat: str, language: str, headings: list[Heading]) -> list[tuple[int, str]]:
    """Sentences with their offsets; a heading ends the text before it and is not one."""
    pattern = r"[^。！？；]+[。！？；]?" if language == "zh" else r"[^.!?;]+[.!?;]?"
    ends = {h.position + len(flatten(h.text, language)) for h in headings}
    cuts = sorted({0, len(flat)} | {h.position for h in headings} | ends)
    heads = {h.position for h in headings}
    found = []
    for start, end in itertools.pairwise(cuts):
        if start in heads:
            continue
        for m in re.finditer(pattern, flat[start:end]):
            if m.group(0).strip():
                found.append((start + m.start(), m.group(0).strip()))
    return found


def _section_at(headings: list[Heading], position: int) -> str | None:
    before = [h for h in headings if h.position <= position]
    return before[-1].key if before else None


def _clause(sentence: str, index: int, language: str, following: bool = True) -> str:
    """The clause around ``index`` (and the next one), when the sentence is long."""
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    marks = "，；：,;:" if language == "zh" else ",;:"
    cuts = [0] + [i + 1 for i, ch in enumerate(sentence) if ch in marks] + [len(sentence)]
    start = max(c for c in cuts if c <= index)
    later = [c for c in cuts if c > index]
    end = later[1] if following and len(later) > 1 else later[0]
    return sentence[start:end].strip("，；：,;: ")


def _labels_in(text: str, labels: dict[str, URIRef]) -> list[tuple[int, URIRef]]:
    """Where known labels occur in ``text`` (longest first, no overlaps)."""
    found: list[tuple[int, int, URIRef]] = []
    key = normalise(text)
    for label in sorted(labels, key=len, reverse=True):
        start = key.find(label)
        while start >= 0:
            if not any(s <= start < e or s < start + len(label) <= e for s, e, _i in found):
                found.append((start, start + len(label), labels[label]))
            start = key.find(label, start + 1)
    return sorted((s, iri) for s, _e, iri in found)


def draft(
    text: str,
    language: str,
    element_labels: dict[str, URIRef],
    entity_labels: dict[str, URIRef],
) -> Draft:
    """Candidates from ``text``. Labels are normalised (:func:`normalise`) → IRI; element
    labels (conditions, measures) propose link ends, entity labels the ``ref:`` entries."""
    started = time.perf_counter()
    flat = flatten(text, language)
    result = Draft(flat, find_headings(text, language, flat))
    causal = CAUSAL_CUES_ZH if language == "zh" else CAUSAL_CUES_EN
    response = RESPONSE_CUES_ZH if language == "zh" else RESPONSE_CUES_EN
    figures = FIGURE_ZH if language == "zh" else FIGURE_EN
    words = label_words(element_labels)
    for start, sentence in _sentences(flat, language, result.headings):
        section = _section_at(result.headings, start)
        lowered = sentence.casefold()
        for kind, cues in (("response", response), ("causal", causal)):
            cue = next((c for c in cues if c in lowered), None)
            if cue is None:
                continue
            index = lowered.index(cue)
            quote = _clause(sentence, index, language, following=cue in ("由于", "because"))
            ends = _labels_in(quote, element_labels)
            offset = normalise(quote).find(normalise(cue))
            before = [iri for s, iri in ends if s < offset]
            after = [iri for s, iri in ends if s > offset]
            source = before[-1] if before else closest(quote[:offset], words)
            target = after[0] if after else closest(quote[offset + len(cue) :], words)
            if cue in PASSIVE_CUES:  # A 受到 B 的影响: B is the cause
                source, target = target, source
            result.links.append(LinkCandidate(kind, cue, quote, section, source, target))
            break
        for match in figures.finditer(sentence):
            years = [y for y in YEAR.finditer(sentence) if y.start() != match.start()]
            near = [y.group(1) for y in years if y.start() < match.start()] or [
                y.group(1) for y in years
            ]
            quote = _clause(sentence, match.start(), language, following=False)
            year = near[-1] if near else None
            figure = FigureCandidate(match.group(1), match.group(2), year, quote, section)
            result.figures.append(figure)
    result.mentions = mentions(flat, entity_labels)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


#: how much of a label's words a clause must contain for the label to be proposed
MIN_LABEL_SHARE = 0.6


def label_words(labels: dict[str, URIRef]) -> dict[URIRef, list[frozenset[str]]]:
    """Each element's labels as word sets (a label of fewer than two words is left out)."""
    found: dict[URIRef, list[frozenset[str]]] = {}
    for label, iri in labels.items():
        words = word_set(label)
        if len(words) >= 2:
            found.setdefault(iri, []).append(words)
    return found


def closest(part: str, words: dict[URIRef, list[frozenset[str]]]) -> URIRef | None:
    """The element most of whose label words the clause part contains, if one clearly does."""
    if len(part) < 2:
        return None
    have = word_set(part)
    scored = sorted(
        ((max(len(w & have) / len(w) for w in sets), str(iri), iri) for iri, sets in words.items()),
        reverse=True,
    )
    if not scored or scored[0][0] < MIN_LABEL_SHARE:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # a tie is a guess
    return scored[0][2]


def mentions(flat: str, labels: dict[str, URIRef]) -> dict[URIRef, int]:
    """How often each entity is mentioned: jieba with the labels as its user dictionary."""
    tokenizer = segmenter(labels)
    counts: dict[URIRef, int] = {}
    for word in cut(flat, tokenizer):
        iri = labels.get(normalise(word))
        if iri is not None:
            counts[iri] = counts.get(iri, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))

"""The source texts, and the check that every quote is verbatim in its document's text.

The article was extracted from a two-column PDF: lines break mid-sentence and
some runs have stray spaces (``技 术 进 口 额``). Quotes in ``data/`` are
copied from it; comparing both in Unicode NFC with all whitespace removed makes
the check exact without being fooled by layout. ``htkg build`` runs the check
(:func:`verify_quotes`) so a quote the text does not contain fails the build,
not only the test suite.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from htkg.errors import ValidationFailed
from htkg.pipeline.locate import Locations
from htkg.pipeline.sources import Source
from htkg.rdf.namespaces import HTKG

_WHITESPACE = re.compile(r"\s+")
#: a document's own text, named in its graph (a path relative to the project root)
TEXT_PROPERTIES = tuple(
    URIRef(f"https://w3id.org/htkg/ontology#{name}") for name in ("textFile", "sourceText")
)


def without_whitespace(text: str) -> str:
    """Unicode NFC, every whitespace character removed.

    >>> without_whitespace("技 术 进\\n口 额")
    '技术进口额'
    """
    return _WHITESPACE.sub("", unicodedata.normalize("NFC", text))


def read_source(path: Path) -> str:
    """The article's text, whitespace removed."""
    return without_whitespace(path.read_text(encoding="utf-8"))


def is_verbatim(quote: str, source: str) -> bool:
    """Whether ``quote`` occurs in ``source`` once both lose their whitespace."""
    return without_whitespace(quote) in source


@dataclass
class QuoteReport:
    """What the quote check saw: each text checked (with its SHA-256), and what was not."""

    texts: dict[str, dict[str, object]] = field(default_factory=dict)
    unverified: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"quotes: {t['quotes']} verified in {slug}'s text ({t['path']}, "
            f"sha256 {str(t['sha256'])[:12]}…)"
            for slug, t in self.texts.items()
        ]
        return out


def verify_quotes(
    dataset: Dataset, sources: Sequence[Source], article_text: Path, root: Path
) -> QuoteReport:
    """Check every quote of every document whose text can be read.

    Raises:
        ValidationFailed: a quote is not in its text (exit 1), naming the
            data file and line of the statement and the quote.
    """
    report = QuoteReport()
    for source in sources:
        graph = dataset.graph(source.graph)
        quotes = sorted(graph.subject_objects(HTKG.quote), key=lambda sq: (str(sq[0]), sq[1]))
        if not quotes:
            continue
        path = _text_path(graph, source.slug, article_text, root)
        if path is None or not path.is_file():
            where = f"{path} not found" if path else "its authoring file names no text"
            report.unverified.append(f"{source.slug} ({where})")
            continue
        try:
            raw = path.read_bytes()
            text = without_whitespace(raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            report.unverified.append(f"{source.slug} ({path}: cannot read: {err})")
            continue
        missing = [(s, q) for s, q in quotes if without_whitespace(str(q)) not in text]
        if missing:
            _refuse(missing, source, path)
        report.texts[source.slug] = {
            "path": str(path),
            "sha256": hashlib.sha256(raw).hexdigest(),
            "quotes": len(quotes),
        }
    return report


def _text_path(graph: Graph, slug: str, article_text: Path, root: Path) -> Path | None:
    if slug == "article":
        return article_text
    for prop in TEXT_PROPERTIES:
        for value in graph.objects(None, prop):
            return (root / str(value)) if not Path(str(value)).is_absolute() else Path(str(value))
    return None


def _refuse(missing: list[tuple[Node, Node]], source: Source, text: Path) -> None:
    subject, quote = missing[0]
    where = Locations(source.files).label(subject, str(source.files[0]))
    more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
    shown = str(quote) if len(str(quote)) <= 60 else str(quote)[:60] + "…"
    raise ValidationFailed(
        f"{where}: quote of {_short(subject)} is not in the text {text}: {shown!r}{more}"
    )


def _short(subject: object) -> str:
    from htkg.rdf.namespaces import curie

    return curie(subject) if isinstance(subject, URIRef) else str(subject)

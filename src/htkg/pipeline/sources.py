"""Load the ontology and the source documents into one rdflib Dataset.

Each source document gets its own named graph, so a query can say which document
says what and exports can keep them apart: ``data/<slug>/*.ttl`` or
``data/<slug>.ttl`` (and ``data/literature/<slug>.ttl``) become the graph
``https://w3id.org/htkg/graph/<slug>``. The ontology is a graph of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from htkg.errors import InputError, one_line
from htkg.rdf.namespaces import ONTOLOGY_GRAPH, bind_prefixes, document_graph


@dataclass(frozen=True)
class Source:
    """One source document: its slug, named graph and Turtle files."""

    slug: str
    graph: URIRef
    files: tuple[Path, ...]


def discover_sources(data_dir: Path) -> list[Source]:
    """Find the source documents under ``data_dir``, in a stable order."""
    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: data directory not found")
    sources: list[Source] = []
    for entry in sorted(data_dir.iterdir()):
        if entry.is_dir() and entry.name == "literature":
            sources.extend(_single_file_sources(entry))
        elif entry.is_dir():
            files = tuple(sorted(entry.glob("*.ttl")))
            if files:
                sources.append(Source(entry.name, document_graph(entry.name), files))
    sources.extend(_single_file_sources(data_dir))
    return sources


def _single_file_sources(directory: Path) -> list[Source]:
    return [
        Source(path.stem, document_graph(path.stem), (path,))
        for path in sorted(directory.glob("*.ttl"))
    ]


def parse_turtle(path: Path, into: Graph) -> None:
    """Parse one Turtle file into ``into``, turning failures into one-line errors."""
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    try:
        into.parse(path, format="turtle")
    except BadSyntax as err:
        raise InputError(f"{path}:{_position(err)}: Turtle syntax error: {_reason(err)}") from None
    except (ValueError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot parse as Turtle: {one_line(err)}") from None


def _position(err: BadSyntax) -> str:
    """``line:column`` (1-based) where the bad token starts.

    rdflib keeps the parsed text and the character offset of the error only
    privately, and its own line counter can run one line ahead (it has already
    skipped whitespace), so the position is recomputed from the offset.
    """
    text, offset = _error_text(err)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return f"{line}:{column}"


def _error_text(err: BadSyntax) -> tuple[str, int]:
    """The parsed text and the offset where the bad token starts.

    rdflib reports an unclosed IRI at offset -1 (it searched to the end of the
    file) and an unclosed string where it gave up, far below: the token is the
    last ``<`` on the line its line counter reached, or the string's opening
    quote before where it gave up.
    """
    text = err._str.decode("utf-8", "replace")
    offset, why = err._i, err._why
    if "URI reference" in why and not 0 <= offset <= len(text):
        starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
        begin = starts[min(max(err.lines, 0), len(starts) - 1)]
        stop = text.find("\n", begin)
        opener = text.rfind("<", begin, stop if stop >= 0 else len(text))
        return text, opener if opener >= 0 else begin
    offset = min(max(offset, 0), len(text))
    if "newline found in string" in why:
        return text, max(text.rfind('"', 0, offset), text.rfind("'", 0, offset), 0)
    if "unterminated string" in why:
        for mark in ('"""', "'''", '"', "'"):
            found = text.rfind(mark, 0, offset)
            if found >= 0:
                return text, found
    return text, offset


def _reason(err: BadSyntax) -> str:
    text, offset = _error_text(err)
    return one_line(f"{err._why} near {text[offset : offset + 30]!r}")


def load_asserted(ontology: Path, data_dir: Path) -> Dataset:
    """The ontology and every source document, each in its named graph."""
    dataset = Dataset()
    bind_prefixes(dataset)
    parse_turtle(ontology, dataset.graph(ONTOLOGY_GRAPH))
    for source in discover_sources(data_dir):
        graph = dataset.graph(source.graph)
        for path in source.files:
            parse_turtle(path, graph)
    return dataset

"""Get the built dataset: from ``build/`` when it is fresh, else build it in memory.

Every read-only command (export, query, trace, network …) goes through
:func:`load`, so it answers in well under a second once ``htkg build`` has run,
and is still correct when the sources changed since: a stale build is ignored.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from htkg.build import TRIG_NAME, run_build
from htkg.namespaces import INFERRED_GRAPH, bind_prefixes
from htkg.paths import ProjectPaths


def load(reasoned: bool = True, paths: ProjectPaths | None = None) -> Dataset:
    """The article's knowledge graph as an rdflib Dataset.

    Args:
        reasoned: include the graph of OWL 2 RL inferences.
        paths: the project checkout (default: discovered from the working directory).
    """
    paths = paths or ProjectPaths.discover()
    dataset = _from_build(paths) or run_build(paths)
    if not reasoned:
        dataset.remove_graph(dataset.graph(INFERRED_GRAPH))
    return dataset


def _from_build(paths: ProjectPaths) -> Dataset | None:
    built = paths.build / TRIG_NAME
    if not built.is_file() or built.stat().st_mtime < _newest_source(paths):
        return None
    dataset = Dataset()
    dataset.parse(built, format="trig")
    bind_prefixes(dataset)
    return dataset


def _newest_source(paths: ProjectPaths) -> float:
    sources: list[Path] = [paths.ontology, paths.shapes, *paths.data.rglob("*.ttl")]
    return max((p.stat().st_mtime for p in sources if p.is_file()), default=0.0)

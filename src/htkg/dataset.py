"""Get the built dataset: from ``build/`` when it is fresh, else build it in memory.

Every read-only command (export, query, trace, network …) goes through
:func:`load`, so it answers in well under a second once ``htkg build`` has run,
and is still correct when the sources changed since: a stale build is ignored.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from htkg.namespaces import INFERRED_GRAPH, bind_prefixes
from htkg.paths import CACHE_NAME, TRIG_NAME, ProjectPaths


def load(reasoned: bool = True, paths: ProjectPaths | None = None) -> Dataset:
    """The article's knowledge graph as an rdflib Dataset.

    Args:
        reasoned: include the graph of OWL 2 RL inferences.
        paths: the project checkout (default: discovered from the working directory).
    """
    paths = paths or ProjectPaths.discover()
    dataset = _from_build(paths) or _run_build(paths)
    if not reasoned:
        dataset.remove_graph(dataset.graph(INFERRED_GRAPH))
    return dataset


def _run_build(paths: ProjectPaths) -> Dataset:
    from htkg.build import run_build  # validation and reasoning only when build/ is stale

    return run_build(paths)


def _from_build(paths: ProjectPaths) -> Dataset | None:
    built = paths.build / TRIG_NAME
    if not built.is_file() or built.stat().st_mtime < _newest_source(paths):
        return None
    dataset = _from_cache(paths.build / CACHE_NAME)
    if dataset is None:
        dataset = Dataset()
        dataset.parse(built, format="trig")
    bind_prefixes(dataset)
    return dataset


def _from_cache(path: Path) -> Dataset | None:
    """The pickle ``htkg build`` wrote next to htkg.trig, if the same versions can read it.

    It is a cache of our own output in the user's checkout (trusted as the code
    is); anything unexpected means reading htkg.trig instead.
    """
    import pickle

    import rdflib

    from htkg import __version__

    try:
        with path.open("rb") as cached:
            version, rdflib_version, dataset = pickle.load(cached)
    except Exception:  # a missing, truncated or foreign file: fall back to TriG
        return None
    if (version, rdflib_version) != (__version__, rdflib.__version__):
        return None
    return dataset if isinstance(dataset, Dataset) else None


def _newest_source(paths: ProjectPaths) -> float:
    sources: list[Path] = [paths.ontology, paths.shapes, *paths.data.rglob("*.ttl")]
    return max((p.stat().st_mtime for p in sources if p.is_file()), default=0.0)

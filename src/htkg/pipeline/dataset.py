"""Read the built dataset from ``build/``, if it is fresh.

Every read-only command (export, query, trace, network …) goes through
:func:`htkg.workflow.load`, which uses :func:`from_build` first, so it answers
in well under a second once ``htkg build`` has run, and is still correct when
the sources changed since: a stale build is ignored.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from htkg.paths import CACHE_NAME, TRIG_NAME, ProjectPaths
from htkg.rdf.namespaces import bind_prefixes


def from_build(paths: ProjectPaths) -> Dataset | None:
    """The dataset ``htkg build`` wrote, or None when it is missing or older than a source."""
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

"""Read the built dataset from ``build/``, if it is fresh.

Every read-only command (export, query, trace, network …) goes through
:func:`htkg.workflow.load`, which uses :func:`from_build` first, so it answers
in well under a second once ``htkg build`` has run, and is still correct when
the sources changed since: a stale build is ignored.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Dataset

from htkg.errors import one_line
from htkg.paths import CACHE_NAME, TRIG_NAME, ProjectPaths
from htkg.rdf.namespaces import bind_prefixes


def from_build(paths: ProjectPaths) -> Dataset | None:
    """The dataset ``htkg build`` wrote, or None when it is missing or older than a source."""
    built = paths.build / TRIG_NAME
    if not built.is_file() or built.stat().st_mtime < _newest_source(paths):
        return None
    try:
        dataset = _from_cache(paths.build / CACHE_NAME)
    except _Unreadable as err:
        _warn(f"{err}; rebuilding in memory")
        return None
    if dataset is None:
        dataset = Dataset()
        try:
            dataset.parse(built, format="trig")
        except Exception as err:  # truncated or edited: the sources are still there
            _warn(f"{built}: unreadable ({one_line(err)[:120]}); rebuilding in memory")
            return None
    bind_prefixes(dataset)
    return dataset


class _Unreadable(Exception):
    """The cache exists but cannot be read."""


def _warn(message: str) -> None:
    """One line on stderr: a broken cache is worth knowing about, not worth failing for."""
    print(f"htkg: warning: {message}", file=sys.stderr)


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
    except FileNotFoundError:
        return None
    except Exception as err:  # truncated or foreign: the build beside it is suspect too
        raise _Unreadable(f"{path}: unreadable ({type(err).__name__})") from None
    if (version, rdflib_version) != (__version__, rdflib.__version__):
        return None
    return dataset if isinstance(dataset, Dataset) else None


def _newest_source(paths: ProjectPaths) -> float:
    sources: list[Path] = [paths.ontology, paths.shapes, *paths.data.rglob("*.ttl")]
    return max((p.stat().st_mtime for p in sources if p.is_file()), default=0.0)

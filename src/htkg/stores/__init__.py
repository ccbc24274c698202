"""Where the graph lives: ``--store memory`` (default), ``oxigraph:PATH``, ``sparql:URL``.

Every command that reads or writes the graph opens its store with
:func:`open_store` and speaks SPARQL to it (see :class:`htkg.stores.base.Store`),
so the same command runs on the embedded default, an on-disk Oxigraph store
and any SPARQL 1.1 endpoint.

>>> open_store("memory").spec
'memory'
"""

from __future__ import annotations

from pathlib import Path

from htkg.errors import InputError
from htkg.stores.base import QueryResult, Store
from htkg.stores.memory import MemoryStore

__all__ = ["STORE_HELP", "MemoryStore", "QueryResult", "Store", "open_store"]

STORE_HELP = (
    "where the graph lives: memory (default; the build in build/), oxigraph:PATH "
    "(an on-disk Oxigraph store) or sparql:URL (a SPARQL 1.1 endpoint)"
)


def open_store(spec: str, read_only: bool = False, built: bool = False) -> Store:
    """Open the store ``spec`` names (an empty memory store for ``memory``).

    ``built``: the store must hold a build already (``htkg add`` and ``htkg link``
    change one in place); only ``htkg build`` creates an Oxigraph store.

    Raises:
        InputError: the spec is malformed (exit 2).
        StoreError: the store cannot be opened or reached (exit 4).
    """
    kind, _, rest = spec.partition(":")
    if spec == "memory":
        return MemoryStore()
    if kind == "oxigraph" and rest:
        from htkg.stores.oxigraph import OxigraphStore, require_built

        path = Path(rest).expanduser()
        if built:
            require_built(path)
        return OxigraphStore(path, read_only=read_only)
    if kind == "sparql" and rest:
        from htkg.stores.remote import SparqlStore

        return SparqlStore(rest)
    raise InputError(f"--store {spec!r}: use memory, oxigraph:PATH or sparql:URL")

"""An on-disk Oxigraph store (pyoxigraph/RocksDB) for a corpus of documents.

Layout of ``oxigraph:PATH``: ``PATH/active`` is a symbolic link to the RocksDB
directory in use (``PATH/data-<n>``). A load goes into a fresh directory
and the link is swapped (one ``rename``) only when loading and reasoning
succeeded, so an interrupted load leaves the previous content queryable; the
stray directory is removed the next time the store is opened for writing.
Writers also hold ``PATH/.htkg-lock``, so a second writer fails at once with
exit code 4 instead of waiting or corrupting anything; readers open
RocksDB read-only and never wait.
"""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.term import Node

from htkg.errors import InputError, StoreError, one_line
from htkg.namespaces import bind_prefixes
from htkg.stores.base import QueryResult, Store, nquads, prebind
from htkg.stores.terms import from_oxigraph, to_oxigraph

ACTIVE = "active"
LOCK = ".htkg-lock"

#: file suffix → pyoxigraph format, for bulk loads from disk
FORMATS = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
}


class OxigraphStore(Store):
    """A :class:`Store` over pyoxigraph: on disk at ``path``, or in memory without one."""

    def __init__(self, path: Path | None = None, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.spec = f"oxigraph:{path}" if path else "oxigraph:"
        self._lock: IO[str] | None = None
        if path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = self._open_read_only(path)
        else:
            self._store = self._open_for_writing(path)

    # -- opening ---------------------------------------------------------------

    def _open_read_only(self, path: Path) -> ox.Store:
        active = path / ACTIVE
        if not active.is_dir():
            raise StoreError(f"{path}: no htkg Oxigraph store here (create one with "
                             f"`htkg build --store oxigraph:{path}`)")  # fmt: skip
        try:
            return ox.Store.read_only(str(active.resolve()))
        except OSError as err:
            raise StoreError(f"{path}: cannot open the Oxigraph store: {one_line(err)}") from None

    def _open_for_writing(self, path: Path) -> ox.Store:
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._lock = open(path / LOCK, "w")  # noqa: SIM115 (held until close)
        except OSError as err:
            raise StoreError(f"{path}: cannot create the store directory: {err.strerror}") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._release()
            raise StoreError(f"{path}: the store is locked by another process") from None
        active = path / ACTIVE
        if not active.is_dir():
            self._activate(self._new_directory())
        self._remove_strays()
        return self._open_rocksdb(active.resolve())

    def _open_rocksdb(self, directory: Path) -> ox.Store:
        try:
            return ox.Store(str(directory))
        except OSError as err:
            self._release()
            if "lock" in str(err).lower():
                raise StoreError(f"{self.path}: the store is locked by another process") from None
            message = f"{self.path}: cannot open the Oxigraph store: {one_line(err)}"
            raise StoreError(message) from None

    def _new_directory(self) -> Path:
        assert self.path is not None
        directory = self.path / f"data-{time.time_ns()}"
        directory.mkdir()
        return directory

    def _activate(self, directory: Path) -> None:
        """Point ``active`` at ``directory`` in one atomic rename."""
        assert self.path is not None
        link = self.path / f".{ACTIVE}-{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(directory.name)
        os.replace(link, self.path / ACTIVE)

    def _remove_strays(self) -> None:
        """Delete data directories of interrupted loads (not the active one)."""
        assert self.path is not None
        active = (self.path / ACTIVE).resolve()
        for entry in self.path.glob("data-*"):
            if entry.resolve() != active:
                shutil.rmtree(entry, ignore_errors=True)

    # -- the Store interface -----------------------------------------------------

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = False
    ) -> QueryResult:
        sparql, projected = prebind(sparql, bindings or {})
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in projected.items()}
        result = self._run(
            lambda: self._store.query(
                sparql, substitutions=substitutions, use_default_graph_as_union=union
            )
        )
        if isinstance(result, ox.QueryBoolean):
            raise InputError("expected a SELECT query, got ASK")
        names = [v.value for v in result.variables]
        rows = [tuple(from_oxigraph(s[i]) for i in range(len(names))) for s in result]
        return QueryResult(names, rows)

    def ask(self, sparql: str) -> bool:
        return bool(self._run(lambda: self._store.query(sparql)))

    def update(self, sparql: str, union: bool = False) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; updates are not allowed")
        self._run(lambda: self._store.update(sparql))

    def replace(self, dataset: Dataset) -> None:
        data = nquads(dataset)
        self.replace_with(lambda store: store.bulk_load(data))

    def dataset(self) -> Dataset:
        out = bind_prefixes(Dataset())
        out.parse(data=self._store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        return out

    def dump(self, format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> bytes:
        """All quads serialised by Oxigraph itself (much faster than through rdflib)."""
        return self._store.dump(format=format)

    # -- bulk loading ------------------------------------------------------------

    def bulk_load(self, data: bytes | str | Path, graph: str | None = None) -> None:
        """Load N-Quads bytes, or a file (format from its suffix), with the bulk loader."""
        target = ox.NamedNode(graph) if graph else None
        if isinstance(data, Path):
            fmt = FORMATS.get(data.suffix)
            if fmt is None:
                raise InputError(f"{data}: unknown RDF file type (use {', '.join(FORMATS)})")
            call = lambda: self._store.bulk_load(path=str(data), format=fmt, to_graph=target)  # noqa: E731
        else:
            call = lambda: self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)  # noqa: E731
        try:
            call()
        except SyntaxError as err:
            where = data if isinstance(data, Path) else "N-Quads data"
            raise InputError(f"{where}: {one_line(err)}") from None

    def replace_with(self, prepare: Callable[[OxigraphStore], Any]) -> None:
        """Fill a fresh store with ``prepare``, then make it the active one.

        If ``prepare`` fails (or the process dies) the active store is untouched.
        """
        if self.path is None:
            self._store = ox.Store()
            prepare(self)
            return
        if self.read_only or self._lock is None:
            raise StoreError(f"{self.path}: opened read-only; cannot replace its content")
        staging = self._new_directory()
        fresh = OxigraphStore.__new__(OxigraphStore)
        fresh.path, fresh.read_only, fresh.spec, fresh._lock = self.path, False, self.spec, None
        try:
            fresh._store = ox.Store(str(staging))
            prepare(fresh)
            fresh._store.flush()
        except BaseException:
            fresh._store = None
            gc.collect()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        old = (self.path / ACTIVE).resolve()
        self._store = fresh._store
        gc.collect()  # let RocksDB close the old directory before it is removed
        self._activate(staging)
        shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        self._store = None
        gc.collect()
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def _run(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except SyntaxError as err:
            raise InputError(f"SPARQL syntax error: {one_line(err)}") from None
        except OSError as err:
            raise StoreError(f"{self.spec}: {one_line(err)}") from None

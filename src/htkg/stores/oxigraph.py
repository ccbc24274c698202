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
import re
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from htkg.errors import InputError, StoreError, one_line
from htkg.rdf.namespaces import bind_prefixes
from htkg.stores.base import QueryResult, Store, nquads, ntriples_rows, prebind
from htkg.stores.convert import from_oxigraph, to_oxigraph

ACTIVE = "active"
LOCK = ".htkg-lock"

#: file suffix → pyoxigraph format, for bulk loads from disk
FORMATS = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
}
#: line-based formats, which can be split at line ends and loaded in parallel
LINE_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)
#: below this size one bulk load is as fast as several
PARALLEL_ABOVE = 4_000_000
WORKERS = min(os.cpu_count() or 1, 4)
#: fewer triples than this go in by a transaction (see :meth:`OxigraphStore.add_triples`)
BULK_ABOVE = 20_000


def require_built(path: Path) -> Path:
    """The active store directory under ``path``; a path no build wrote is refused."""
    active = path / ACTIVE
    if not active.is_dir():
        raise StoreError(f"{path}: no htkg Oxigraph store here (create one with "
                         f"`htkg build --store oxigraph:{path}`)")  # fmt: skip
    return active


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
        active = require_built(path)
        try:
            return ox.Store.read_only(str(active.resolve()))
        except OSError as err:
            raise StoreError(f"{path}: cannot open the Oxigraph store: {one_line(err)}") from None

    def _open_for_writing(self, path: Path) -> ox.Store:
        if not path.parent.is_dir():  # a typo must not create directories up to the root
            raise InputError(
                f"--store oxigraph:{path}: directory {path.parent} does not exist "
                "(the store's own directory is created, not its parents)"
            )
        try:
            path.mkdir(exist_ok=True)
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

    def load_graph(self, name: URIRef, graph: Graph) -> None:
        """Add ``graph``'s triples to ``name`` as N-Triples lines (:meth:`add_triples`)."""
        rows = ntriples_rows(graph)
        self.add_triples([row.rstrip("\n").encode("utf-8") for row in rows], name)

    def dump(self, format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> bytes:
        """All quads serialised by Oxigraph itself (much faster than through rdflib)."""
        return self._store.dump(format=format) or b""  # bytes: no output file is given

    # -- bulk loading ------------------------------------------------------------

    def bulk_load(
        self, data: bytes | str | Path, graph: str | None = None, trusted: bool = False
    ) -> None:
        """Load N-Quads bytes, or a file (format from its suffix), with the bulk loader.

        N-Quads and N-Triples are split at line ends and loaded by one thread
        per core (the loader runs without the GIL): a million quads load in
        about half the time. ``trusted`` data (written by rdflib or Oxigraph
        itself) skips the IRI checks.
        """
        target = ox.NamedNode(graph) if graph else None
        where = str(data) if isinstance(data, Path) else "N-Quads data"
        fmt = ox.RdfFormat.N_QUADS
        if isinstance(data, Path):
            fmt = FORMATS.get(data.suffix)  # type: ignore[assignment]
            if fmt is None:
                raise InputError(f"{data}: unknown RDF file type (use {', '.join(FORMATS)})")
            if fmt not in LINE_FORMATS:
                self._load_one(where, path=str(data), format=fmt, to_graph=target)
                return
            try:
                data = data.read_bytes()
            except OSError as err:
                raise InputError(f"{where}: {err.strerror}") from None
        raw = data.encode("utf-8") if isinstance(data, str) else data
        chunks = split_lines(raw, WORKERS) if len(raw) > PARALLEL_ABOVE else [raw]
        try:
            with ThreadPoolExecutor(len(chunks)) as pool:
                list(pool.map(lambda chunk: self._store.bulk_load(
                    chunk, format=fmt, to_graph=target, lenient=trusted), chunks))  # fmt: skip
        except SyntaxError as err:
            message = one_line(err)
            if len(chunks) > 1:  # the position is within a chunk: find it in the whole
                try:
                    for _ in ox.parse(raw, format=fmt):
                        pass
                except SyntaxError as whole:
                    message = one_line(whole)
            raise InputError(f"{where}: {message}") from None

    def _load_one(self, where: str, **arguments: Any) -> None:
        try:
            self._store.bulk_load(**arguments)
        except SyntaxError as err:
            raise InputError(f"{where}: {one_line(err)}") from None

    def construct(self, sparql: str, union: bool = False) -> bytes:
        """A CONSTRUCT query's triples as N-Triples, serialised by Oxigraph (no Python objects)."""
        result = self._run(lambda: self._store.query(sparql, use_default_graph_as_union=union))
        return self._run(lambda: result.serialize(format=ox.RdfFormat.N_TRIPLES)) or b""

    def add_triples(self, lines: Iterable[bytes], graph: URIRef) -> None:
        """Add N-Triples lines (say, a CONSTRUCT's) to ``graph``.

        Many lines go in with the bulk loader, in one call (it builds the index
        files on a thread per core itself; each call's files are another batch
        for RocksDB to compact, 20% of the CPU time of reasoning at 1M when the
        lines went in as one call per core); a few (below :data:`BULK_ABOVE`),
        and lines with a blank node, by a transaction: the bulk loader has a fixed
        cost of about 0.1 s on disk, and would give each blank node a fresh name.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; updates are not allowed")
        plain: list[bytes] = []
        blank: list[bytes] = []
        for line in lines:
            (blank if b"_:" in line else plain).append(line)
        if len(plain) < BULK_ABOVE:
            plain, blank = [], plain + blank
        target = ox.NamedNode(str(graph))
        if plain:
            data = b"\n".join(plain) + b"\n"
            self._load_one(
                "inferred triples",
                input=data,
                format=ox.RdfFormat.N_TRIPLES,
                to_graph=target,
                lenient=True,
            )
        if blank:
            triples = ox.parse(b"\n".join(blank), format=ox.RdfFormat.N_TRIPLES)
            self._run(lambda: self._store.extend(
                ox.Quad(t.subject, t.predicate, t.object, target) for t in triples))  # fmt: skip

    def replace_with(self, prepare: Callable[[OxigraphStore], Any]) -> None:
        """Fill a fresh store with ``prepare``, then make it the active one.

        If ``prepare`` fails (or the process dies) the active store is untouched.
        """
        self._swap_in(prepare, copy=False)

    def update_with(self, prepare: Callable[[OxigraphStore], Any]) -> None:
        """Change a copy of the store with ``prepare``, then make the copy the active one.

        The copy is a RocksDB checkpoint (hard links to the immutable files, so
        it takes milliseconds whatever the size); if ``prepare`` fails, or the
        process is killed, the active store is untouched and the copy is removed
        the next time the store is opened for writing. In memory (no path) the
        changes are made in place.
        """
        self._swap_in(prepare, copy=True)

    def _swap_in(self, prepare: Callable[[OxigraphStore], Any], copy: bool) -> None:
        if self.path is None:
            if not copy:
                self._store = ox.Store()
            prepare(self)
            return
        if self.read_only or self._lock is None:
            raise StoreError(f"{self.path}: opened read-only; cannot replace its content")
        staging = self.path / f"data-{time.time_ns()}"
        if copy:
            self._run(lambda: self._store.backup(str(staging)))
        else:
            staging.mkdir()
        fresh = OxigraphStore.__new__(OxigraphStore)
        fresh.path, fresh.read_only, fresh.spec, fresh._lock = self.path, False, self.spec, None
        try:
            fresh._store = ox.Store(str(staging))
            prepare(fresh)
            fresh._store.flush()
        except BaseException:
            fresh._store = None  # type: ignore[assignment]  # dropped so RocksDB closes
            gc.collect()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        old = (self.path / ACTIVE).resolve()
        self._store = fresh._store
        gc.collect()  # let RocksDB close the old directory before it is removed
        self._activate(staging)
        shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        self._store = None  # type: ignore[assignment]  # dropped so RocksDB closes
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


def split_lines(data: bytes, parts: int) -> list[bytes]:
    """N-Quads/N-Triples cut at line ends into about ``parts`` pieces of equal size.

    Every line that mentions a blank node goes into the first piece: a blank
    node label means the same node only within one bulk load. Where they all
    come early (the ontology's lists, first in a dump) the first piece just
    reaches past the last of them; otherwise they are gathered in front.

    >>> split_lines(b"<a> <b> <c> .\\n_:x <b> <c> .\\n<d> <b> _:x .\\n<e> <b> <c> .\\n", 2)
    [b'_:x <b> <c> .\\n<d> <b> _:x .\\n<a> <b> <c> .\\n', b'<e> <b> <c> .\\n']
    >>> split_lines(b"_:x <b> <c> .\\n<a> <b> <c> .\\n<d> <b> <e> .\\n<e> <b> <c> .\\n", 2)
    [b'_:x <b> <c> .\\n<a> <b> <c> .\\n', b'<d> <b> <e> .\\n<e> <b> <c> .\\n']
    """
    size = max(1, len(data) // max(1, parts))
    last = data.rfind(b"_:")
    covered = 0 if last < 0 else _line_end(data, last)
    blank = b""
    if covered > len(data) - size:  # blank nodes all through the data: gather them
        blank, data = _gather_blank_lines(data)
        size, covered = max(1, len(data) // max(1, parts)), 0
    pieces, start = [], 0
    while start < len(data):
        end = _line_end(data, max(start + size - 1, covered))
        pieces.append(data[start:end])
        start = end
    return [blank + (pieces[0] if pieces else b""), *pieces[1:]]


def _line_end(data: bytes, position: int) -> int:
    """Just past the end of the line that ``position`` is on."""
    end = data.find(b"\n", position)
    return len(data) if end < 0 else end + 1


def _gather_blank_lines(data: bytes) -> tuple[bytes, bytes]:
    """(the lines that mention a blank node, the other lines), each in order."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(rb"_:", data):
        start = data.rfind(b"\n", 0, match.start()) + 1
        if not spans or start >= spans[-1][1]:
            spans.append((start, _line_end(data, match.start())))
    blank = b"".join(data[a:b] for a, b in spans)
    kept, last = [], 0
    for a, b in spans:
        kept.append(data[last:a])
        last = b
    kept.append(data[last:])
    if blank and not blank.endswith(b"\n"):
        blank += b"\n"
    return blank, b"".join(kept)

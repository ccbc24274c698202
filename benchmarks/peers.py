"""The peers each htkg step is measured against, in the same run on the same corpus.

- **load**: pyoxigraph's own bulk loader reading the same N-Quads file in one call
  (the engine's limit; htkg splits the file and loads one piece per core).
- **reasoning**: `reasonable`, a Rust OWL 2 RL reasoner (no property chains), on the
  same triples (graph names dropped: it reasons over one graph); it runs every
  OWL 2 RL rule it has, a superset of the ones htkg materialises, so it infers more.
- rdflib + owlrl: ``benchmarks.run.work_owlrl``, as before.

Also here: the document ``htkg add --store`` adds in the benchmark (the corpus is
loaded without it), since the add step needs a store that does not hold it yet.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

#: the document the benchmark adds to the reasoned store: the real BIS rule
#: (a few hundred triples that conform to the shapes), left out of the load
ADD_SLUG = "us-bis-2022-10-07"
_TAIL = f"<https://w3id.org/htkg/graph/{ADD_SLUG}> .\n".encode()


def split_corpus(corpus: Path, into: Path) -> tuple[Path, Path]:
    """The corpus without the added document (``into/base.nq``) and the document
    as N-Triples (``into/document.nt``)."""
    base, document = into / "base.nq", into / "document.nt"
    with corpus.open("rb") as lines, base.open("wb") as rest, document.open("wb") as doc:
        for line in lines:
            if line.endswith(_TAIL):
                doc.write(line[: -len(_TAIL)] + b".\n")
            else:
                rest.write(line)
    return base, document


def engine_load(corpus: Path) -> float:
    """Seconds for one pyoxigraph bulk load of ``corpus`` into a fresh on-disk store."""
    import pyoxigraph as ox

    scratch = Path(tempfile.mkdtemp(prefix="htkg-peer-"))
    try:
        store = ox.Store(str(scratch / "s"))
        started = time.perf_counter()
        store.bulk_load(path=str(corpus), format=ox.RdfFormat.N_QUADS, lenient=True)
        store.flush()
        seconds = time.perf_counter() - started
        del store
        return seconds
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def work_reasonable(corpus: Path, triples: int, repeat: int) -> dict[str, Any]:
    """``reasonable`` on the corpus's triples: load (N-Triples file) and reasoning."""
    try:
        import reasonable
    except ImportError:
        return {"error": "not installed (pip install reasonable)"}
    scratch = Path(tempfile.mkdtemp(prefix="htkg-peer-"))
    try:
        flat = scratch / "corpus.ttl"  # N-Triples is Turtle; the loader goes by suffix
        with corpus.open("rb") as lines, flat.open("wb") as out:
            for line in lines:  # the graph name is the last term of a quad
                out.write(line.rstrip(b" .\n").rsplit(b" ", 1)[0] + b" .\n")
        reasoner = reasonable.PyReasoner()
        started = time.perf_counter()
        reasoner.load_file(str(flat))
        loaded = time.perf_counter()
        everything = reasoner.reason()
        done = time.perf_counter()
        base = len(reasoner.get_base_triples())
        return {
            "load": loaded - started,
            "reasoning": done - loaded,
            "inferred": len(everything) - base,
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

"""The store benchmark: one command, a Markdown table in docs/performance.md.

    python -m benchmarks.run                       # 10k, 100k, 1M; 3 repeats
    python -m benchmarks.run --sizes 10k --repeat 1 --output /tmp/perf.md

For each size a synthetic corpus (benchmarks.generate, fixed seed) is written
once, then each store runs in a fresh process (so peak memory is its own):
Oxigraph on disk (bulk load, the SPARQL rules, check queries, every
competency question, ``htkg trace``, the served explorer's first view), the
in-memory rdflib store (the same steps through rdflib's SPARQL engine) and the
plain rdflib + owlrl baseline
(parse + owlrl). Times are medians of ``--repeat`` runs; the slow steps
(reasoning at 100k and more, the baseline) run once, and the table says so.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.generate import SIZES, write_corpus
from benchmarks.peers import ADD_SLUG, engine_load, split_corpus, work_reasonable
from benchmarks.report import LIMITS, ONCE_ABOVE, render

__all__ = ["main", "render", "work_oxigraph"]

ROOT = Path(__file__).resolve().parents[1]
TRACE_TERM = "kg:insufficient-enterprise-investment"
#: ONCE_ABOVE: above this many triples a step runs once, not --repeat times.
#: LIMITS: the rdflib runs stop there: the rules in rdflib's SPARQL engine take 20 s
#: at 10k, owlrl minutes at 100k, and parsing 1M quads in rdflib alone takes minutes.
#: rows of the first page, as ``htkg query --limit`` asks for
PAGE = 100
WORKER_TIMEOUT = 600


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds of ``repeat`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _catalogue() -> dict:
    from htkg.queries.catalogue import discover

    return discover(ROOT / "queries")


def _checks() -> list[str]:
    return [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries" / "checks").glob("*.rq"))
    ]


def _queries(store: Any, repeat: int) -> tuple[dict[str, float], dict[str, int], dict[str, float]]:
    """Seconds and rows of each competency question (default parameters), and the
    seconds of its first page of :data:`PAGE` rows."""
    from htkg.queries.catalogue import bind

    seconds: dict[str, float] = {}
    rows: dict[str, int] = {}
    pages: dict[str, float] = {}
    for name, query in sorted(_catalogue().items()):
        bindings = bind(query, {"lang": "en"} if query.param("lang") else {})
        try:
            seconds[name], answer = timed(
                lambda q=query, b=bindings: store.query(q.text, b, union=True), repeat
            )
            rows[name] = len(answer.rows)
            pages[name], _ = timed(lambda q=query, b=bindings: _first_page(store, q, b), repeat)
        except Exception as err:  # a query an engine cannot run is reported, not fatal
            seconds.setdefault(name, float("nan"))
            pages[name] = float("nan")
            print(f"{name}: {err}", file=sys.stderr)
    return seconds, rows, pages


def _first_page(store: Any, query: Any, bindings: dict) -> list:
    """The first :data:`PAGE` rows as ``htkg query --limit`` asks for them: by key
    batches for a query with a ``page_by`` header, else ``LIMIT`` on the query."""
    from htkg.queries.keyset import keyset_page
    from htkg.queries.paging import Page

    if query.page_by is None:
        return store.query(f"{query.text.rstrip()}\nLIMIT {PAGE}\n", bindings, union=True).rows

    def run(text: str) -> tuple[list[str], Any]:
        result = store.query(text, bindings, union=True)
        return result.vars, iter(result.rows)

    _columns, rows = keyset_page(query.text, query.page_by, Page(PAGE), run)
    return list(rows)


def _validate(store: Any, union: bool) -> int:
    from htkg.reasoning.rules import contradictions

    problems = len(contradictions(store, union))
    for text in _checks():
        problems += len(store.query(text, union=True).rows)
    return problems


def _trace(dataset: Any) -> int:
    from htkg.network.trace import trace

    result, _net = trace(dataset, TRACE_TERM)
    return sum(len(paths) for paths in result.sections.values())


def report(result: dict[str, Any]) -> None:
    """Print the results so far (one JSON line), so a run cut short still reports them."""
    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result), flush=True)


def work_oxigraph(corpus: Path, triples: int, repeat: int) -> dict[str, Any]:
    from oxrdflib import OxigraphStore as OxrdflibStore
    from rdflib import Dataset, Graph

    from htkg.cli.add import audit_store
    from htkg.literature.add import add_graph
    from htkg.reasoning.rules import materialise
    from htkg.stores.index import rebuild_index
    from htkg.stores.oxigraph import OxigraphStore

    repeat = 1 if triples > ONCE_ABOVE else repeat
    slow = repeat
    scratch = Path(tempfile.mkdtemp(prefix="htkg-bench-"))
    try:
        base, document = split_corpus(corpus, scratch)

        def load() -> OxigraphStore:
            shutil.rmtree(scratch / "s", ignore_errors=True)
            store = OxigraphStore(scratch / "s")
            # the generator wrote the corpus: no IRI checks (lenient), as for data htkg wrote
            store.replace_with(lambda fresh: fresh.bulk_load(base, trusted=True))
            return store

        result: dict[str, Any] = {}
        result["engine_load"], _ = timed(lambda: engine_load(base), slow)
        result["load"], store = timed(load, slow)
        report(result)
        result["reasoning"], rules = timed(lambda: materialise(store, check=False), slow)
        result["inferred"] = rules.inferred_triples
        report(result)
        result["index"], _ = timed(lambda: rebuild_index(store), 1)
        result["validation"], result["problems"] = timed(lambda: _validate(store, False), repeat)
        report(result)
        graph = Graph().parse(document, format="nt")
        if len(graph):  # once: afterwards the store holds it
            shapes = ROOT / "ontology" / "shapes.ttl"
            phases: dict[str, float] = {}
            clock = [time.perf_counter(), "validating"]

            def progress(message: str) -> None:  # where the add's time goes
                now = time.perf_counter()
                phases[str(clock[1])] = phases.get(str(clock[1]), 0.0) + now - float(clock[0])
                clock[:] = [now, message.split(" ")[0].lower()]

            derive = (("Auditing the figures", audit_store),)
            result["add"], _ = timed(
                lambda: add_graph(store, ADD_SLUG, graph, shapes, derive, progress), 1
            )
            progress("swap")  # the rest: flush, swap in the checkpoint
            result["add_triples"], result["add_phases"] = len(graph), phases
        report(result)
        result["queries"], result["rows"], result["first_page"] = _queries(store, repeat)
        report(result)
        dataset = Dataset(store=OxrdflibStore(store=store._store))
        result["trace"], result["paths"] = timed(lambda: _trace(dataset), repeat)
        report(result)
        result["explorer_view"], _ = timed(lambda: _explorer_view(dataset), repeat)
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _explorer_view(dataset: Any) -> int:
    """What ``htkg serve`` answers first at ``/api/view`` (a fresh API: nothing cached)."""
    from htkg.server.api import ExplorerApi

    return len(ExplorerApi(dataset).view()["nodes"])


def work_memory(corpus: Path, triples: int, repeat: int) -> dict[str, Any]:
    from rdflib import Dataset

    from htkg.reasoning.rules import materialise
    from htkg.stores.memory import MemoryStore

    slow = 1 if triples > ONCE_ABOVE else repeat

    def load() -> Dataset:
        dataset = Dataset()
        dataset.parse(corpus, format="nquads")
        return dataset

    result: dict[str, Any] = {}
    result["load"], dataset = timed(load, slow)
    store = MemoryStore(dataset)
    result["reasoning"], rules = timed(lambda: materialise(store, check=False), slow)
    result["inferred"] = rules.inferred_triples
    result["validation"], result["problems"] = timed(lambda: _validate(store, True), repeat)
    result["queries"], result["rows"], result["first_page"] = _queries(store, repeat)
    result["trace"], result["paths"] = timed(lambda: _trace(dataset), repeat)
    return result


def work_owlrl(corpus: Path, triples: int, repeat: int) -> dict[str, Any]:
    from rdflib import Dataset

    from htkg.reasoning.owlrl_reasoner import reason

    dataset = Dataset()
    result: dict[str, Any] = {}
    result["load"], _ = timed(lambda: dataset.parse(corpus, format="nquads"), 1)
    result["reasoning"], reasoning = timed(lambda: reason(dataset), 1)
    result["inferred"] = reasoning.inferred_triples
    return result


#: end-to-end commands on the article (the embedded default store), as a user runs them
ARTICLE_COMMANDS = {
    "htkg build": ["build", "--quiet"],
    "htkg query cq01": ["query", "cq01_countermeasures_per_constraint", "--format", "csv"],
    "htkg query cq13": ["query", "cq13_markets_growth_and_reason", "--format", "csv"],
    "htkg trace": ["trace", TRACE_TERM],
}


def explorer_page(repeat: int) -> float:
    """Median seconds to render and write ``build/explorer.html`` for the article, in-process
    (the page step of ``htkg build``, on the dataset it has by then)."""
    from htkg.files import atomic_write_text
    from htkg.paths import EXPLORER_NAME, ProjectPaths
    from htkg.workflow import STEPS, load

    dataset = load(reasoned=True, paths=ProjectPaths.discover(ROOT))
    (render,) = [page for name, page in STEPS.pages if name == EXPLORER_NAME]
    with tempfile.TemporaryDirectory(prefix="htkg-bench-") as scratch:
        target = Path(scratch) / EXPLORER_NAME
        seconds, _ = timed(lambda: atomic_write_text(target, render(dataset)), max(repeat, 3))
    return seconds


def article_commands(repeat: int) -> dict[str, float]:
    """Median wall time of each command, a fresh Python process each time."""
    out: dict[str, float] = {}
    for label, arguments in ARTICLE_COMMANDS.items():
        command = [sys.executable, "-m", "htkg", *arguments]
        out[label], _ = timed(
            lambda c=command: subprocess.run(c, cwd=ROOT, check=True, capture_output=True),
            max(repeat, 3),
        )
    return out


WORKERS = {
    "oxigraph": work_oxigraph,
    "reasonable": work_reasonable,
    "memory": work_memory,
    "owlrl": work_owlrl,
}


def run_worker(
    kind: str, corpus: Path, triples: int, repeat: int, timeout: int = WORKER_TIMEOUT
) -> dict[str, Any]:
    """Run one store's benchmark in a fresh Python process; its results as a dict."""
    command = [sys.executable, "-m", "benchmarks.run", "--worker", kind, str(corpus),
               str(triples), "--repeat", str(repeat)]  # fmt: skip
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout, check=False)  # fmt: skip
    except subprocess.TimeoutExpired as err:
        partial = (
            (err.stdout or b"").decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
        )
        lines = partial.strip().splitlines()
        result = json.loads(lines[-1]) if lines else {}
        result["timeout"] = f"stopped after {timeout} s"
        return result if lines else {"error": f"over {timeout} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [""])[-1]
        if done.returncode < 0:  # say so: a worker killed by the system prints nothing
            last = f"killed by signal {-done.returncode} {last}".strip()
        return {"error": last or f"failed (exit {done.returncode})"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the stores; write a Markdown table.")
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 1k 10k 100k 1M")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--data", type=Path, default=ROOT / "benchmarks" / ".data")
    parser.add_argument("--stores", default=",".join(WORKERS), help="comma-separated: "
                        + " ".join(WORKERS))  # fmt: skip
    parser.add_argument("--timeout", type=int, default=WORKER_TIMEOUT,
                        help="seconds one store may take at one size")  # fmt: skip
    parser.add_argument("--merge", action="store_true",
                        help="keep the other results of the last run")  # fmt: skip
    parser.add_argument("--no-article", action="store_true",
                        help="skip the end-to-end commands on the article")  # fmt: skip
    parser.add_argument(
        "--worker", nargs=3, metavar=("KIND", "CORPUS", "TRIPLES"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.worker:
        kind, corpus, triples = args.worker
        result = WORKERS[kind](Path(corpus), int(triples), args.repeat)
        result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps(result))
        return 0
    from htkg.files import atomic_write_text

    started = time.perf_counter()
    args.data.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, dict[str, Any]]] = {}
    saved = args.data / "results.json"
    saved_article = args.data / "article.json"
    if args.merge and saved.exists():
        results = json.loads(saved.read_text(encoding="utf-8"))
    for size in args.sizes.split(","):
        triples = SIZES[size]
        corpus = args.data / f"corpus-{size}.nq"
        if not corpus.exists():
            write_corpus(corpus, triples)
        results.setdefault(size, {})
        for kind in filter(None, args.stores.split(",")):
            if triples > LIMITS.get(kind, triples):
                results[size][kind] = {"error": f"skipped above {LIMITS[kind]:,}"}
                continue
            print(f"… {size} {kind}", file=sys.stderr, flush=True)
            results[size][kind] = run_worker(kind, corpus, triples, args.repeat, args.timeout)
    results = {size: results[size] for size in SIZES if size in results}
    article = json.loads(saved_article.read_text()) if args.merge and saved_article.exists() else {}
    if not args.no_article:
        print("… the article's commands", file=sys.stderr, flush=True)
        article = {"commands": article_commands(args.repeat)}
        article["explorer_page"] = explorer_page(args.repeat)
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    text = render(results, args.repeat, time.perf_counter() - started, article, args.merge, load)
    atomic_write_text(args.output, text)
    saved.write_text(json.dumps(results, indent=1), encoding="utf-8")
    saved_article.write_text(json.dumps(article, indent=1), encoding="utf-8")
    print(f"written: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

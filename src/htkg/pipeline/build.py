"""The main job: load → validate → reason → derive → check → write ``build/`` atomically.

``build/`` holds ``htkg.trig`` (every named graph: ontology, one per source
document, inferred) and ``summary.json``. It is replaced as a whole only when
everything succeeded, so a failed build leaves the previous output intact.
Validation is the SHACL shapes on the asserted data and, once the data is
reasoned and derived, the check queries ``queries/checks/*-violation.rq``
(:mod:`htkg.pipeline.checks`), run again in the store ``--store`` loads.

What is derived after reasoning (the audit graph) and the extra pages written
into ``build/`` (the explorer) belong to layers above this one; they come in as
:class:`Steps`, composed by :mod:`htkg.workflow`, so the pipeline imports
nothing from them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Dataset
from rdflib.namespace import RDF

from htkg.errors import HtkgError, OutputError, ValidationFailed
from htkg.paths import CACHE_NAME, SUMMARY_NAME, TRIG_NAME, ProjectPaths
from htkg.pipeline.beside import validation_beside
from htkg.pipeline.checks import (
    PATTERN,
    Check,
    load_checked,
    read_checks,
    require_none,
)
from htkg.pipeline.quotes import QuoteReport, verify_quotes
from htkg.pipeline.sources import discover_sources, load_asserted
from htkg.pipeline.validate import ValidationReport, describe_violations
from htkg.processes import pid_alive
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH, ONTOLOGY_GRAPH
from htkg.reasoning import DEFAULT_REASONER, reason
from htkg.stores.base import Store

#: Classes whose members the summary counts, in the order a reader expects.
SUMMARY_CLASSES = (
    "Document", "Section", "TechField", "Product", "Technology", "Service", "Economy",
    "TradeBloc", "Region", "MarketGroup", "Actor", "PolicyInstrument", "Event", "Finding",
    "ConstraintFactor", "SubFactor", "Mechanism", "Countermeasure", "SubMeasure",
    "CausalLink", "ResponseLink", "Statement", "Observation",
)  # fmt: skip


@dataclass
class BuildSummary:
    """What a build produced; printed by the CLI and written as JSON."""

    asserted_triples: dict[str, int]
    inferred_triples: int
    entities_per_class: dict[str, int]
    validation: str
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: the queries/checks run (each returned no row) and where: memory, then the store
    checks: list[str] = field(default_factory=list)
    checked_on: list[str] = field(default_factory=list)
    #: each document text the quotes were checked in: path, SHA-256, number of quotes
    texts: dict[str, dict[str, object]] = field(default_factory=dict)
    #: documents with quotes whose text could not be read (a warning; --strict fails)
    quotes_unverified: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        total = sum(self.asserted_triples.values())
        out = [f"triples asserted: {total}"]
        out += [f"  {name}: {count}" for name, count in self.asserted_triples.items()]
        out.append(f"triples inferred: {self.inferred_triples}")
        out.append("entities per class:")
        width = max(map(len, self.entities_per_class), default=0)
        out += [f"  {name:<{width}}  {n}" for name, n in self.entities_per_class.items()]
        out.append(self.validation)
        out += QuoteReport(self.texts).lines()
        if self.checks:
            out.append(f"checks: {len(self.checks)} passed ({', '.join(self.checked_on)})")
        else:
            out.append(f"checks: none (no queries/checks/{PATTERN})")
        out.append(f"time: {self.seconds:.1f} s")
        return out


@dataclass(frozen=True)
class QuoteCheck:
    """How ``htkg build`` treats quotes: warn about a missing text, or (strict) fail."""

    strict: bool = False
    warn: Callable[[str], None] = lambda _: None


@dataclass(frozen=True)
class Steps:
    """What a build does beyond load, validate and reason.

    ``derive``: what each step does (shown as progress) and the function that adds
    a graph computed from the reasoned data (the audit, the index), run before the
    output is staged. ``pages``: file name and function rendering a page of the
    finished dataset into ``build/`` (the explorer).
    """

    derive: tuple[tuple[str, Callable[[Dataset], object]], ...] = ()
    pages: tuple[tuple[str, Callable[[Dataset], str]], ...] = ()


NO_STEPS = Steps()


def run_build(
    paths: ProjectPaths,
    progress: Callable[[str], None] = lambda _: None,
    reasoner: str = DEFAULT_REASONER,
    steps: Steps = NO_STEPS,
) -> Dataset:
    """Load, validate, reason, derive, check and return the full dataset (nothing written)."""
    dataset, _summary = _build(paths, progress, reasoner, steps, read_checks(paths.queries))
    return dataset


def _build(
    paths: ProjectPaths,
    progress: Callable[[str], None],
    reasoner: str = DEFAULT_REASONER,
    steps: Steps = NO_STEPS,
    checks: Sequence[Check] = (),
    prepare: Callable[[Dataset], None] | None = None,
    quotes: QuoteCheck | None = None,
) -> tuple[Dataset, BuildSummary]:
    """Load, then reason, derive and run ``checks`` while the shapes are checked in another process.

    ``prepare`` (say, writing the output files into a staging directory) runs
    on the finished dataset before the validation result is awaited: its work
    must be undoable, since data that does not conform still fails the build.
    With ``quotes``, every quote is checked in its document's text first.
    """
    started = time.perf_counter()
    progress("loading ontology and data")
    dataset = load_asserted(paths.ontology, paths.data)
    quoted = _check_quotes(dataset, paths, quotes) if quotes is not None else QuoteReport()
    asserted = {str(g.identifier): len(g) for g in _sorted_graphs(dataset)}
    progress(f"validating against the SHACL shapes, and reasoning (OWL 2 RL, {reasoner})")
    with validation_beside(dataset, paths.shapes, checks) as beside:
        try:
            result = reason(dataset, reasoner)
            if result.errors:
                raise ValidationFailed(
                    f"{paths.data}: inconsistent under OWL 2 RL: {result.errors[0]}"
                )
            for doing, derive in steps.derive:
                progress(doing)
                derive(dataset)
            if checks:
                progress(f"running the {len(checks)} checks of queries/checks")
            checked = beside.checks(dataset)
            if prepare is not None:
                prepare(dataset)
            require_none(checked.result(), "in the built data")
        except HtkgError:
            _conforming(beside.shapes.result(), paths)  # bad data is the first thing to report
            raise
        report = _conforming(beside.shapes.result(), paths)
    summary = BuildSummary(
        asserted_triples=asserted,
        inferred_triples=result.inferred_triples,
        entities_per_class=count_entities(dataset),
        validation=report.summary(),
        seconds=round(time.perf_counter() - started, 2),
        checks=[check.name for check in checks],
        checked_on=["memory"] if checks else [],
        texts=quoted.texts,
        quotes_unverified=quoted.unverified,
    )
    return dataset, summary


def _check_quotes(dataset: Dataset, paths: ProjectPaths, how: QuoteCheck) -> QuoteReport:
    """Every quote verbatim in its text; a text that cannot be read warns (strict: fails)."""
    report = verify_quotes(dataset, discover_sources(paths.data), paths.source_text, paths.root)
    if report.unverified:
        message = "quotes not verified: no text for " + "; ".join(report.unverified)
        if how.strict:
            raise ValidationFailed(f"{message} (--strict)")
        how.warn(message)
    return report


def _conforming(report: ValidationReport, paths: ProjectPaths) -> ValidationReport:
    if not report.conforms:
        files = [f for source in discover_sources(paths.data) for f in source.files]
        raise ValidationFailed(describe_violations(report, files, paths.data))
    return report


def _sorted_graphs(dataset: Dataset) -> list:
    return sorted(
        (g for g in dataset.graphs() if len(g) and g.identifier != INFERRED_GRAPH),
        key=lambda g: (g.identifier != ONTOLOGY_GRAPH, str(g.identifier)),
    )


def count_entities(dataset: Dataset) -> dict[str, int]:
    """Members of each summary class, asserted or inferred (so subclasses count)."""
    graphs = list(dataset.graphs())
    return {
        name: len({x for graph in graphs for x in graph.subjects(RDF.type, HTKG[name])})
        for name in SUMMARY_CLASSES
    }


def build(
    paths: ProjectPaths,
    progress: Callable[[str], None] = lambda _: None,
    reasoner: str = DEFAULT_REASONER,
    store: Store | None = None,
    steps: Steps = NO_STEPS,
    quotes: QuoteCheck | None = None,
) -> BuildSummary:
    """Run the whole build and replace ``build/`` only if every step succeeded.

    The output files are written into a staging directory while the shapes
    are still being checked; it is swapped in (and a ``store``, with
    ``--store``, replaced first and checked: see :func:`load_checked`) only
    once everything passed.
    """
    checks = read_checks(paths.queries)
    staging = _staging(paths.build)

    def stage(done: Dataset) -> None:
        progress(f"writing {paths.build}")
        _stage(done, staging, paths.build, steps)

    try:
        dataset, summary = _build(
            paths, progress, reasoner, steps, checks, prepare=stage, quotes=quotes or QuoteCheck()
        )
        if store is not None:
            progress(f"loading into {store.spec} and running the checks there")
            load_checked(store, dataset, checks)
            summary.checked_on += [store.spec] if summary.checks else []
        _finish(summary, staging, paths.build)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def write_build(
    dataset: Dataset, summary: BuildSummary, target: Path, steps: Steps = NO_STEPS
) -> None:
    """Write the build into a fresh directory, then swap it in with renames."""
    staging = _staging(target)
    try:
        _stage(dataset, staging, target, steps)
        _finish(summary, staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _staging(target: Path) -> Path:
    """A fresh staging directory beside ``target``, named after this process; stale ones go."""
    remove_stale_staging(target)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-{os.getpid()}-", dir=target.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; build/ is for everyone to read
    except OSError as err:
        raise OutputError(f"{target}: cannot write build output: {err.strerror}") from None
    return staging


def remove_stale_staging(target: Path) -> list[Path]:
    """Remove the staging directories of builds that are no longer running (killed, say).

    A staging directory is ``.build-PID-XXXX``; one whose process is gone (or
    an older one without a PID) is left over from a build that never finished.
    """
    removed = []
    for entry in target.parent.glob(f".{target.name}-*"):
        owner = entry.name.removeprefix(f".{target.name}-").split("-", 1)[0]
        if entry.is_dir() and not (owner.isdigit() and pid_alive(int(owner))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _stage(dataset: Dataset, staging: Path, target: Path, steps: Steps) -> None:
    """The dataset, the pages and the cache, into ``staging``."""
    try:
        dataset.serialize(staging / TRIG_NAME, format="trig")
        for name, page in steps.pages:
            (staging / name).write_text(page(dataset), encoding="utf-8")
        write_cache(dataset, staging / CACHE_NAME)
    except OSError as err:
        raise OutputError(f"{target}: cannot write build output: {err.strerror}") from None


def _finish(summary: BuildSummary, staging: Path, target: Path) -> None:
    """The summary, then ``staging`` swapped in for ``target``."""
    try:
        (staging / SUMMARY_NAME).write_text(
            json.dumps(asdict(summary), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        swap_directory(staging, target)
    except OSError as err:
        raise OutputError(f"{target}: cannot write build output: {err.strerror}") from None


def write_cache(dataset: Dataset, path: Path) -> None:
    """The dataset pickled, tagged with the versions that wrote it (see htkg.pipeline.dataset)."""
    import pickle

    import rdflib

    from htkg import __version__

    with path.open("wb") as out:
        pickle.dump((__version__, rdflib.__version__, dataset), out, protocol=5)


def swap_directory(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` so readers see the old or the new, never half."""
    retired = target.with_name(f".{target.name}-old")
    if retired.exists():
        shutil.rmtree(retired)
    # Ctrl-C or SIGTERM between the two renames would leave no build at all: hold them
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        if target.exists():
            target.rename(retired)
        staging.rename(target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    shutil.rmtree(retired, ignore_errors=True)

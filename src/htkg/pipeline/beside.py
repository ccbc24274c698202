"""Validation beside the build: the shapes, then the check queries, in a forked worker.

On two cores the SHACL shapes are checked while this process reasons (~1 s
sooner) and the check queries run while it writes the output (~0.3 s
sooner). The worker is sent the asserted data once, when it starts (the
shapes see only that); for the checks it is sent just the graphs that
reasoning and the derive steps added or changed since (the inferred graph,
the audit), not the whole dataset again. Where ``fork`` is missing both run
in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from rdflib import Dataset
from rdflib.term import IdentifiedNode, Node

from htkg.errors import InputError, Interrupted
from htkg.pipeline.checks import Check, Finding, check_dataset, compile_checks
from htkg.pipeline.validate import ValidationReport, validate
from htkg.processes import die_with_parent

T = TypeVar("T")
Triple = tuple[Node, Node, Node]

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}

#: in the worker: the asserted data it validated, kept for the checks
_kept: Dataset | None = None


class Beside:
    """The validation of one build: the shapes at once, the checks when asked."""

    def __init__(
        self,
        dataset: Dataset,
        shapes: Path,
        checks: Sequence[Check],
        pool: ProcessPoolExecutor | None,
    ) -> None:
        self._pool, self._checks = pool, list(checks)
        self.shapes: Future[ValidationReport] = (
            _done(validate(dataset, shapes))
            if pool is None
            else pool.submit(_validate_and_keep, dataset, shapes, self._checks)
        )
        # what the worker was sent (read while it starts; reasoning has not begun)
        self._sent = _fingerprints(dataset) if pool is not None and self._checks else {}

    def checks(self, dataset: Dataset) -> Future[list[Finding]]:
        """The checks' findings on ``dataset`` as it is now (reasoned and derived)."""
        if self._pool is None or not self._checks:
            return _done(check_dataset(dataset, self._checks))
        now = _fingerprints(dataset)
        changed = {
            identifier: list(dataset.graph(identifier))
            for identifier, fingerprint in now.items()
            if fingerprint != self._sent.get(identifier)
        }
        gone = [identifier for identifier in self._sent if identifier not in now]
        return self._pool.submit(_check_kept, changed, gone, self._checks)


@contextmanager
def validation_beside(dataset: Dataset, shapes: Path, checks: Sequence[Check]) -> Iterator[Beside]:
    """Start validating ``dataset`` (asserted, not yet reasoned) beside this process."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield Beside(dataset, shapes, checks, None)
        return
    pool = ProcessPoolExecutor(
        1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        # a signal handler raising inside fork's callbacks is swallowed ("Exception
        # ignored"): hold Ctrl-C and SIGTERM while the worker starts (it unblocks them)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            beside = Beside(dataset, shapes, checks, pool)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        yield beside
    except (KeyboardInterrupt, SystemExit, Interrupted):
        _kill_workers(pool)  # interrupted: do not wait for the shapes' verdict
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _die_with_parent(parent: int) -> None:
    """In the worker: be killed when the build process dies, even by SIGKILL.

    :func:`htkg.processes.die_with_parent`; the worker ignores Ctrl-C (the build
    itself reports it and stops the worker) and dies at once on SIGTERM.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    die_with_parent(parent)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with suppress(OSError, ValueError):
            process.kill()
            process.join(2)


def _validate_and_keep(dataset: Dataset, shapes: Path, checks: Sequence[Check]) -> ValidationReport:
    """In the worker: validate, keep the data, parse the checks while the parent reasons."""
    global _kept
    _kept = dataset
    report = validate(dataset, shapes)
    with suppress(InputError):  # reported when the check runs, after the shapes' verdict
        compile_checks(checks)
    return report


def _check_kept(
    changed: dict[IdentifiedNode, list[Triple]],
    gone: Sequence[IdentifiedNode],
    checks: Sequence[Check],
) -> list[Finding]:
    """In the worker: bring the kept data up to the parent's, then run the checks."""
    assert _kept is not None, "the worker validated nothing"
    for identifier in [*gone, *changed]:
        _kept.remove_graph(identifier)
    for identifier, triples in changed.items():
        graph = _kept.graph(identifier)
        graph.addN((s, p, o, graph) for s, p, o in triples)
    return check_dataset(_kept, checks)


def _fingerprints(dataset: Dataset) -> dict[IdentifiedNode, int]:
    """A hash of each graph's triples (~15 ms for the article), to see what changed since."""
    return {graph.identifier: hash(frozenset(graph)) for graph in dataset.graphs()}


def _done(value: T) -> Future[T]:
    done: Future[T] = Future()
    done.set_result(value)
    return done

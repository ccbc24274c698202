"""The main job: load → validate → reason → write ``build/`` atomically.

``build/`` holds ``htkg.trig`` (every named graph: ontology, one per source
document, inferred) and ``summary.json``. It is replaced as a whole only when
everything succeeded, so a failed build leaves the previous output intact.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Dataset
from rdflib.namespace import RDF

from htkg.audit import add_audit_graph
from htkg.errors import OutputError, ValidationFailed
from htkg.load import load_asserted
from htkg.namespaces import HTKG, INFERRED_GRAPH, ONTOLOGY_GRAPH
from htkg.network import build_network
from htkg.paths import CACHE_NAME, EXPLORER_NAME, SUMMARY_NAME, TRIG_NAME, ProjectPaths
from htkg.reason import reason
from htkg.render import render
from htkg.stores.base import Store
from htkg.validate import validate

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

    def lines(self) -> list[str]:
        total = sum(self.asserted_triples.values())
        out = [f"triples asserted: {total}"]
        out += [f"  {name}: {count}" for name, count in self.asserted_triples.items()]
        out.append(f"triples inferred: {self.inferred_triples}")
        out.append("entities per class:")
        width = max(map(len, self.entities_per_class), default=0)
        out += [f"  {name:<{width}}  {n}" for name, n in self.entities_per_class.items()]
        out.append(self.validation)
        out.append(f"time: {self.seconds:.1f} s")
        return out


#: ``--reasoner`` choices: the OWL 2 RL rules the ontology uses, run as SPARQL in
#: an in-memory Oxigraph (htkg.rules; the default: tested to give owlrl's inferences
#: for every htkg term, about 1 s instead of 8), or owlrl (all of OWL 2 RL).
REASONERS = ("rules", "owlrl")
DEFAULT_REASONER = "rules"


def run_build(
    paths: ProjectPaths,
    progress: Callable[[str], None] = lambda _: None,
    reasoner: str = DEFAULT_REASONER,
) -> Dataset:
    """Load, validate, reason and return the full dataset (nothing written)."""
    dataset, _summary = _build(paths, progress, reasoner)
    return dataset


def _build(
    paths: ProjectPaths, progress: Callable[[str], None], reasoner: str = DEFAULT_REASONER
) -> tuple[Dataset, BuildSummary]:
    started = time.perf_counter()
    progress("loading ontology and data")
    dataset = load_asserted(paths.ontology, paths.data)
    progress("validating against the SHACL shapes")
    report = validate(dataset, paths.shapes)
    if not report.conforms:
        first = report.violations[0] if report.violations else "see the shapes report"
        raise ValidationFailed(
            f"{paths.data}: {len(report.violations)} SHACL violation(s); first: {first}"
        )
    asserted = {str(g.identifier): len(g) for g in _sorted_graphs(dataset)}
    progress(f"reasoning (OWL 2 RL, {reasoner})")
    if reasoner == "rules":
        from htkg import rules  # pyoxigraph is imported only when asked for

        result = rules.reason(dataset)
    else:
        result = reason(dataset)
    if result.errors:
        raise ValidationFailed(f"{paths.data}: inconsistent under OWL 2 RL: {result.errors[0]}")
    progress("auditing the figures")
    add_audit_graph(dataset)
    summary = BuildSummary(
        asserted_triples=asserted,
        inferred_triples=result.inferred_triples,
        entities_per_class=count_entities(dataset),
        validation=report.summary(),
        seconds=round(time.perf_counter() - started, 2),
    )
    return dataset, summary


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
) -> BuildSummary:
    """Run the whole build and replace ``build/`` only if every step succeeded.

    With a ``store`` (``--store``), its content is replaced by the build first.
    """
    dataset, summary = _build(paths, progress, reasoner)
    if store is not None:
        progress(f"loading into {store.spec}")
        store.replace(dataset)
    progress(f"writing {paths.build}")
    write_build(dataset, summary, paths.build)
    return summary


def write_build(dataset: Dataset, summary: BuildSummary, target: Path) -> None:
    """Write the build into a fresh directory, then swap it in with renames."""
    parent = target.parent
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=parent))
        staging.chmod(0o755)  # mkdtemp makes it private; build/ is for everyone to read
    except OSError as err:
        raise OutputError(f"{target}: cannot write build output: {err.strerror}") from None
    try:
        dataset.serialize(staging / TRIG_NAME, format="trig")
        (staging / SUMMARY_NAME).write_text(
            json.dumps(asdict(summary), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (staging / EXPLORER_NAME).write_text(render(build_network(dataset)), encoding="utf-8")
        write_cache(dataset, staging / CACHE_NAME)
        swap_directory(staging, target)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"{target}: cannot write build output: {err.strerror}") from None


def write_cache(dataset: Dataset, path: Path) -> None:
    """The dataset pickled, tagged with the versions that wrote it (see htkg.dataset)."""
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
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)

"""htkg: a policy article as a knowledge graph people can question and explore.

The package is laid out by stage; layers import downwards only (checked by the
import-linter contract in pyproject.toml)::

    cli/         the ``htkg`` command: shared options, one module per subcommand
    output/      tables, trace text, RDF and network formats, the explorer page
    network/     the argument as a network: trace, loops, leverage, what-if
    queries/     the competency-question catalogue, parameters, running
    audit/       the article's derived figures recomputed
    literature/  other documents: the YAML authoring format, reconciliation
    pipeline/    sources → validate → build → the built dataset
    reasoning/   OWL 2 RL: the rules as data, their schedule and engines; owlrl
    stores/      memory, Oxigraph, SPARQL endpoints
    rdf/         namespaces and graph IRIs, labels, CURIEs, term resolution

At the top: :mod:`htkg.workflow` (the full build composed), :mod:`htkg.errors`
(exit codes), :mod:`htkg.paths` and :mod:`htkg.files` (atomic writes).

``load`` is the entry point for Python users:

>>> import htkg
>>> ds = htkg.load(reasoned=False)   # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Dataset

    from htkg.paths import ProjectPaths

__all__ = ["load"]
__version__ = "0.1.0"


def load(reasoned: bool = True, paths: ProjectPaths | None = None) -> Dataset:
    """The knowledge graph as an rdflib Dataset (see :func:`htkg.workflow.load`)."""
    from htkg.workflow import load as load_dataset  # the build machinery only when asked

    return load_dataset(reasoned=reasoned, paths=paths)

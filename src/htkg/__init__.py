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
(exit codes), :mod:`htkg.paths`, :mod:`htkg.files` (atomic writes) and
:mod:`htkg.processes` (child processes that die with their parent).

``load`` is the entry point for Python users; ``query_df`` answers a competency
question as a pandas DataFrame (``pip install 'htkg[analysis]'``):

>>> import htkg
>>> ds = htkg.load(reasoned=False)   # doctest: +SKIP
>>> htkg.query_df("cq10")            # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Dataset

    from htkg.paths import ProjectPaths

__all__ = ["load", "query_df"]
__version__ = "0.1.0"


def load(reasoned: bool = True, paths: ProjectPaths | None = None) -> Dataset:
    """The knowledge graph as an rdflib Dataset (see :func:`htkg.workflow.load`)."""
    from htkg.workflow import load as load_dataset  # the build machinery only when asked

    return load_dataset(reasoned=reasoned, paths=paths)


def query_df(
    name_or_sparql: str,
    *,
    lang: str = "en",
    labels: bool = True,
    dataset: Dataset | None = None,
    paths: ProjectPaths | None = None,
    limit: int | None = None,
    offset: int = 0,
    **params: str,
) -> pd.DataFrame:
    """A competency question (name, unique prefix, ``.rq`` file) or SPARQL text as a DataFrame.

    The columns are the CLI's (``htkg query NAME --format csv``): identifier
    columns as CURIEs, other IRIs by their label in ``lang`` (every IRI as its
    CURIE with ``labels=False``); numbers are numbers. ``params`` bind the
    query's declared parameters (``economy="kg:india"``). ``dataset`` defaults
    to the reasoned build (:func:`load`). ``limit``/``offset``: one page of the
    answer, as ``htkg query --limit/--offset`` gives it.
    """
    from htkg.output.frames import query_frame, select_query
    from htkg.paths import ProjectPaths as _Paths

    paths = paths or _Paths.discover()
    query = select_query(name_or_sparql, paths.queries)
    if dataset is None:
        dataset = load(reasoned=True, paths=paths)
    return query_frame(dataset, query, params, lang=lang, labels=labels, limit=limit, offset=offset)

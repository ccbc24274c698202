"""The ontology and data are consistent under a DL reasoner (HermiT).

OWL 2 RL (owlrl) is sound but incomplete; HermiT decides OWL 2 DL in full. The
HermiT jar ships inside the owlready2 package (a test dependency) and is run
directly on an N-Triples merge of ontology and data. It needs Java: ``.ci/run``
installs it; elsewhere the tests are skipped with the command that installs it.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from htkg.pipeline.validate import data_graph
from htkg.rdf.namespaces import HTKG, KG, ONTOLOGY_GRAPH, document_graph

pytestmark = pytest.mark.slow


def _hermit_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        message = "HermiT needs Java: apt-get install -y default-jre-headless"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    owlready2 = pytest.importorskip("owlready2")
    hermit = Path(owlready2.__file__).parent / "hermit"
    classpath = f"{hermit}{os.pathsep}{hermit / 'HermiT.jar'}"
    return [java, "-Xmx1g", "-cp", classpath, "org.semanticweb.HermiT.cli.CommandLine"]


def _merged(dataset: Dataset, directory: Path) -> Path:
    merged = Graph()
    for triple in dataset.graph(ONTOLOGY_GRAPH):
        merged.add(triple)
    for triple in data_graph(dataset):
        merged.add(triple)
    path = directory / "htkg-merged.nt"
    merged.serialize(path, format="nt", encoding="utf-8")
    return path


def _hermit(args: list[str], path: Path) -> str:
    done = subprocess.run(
        [*_hermit_command(), *args, path.as_uri()],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    return done.stdout + done.stderr


def test_ontology_and_data_are_consistent_under_hermit(asserted: Dataset, tmp_path: Path) -> None:
    output = _hermit(["-k"], _merged(asserted, tmp_path))
    assert "owl#Thing is satisfiable" in output, output[-2000:]


def test_no_class_is_unsatisfiable(asserted: Dataset, tmp_path: Path) -> None:
    output = _hermit(["-U"], _merged(asserted, tmp_path))
    assert "Exception" not in output, output[-2000:]
    unsatisfiable = [line for line in output.splitlines() if "htkg" in line]
    assert unsatisfiable == []


def test_hermit_detects_an_inconsistency(asserted: Dataset, tmp_path: Path) -> None:
    """The check can fail: a constraint factor typed as a countermeasure breaks disjointness."""
    broken = copy.deepcopy(asserted)
    broken.graph(document_graph("article")).add(
        (KG["core-technology-dependence"], RDF.type, HTKG.Countermeasure)
    )
    output = _hermit(["-k"], _merged(broken, tmp_path))
    assert "owl#Thing is satisfiable" not in output

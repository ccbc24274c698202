"""Property-based: arbitrary input never gives a traceback or a write outside the project.

The YAML compiler, term resolution and ``--param`` parsing take what people
type. Whatever hypothesis generates, each either succeeds or raises
:class:`~htkg.errors.HtkgError` (one line for the CLI), and nothing is
written outside the project. Examples are few (the suite stays fast); a
failing one is printed by hypothesis for a bad-input case.
"""

from __future__ import annotations

import copy
import functools
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, URIRef

from htkg.cli.main import main
from htkg.errors import HtkgError
from htkg.literature.compiler import compile_document
from htkg.literature.index import build_index
from htkg.literature.yaml_reader import read_authoring
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import load_asserted
from htkg.queries.catalogue import Param, QueryFile, bind
from htkg.rdf.terms import resolve

ROOT = Path(__file__).resolve().parents[1]
#: examples per property: few by default (fast); HTKG_HYPOTHESIS_EXAMPLES=1000 to search harder
EXAMPLES = int(os.environ.get("HTKG_HYPOTHESIS_EXAMPLES", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXAMPLE = yaml.safe_load((ROOT / "docs" / "examples" / "example-commentary.yaml").read_text())
#: the field names authoring files use, so generated documents get past the first checks
KEYS = sorted(
    {"document", "slug", "label", "zh", "en", "claims", "causal_links", "cause", "effect",
     "quote", "gloss", "entities", "id", "kind", "date", "section", "sections", "polarity",
     "mode", "wikidata", "observations", "value", "unit", "period", "text_available",
     "htkg-authoring", "fact_sheet", "path", "note"}
)  # fmt: skip


@functools.cache
def _asserted() -> Dataset:
    paths = ProjectPaths(ROOT)
    return load_asserted(paths.ontology, paths.data)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(max_size=20), st.sampled_from(["kg:china", "Q148", "iso:US", "2022-10-07", "../x"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mutated_example(draw: st.DrawFn) -> object:
    """The example authoring file with a few fields replaced, removed or added."""
    document = copy.deepcopy(EXAMPLE)
    for _ in range(draw(st.integers(1, 4))):
        node = document
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            key = draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
            if not isinstance(node[key], dict | list):
                break
            node = node[key]
        if isinstance(node, dict):
            key = draw(st.sampled_from([*node, *KEYS]))
            if draw(st.booleans()) and key in node:
                del node[key]
            else:
                node[key] = draw(values)
        elif isinstance(node, list) and node:
            node[draw(st.integers(0, len(node) - 1))] = draw(values)
    return document


def _compile(tmp_path: Path, text: str) -> None:
    source = tmp_path / "doc.yaml"
    source.write_text(text, encoding="utf-8")
    try:
        compile_document(read_authoring(source), build_index(_asserted()))
    except HtkgError as err:
        # one line, or (issue 13: every problem in one run) "N problems:" then one per line
        lines = str(err).splitlines()
        assert len(lines) == 1 or lines[0].endswith("problems:"), str(err)
        assert all(line.strip() for line in lines) and "Traceback" not in str(err)


@SETTINGS
@given(document=mutated_example())
def test_the_compiler_takes_any_document(tmp_path: Path, document: object) -> None:
    _compile(tmp_path, yaml.safe_dump(document, allow_unicode=True))


@SETTINGS
@given(text=st.text(max_size=200))
def test_the_compiler_takes_any_text(tmp_path: Path, text: str) -> None:
    _compile(tmp_path, text)


@SETTINGS
@given(term=st.text(max_size=40) | st.sampled_from(["kg:", "<>", "kg:china", "htkg:", "贸易"]))
def test_resolving_any_term_gives_an_iri_or_one_line(term: str) -> None:
    try:
        assert isinstance(resolve(_asserted(), term), URIRef)
    except HtkgError as err:
        assert "\n" not in str(err)


QUERY = QueryFile(
    "q", None, "SELECT * {}",
    params=(Param("e", "an entity", "IRI"), Param("n", "a number", "number"),
            Param("t", "a text", "literal", '"x"')),
)  # fmt: skip


@SETTINGS
@given(
    given_values=st.dictionaries(
        st.sampled_from(["e", "n", "t", "x"]), st.text(max_size=30), min_size=1, max_size=3
    )
)
def test_binding_any_parameter_gives_a_term_or_one_line(given_values: dict[str, str]) -> None:
    try:
        bind(QUERY, given_values, _asserted())
    except HtkgError as err:
        assert "\n" not in str(err)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("params") / "project"
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    return root


def _listing(directory: Path) -> set[str]:
    return {str(p.relative_to(directory)) for p in directory.rglob("*")}


@settings(SETTINGS, max_examples=max(EXAMPLES * 5 // 8, 1))
@given(pair=st.text(max_size=40).filter(lambda s: not s.startswith("-")))
def test_any_param_on_the_command_line_is_an_answer_or_one_line(
    pair: str, project: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(project)
    monkeypatch.delenv("HTKG_ROOT", raising=False)
    around = _listing(project.parent)
    code = main(["query", "cq16", "--param", pair, "--format", "csv"])
    err = capsys.readouterr().err
    assert code in (0, 2) and "Traceback" not in err
    assert len(err.strip().splitlines()) == (0 if code == 0 else 1), err
    assert _listing(project.parent) == around  # nothing written, in or beside the project

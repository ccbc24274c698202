"""Shared fixtures: the project paths, the source text, the built datasets.

The article's text is read from ``$HTKG_SOURCE`` or ``../shared/source/article_zh.txt``.
A missing source fails the tests that need it (never skips them): the quotes
can only be trusted if they were checked.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Dataset
from tests.servers import endpoint, oxigraph_server, virtuoso  # noqa: F401 (fixtures)

from htkg.paths import ProjectPaths
from htkg.pipeline.quotes import read_source
from htkg.pipeline.sources import load_asserted
from htkg.workflow import run_build

ROOT = Path(__file__).resolve().parents[1]

# Builds of project copies in temporary directories look for the article beside
# them; point them at this checkout's text so `htkg build` checks their quotes.
if not os.environ.get("HTKG_SOURCE") and ProjectPaths(ROOT).source_text.is_file():
    os.environ["HTKG_SOURCE"] = str(ProjectPaths(ROOT).source_text)


@pytest.fixture(scope="session")
def paths() -> ProjectPaths:
    return ProjectPaths(ROOT)


@pytest.fixture(scope="session")
def source_text(paths: ProjectPaths) -> str:
    path = paths.source_text
    if not path.is_file():
        pytest.fail(
            f"article text not found at {path}: set HTKG_SOURCE to article_zh.txt "
            "(the quote checks cannot be skipped)"
        )
    return read_source(path)


@pytest.fixture(scope="session")
def asserted(paths: ProjectPaths) -> Dataset:
    """Ontology + data as loaded, before reasoning."""
    return load_asserted(paths.ontology, paths.data)


@pytest.fixture(scope="session")
def reasoned(paths: ProjectPaths) -> Dataset:
    """The validated, reasoned dataset (default reasoner), built in memory once per session."""
    return run_build(paths)


@pytest.fixture(scope="session")
def owlrl_reasoned(paths: ProjectPaths) -> Dataset:
    """The same, reasoned by owlrl (all of OWL 2 RL): what the rules are checked against."""
    return run_build(paths, reasoner="owlrl")


@pytest.fixture()
def project_copy(tmp_path: Path, paths: ProjectPaths) -> ProjectPaths:
    """A throw-away copy of ontology/ and data/ for tests that break or build things."""
    for name in ("ontology", "data", "queries"):
        if (paths.root / name).is_dir():
            shutil.copytree(paths.root / name, tmp_path / name)
    return ProjectPaths(tmp_path)


@pytest.fixture()
def working_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], ProjectPaths]:
    """Make a fresh copy of a session-prepared project the working directory.

    Session fixtures build or prepare a project once; each test then works on its
    own copy (``working_copy(template)``), so what one test breaks no other sees.
    """

    def make(template: Path) -> ProjectPaths:
        root = tmp_path / "project"
        shutil.copytree(template, root)
        monkeypatch.chdir(root)
        monkeypatch.delenv("HTKG_ROOT", raising=False)
        return ProjectPaths(root)

    return make


#: A fictitious second document (tests/data/second-document/README.md): it restates one
#: article link and states another with the opposite polarity.
SECOND_DOCUMENT = ROOT / "tests" / "data" / "second-document" / "second-commentary.yaml"


@pytest.fixture(scope="session")
def two_documents_project(tmp_path_factory: pytest.TempPathFactory, paths: ProjectPaths):
    """A project copy (ontology/, data/, queries/) with the second document compiled into
    ``data/literature/second-commentary.ttl`` by ``htkg add``; not built. Session-scoped:
    copy it (``working_copy``) before changing it."""
    from htkg.literature.add import add_document

    root = tmp_path_factory.mktemp("two-documents")
    for name in ("ontology", "data", "queries"):
        shutil.copytree(paths.root / name, root / name)
    project = ProjectPaths(root)
    add_document(SECOND_DOCUMENT, project)
    return project


@pytest.fixture(scope="session")
def two_documents(two_documents_project: ProjectPaths) -> Dataset:
    """The article, the BIS document and the second document, validated and reasoned."""
    return run_build(two_documents_project)

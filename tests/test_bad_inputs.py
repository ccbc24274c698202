"""Every bad input in ``tests/bad_inputs/cases.yaml``: one line, its exit code, nothing written.

Each case runs ``htkg`` in-process (its stderr captured) in a fresh copy of a
project built once per session; see ``tests/bad_inputs/README.md`` for the
fields. A traceback, a second line, a different exit code or any changed file
fails the case.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from htkg.cli.main import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = yaml.safe_load((HERE / "bad_inputs" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad-inputs") / "project"
    for name in ("ontology", "data", "queries", "literature"):
        shutil.copytree(ROOT / name, root / name)
    previous = Path.cwd()
    os.chdir(root)
    try:
        assert main(["build", "--quiet"]) == 0
    finally:
        os.chdir(previous)
    return root


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def _prepare(case: dict, project: Path) -> None:
    for name, content in (case.get("files") or {}).items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    for name in case.get("remove") or ():
        (project / name).unlink()
    if case.get("edit"):
        edit = case["edit"]
        path = project / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert text.count(edit["old"]) == 1, f"{edit['file']}: the text to edit is not there once"
        path.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")


def test_the_suite_is_big_enough() -> None:
    assert len(CASES) >= 60
    assert len({case["id"] for case in CASES}) == len(CASES), "case ids are unique"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_bad_input(
    case: dict, built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    _prepare(case, project)
    monkeypatch.delenv("HTKG_ROOT", raising=False)
    for name, value in (case.get("env") or {}).items():
        monkeypatch.setenv(name, value)
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside if case.get("cwd") == "outside" else project)
    before = _snapshot(project)
    try:
        code = main([str(a) for a in case["args"]])
    except SystemExit as stop:  # argparse's usage errors
        code = stop.code
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    assert code == case["exit"], err
    assert case["message"] in err, err
    assert len(lines) == case.get("lines", 1), err
    if not case.get("writes"):
        assert _snapshot(project) == before, "a failed command changed the project"
    assert list(outside.iterdir()) == []

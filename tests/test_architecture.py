"""The package's shape: layers import downwards only, and the types check (mypy).

The layers (``cli → output → network | queries | audit | literature →
pipeline → reasoning → stores → rdf``) are an import-linter contract in
pyproject.toml; a module that imports upwards breaks it and this test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN))
    if found is None:
        pytest.fail(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'")
    return found


def test_layers_import_downwards_only() -> None:
    run = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def test_every_subpackage_says_its_job() -> None:
    package = ROOT / "src" / "htkg"
    for init in sorted(package.glob("*/__init__.py")):
        text = init.read_text(encoding="utf-8").lstrip()
        assert text.startswith('"""') and len(text.split('"""')[1].strip()) > 20, init


def test_the_package_type_checks() -> None:
    """mypy on src/ (configured in pyproject.toml): the package ships py.typed."""
    run = subprocess.run(
        [_tool("mypy"), "--no-incremental"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "Success: no issues found" in run.stdout

"""The README's Quickstart is what CI runs: exactly two commands, the second in .ci/run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _quickstart_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Quickstart$(.*?)(?=^## )", text, re.M | re.S)
    assert section, "README has no '## Quickstart' section"
    return [b.strip() for b in re.findall(r"```[a-z]*\n(.*?)```", section.group(1), re.S)]


def test_quickstart_has_exactly_two_commands() -> None:
    blocks = _quickstart_blocks()
    assert len(blocks) == 2
    assert all(len(block.splitlines()) == 1 for block in blocks)
    assert "htkg build" in blocks[0]
    assert "pytest" in blocks[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _quickstart_blocks()[1] in ci.splitlines()

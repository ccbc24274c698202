"""No subprocess in the package runs through a shell (a quoting mistake there is a hole).

Every ``.py`` under ``src/htkg`` is parsed with :mod:`ast`; ``shell=True``,
``os.system``, ``os.popen``, ``subprocess.getoutput`` / ``getstatusoutput`` and
``asyncio.create_subprocess_shell`` fail the test. The checker is tested on
snippets first, so a checker that finds nothing fails too.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "htkg"
#: module → functions that always go through a shell
SHELL_FUNCTIONS = {
    "os": {"system", "popen"},
    "subprocess": {"getoutput", "getstatusoutput"},
    "asyncio": {"create_subprocess_shell"},
}


def shell_uses(source: str) -> list[int]:
    """The line numbers in ``source`` that run something through a shell."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and any(
            alias.name in SHELL_FUNCTIONS.get(node.module or "", ()) for alias in node.names
        ):
            found.append(node.lineno)
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if (
            isinstance(function, ast.Attribute)
            and isinstance(function.value, ast.Name)
            and function.attr in SHELL_FUNCTIONS.get(function.value.id, ())
        ):
            found.append(node.lineno)
        for keyword in node.keywords:
            shell_off = isinstance(keyword.value, ast.Constant) and not keyword.value.value
            if keyword.arg == "shell" and not shell_off:
                found.append(node.lineno)
    return sorted(found)


def test_the_checker_finds_each_form() -> None:
    snippet = """import os, subprocess, asyncio
from os import system
subprocess.run("ls", shell=True)
subprocess.Popen(["ls"], shell=flag)
os.system("ls")
os.popen("ls")
subprocess.getoutput("ls")
subprocess.getstatusoutput("ls")
asyncio.create_subprocess_shell("ls")
"""
    assert shell_uses(snippet) == [2, 3, 4, 5, 6, 7, 8, 9]
    safe = """import os, subprocess
subprocess.run(["ls", "-l"], shell=False, check=True)
subprocess.Popen(["ls"])
os.execv("/bin/ls", ["ls"])
os.path.join("a", "b")
"""
    assert shell_uses(safe) == []


def test_no_subprocess_in_the_package_runs_through_a_shell() -> None:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 50  # the package, not an empty directory
    offending = {
        str(path.relative_to(SRC)): lines
        for path in files
        if (lines := shell_uses(path.read_text(encoding="utf-8")))
    }
    assert offending == {}

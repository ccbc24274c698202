"""The command line as a whole: lazy imports, shared options, exit codes.

A command imports only its own module (``htkg query`` must not pay for networkx
or pyvis), and the options several commands share are spelled the same
everywhere because they come from one parent parser each (``htkg.cli.options``).
The exit codes have one source, ``htkg.errors.ExitCode``: ``htkg --help`` prints
it and the README's table must say the same.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from htkg.cli.main import COMMAND_MODULES, make_parser
from htkg.errors import ExitCode


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _option(parser: argparse.ArgumentParser, flag: str) -> argparse.Action | None:
    return next((a for a in parser._actions if flag in a.option_strings), None)


@pytest.mark.parametrize("command", ["query", "trace", "build"])
def test_a_command_imports_only_its_own_module(command: str) -> None:
    probe = (
        "import json, sys\n"
        "from htkg.cli.main import make_parser\n"
        f"make_parser({command!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = set(json.loads(run.stdout))
    commands = {m for m in modules if m in COMMAND_MODULES}
    assert commands == {f"htkg.cli.{command}"}
    assert not modules & {"networkx", "pyvis"}


def test_lang_is_the_same_option_everywhere() -> None:
    commands = _subcommands(make_parser())
    langs = {name: _option(p, "--lang") for name, p in commands.items()}
    taking = {name for name, action in langs.items() if action is not None}
    assert taking >= {"query", "link", "trace", "audit", "loops", "leverage", "whatif", "network"}
    for name in taking:
        action = langs[name]
        assert action is not None and tuple(action.choices or ()) == ("en", "zh"), name
        assert action.default == "en", name


def test_report_commands_share_their_formats() -> None:
    commands = _subcommands(make_parser())
    # a workbook (--format xlsx -o FILE) for the reports analysts open in a spreadsheet
    for name, xlsx in [(n, ("xlsx",)) for n in ("trace", "audit", "loops", "leverage")] + [
        ("whatif", ())
    ]:
        action = _option(commands[name], "--format")
        assert action is not None, name
        assert tuple(action.choices or ()) == ("text", "json", "md", *xlsx), name
        assert action.default == "text", name
    for name, xlsx in (("query", ("xlsx",)), ("link", ())):
        action = _option(commands[name], "--format")
        assert action is not None and action.default == "table", name
        assert tuple(action.choices or ()) == ("table", "csv", "json", "md", *xlsx), name


def test_every_store_option_defaults_to_memory() -> None:
    commands = _subcommands(make_parser())
    stores = {n: _option(p, "--store") for n, p in commands.items() if _option(p, "--store")}
    assert set(stores) >= {"build", "export", "query", "trace", "serve"}
    assert all(a is not None and a.default == "memory" for a in stores.values())


def test_a_bad_choice_of_a_shared_option_is_a_usage_error(capsys) -> None:
    from htkg.cli.main import main

    with pytest.raises(SystemExit) as exited:
        main(["audit", "--lang", "fr"])
    assert exited.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def _readme_exit_codes() -> list[tuple[int, str]]:
    """The rows of the README's "Exit codes" table, as (code, meaning)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1]
    rows = []
    for line in section.lstrip().splitlines():
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0].isdigit():
            rows.append((int(cells[0]), cells[1]))
    return rows


def test_the_readme_exit_codes_are_exit_code() -> None:
    assert _readme_exit_codes() == [(int(code), code.meaning) for code in ExitCode]


def test_help_lists_every_exit_code(capsys) -> None:
    from htkg.cli.main import main

    with pytest.raises(SystemExit):
        main(["--help"])
    epilog = " ".join(capsys.readouterr().out.split("exit codes:", 1)[1].split())
    for code in ExitCode:
        assert f"{int(code)} {code.meaning}" in epilog

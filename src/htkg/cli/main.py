"""The ``htkg`` command: one entry point, one subcommand per pipeline step.

Each subcommand lives in ``htkg.cli.<name>`` and registers itself through
``register(subparsers)``. Domain errors (:class:`htkg.errors.HtkgError`) become
one line on stderr and the error's exit code; nothing else is caught, so a real
bug still shows its traceback. The exit codes and their meanings are
:class:`htkg.errors.ExitCode`; ``htkg --help`` lists them from there.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import textwrap
from collections.abc import Sequence

from htkg import __version__
from htkg.errors import ExitCode, HtkgError

#: Subcommand modules, in the order ``htkg --help`` lists them.
COMMAND_MODULES = (
    "htkg.cli.build",
    "htkg.cli.export",
    "htkg.cli.draft",
    "htkg.cli.add",
    "htkg.cli.link",
    "htkg.cli.find",
    "htkg.cli.describe",
    "htkg.cli.query",
    "htkg.cli.trace",
    "htkg.cli.audit",
    "htkg.cli.loops",
    "htkg.cli.leverage",
    "htkg.cli.whatif",
    "htkg.cli.network",
    "htkg.cli.serve",
    "htkg.cli.publish",
)


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(ExitCode.INPUT, f"{self.prog}: error: {message}\n")


def exit_codes_epilog(width: int = 79) -> str:
    """The exit-code table for ``htkg --help``, from :class:`ExitCode` (kept as lines)."""
    lines = ["exit codes:"]
    for code in ExitCode:
        lines += textwrap.wrap(
            code.meaning, width, initial_indent=f"  {code.value}  ", subsequent_indent="     "
        )
    return "\n".join(lines)


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; given the ``command`` about to run, only its module is imported.

    Importing every command module (networkx, pyvis, pySHACL …) costs half a
    second, more than a query takes: ``htkg query`` should not pay for them.
    """
    parser = _Parser(
        prog="htkg",
        description="The article on China's high-tech export constraints as a knowledge graph.",
        epilog=exit_codes_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"htkg {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    module = f"htkg.cli.{(command or '').replace('-', '_')}"
    wanted = [module] if module in COMMAND_MODULES else COMMAND_MODULES
    if command == "export-network":
        wanted = ["htkg.cli.network"]
    for name in wanted:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in arguments if not a.startswith("-")), None)
    parser = make_parser(command)
    args = parser.parse_args(arguments)
    try:
        return int(args.func(args) or ExitCode.OK)
    except HtkgError as err:
        print(f"htkg {args.command}: {err}", file=sys.stderr)
        return int(err.exit_code)
    except BrokenPipeError:
        return int(ExitCode.OK)


if __name__ == "__main__":
    sys.exit(main())

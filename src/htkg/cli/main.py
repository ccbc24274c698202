"""The ``htkg`` command: one entry point, one subcommand per pipeline step.

Each subcommand lives in ``htkg.cli.<name>`` and registers itself through
``register(subparsers)``. Domain errors (:class:`htkg.errors.HtkgError`) become
one line on stderr and the error's exit code; so do Ctrl-C (130), SIGTERM (143)
and standard output that cannot be written (a full disk, a closed pipe: 3).
Nothing else is caught, so a real bug still shows its traceback. The exit
codes and their meanings are :class:`htkg.errors.ExitCode`; ``htkg --help``
lists them from there.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from htkg import __version__, paths
from htkg.errors import ExitCode, HtkgError, Interrupted

#: the shell's convention: 128 + the signal's number
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM

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
    "htkg.cli.chart",
    "htkg.cli.report",
    "htkg.cli.publish_site",
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
    parser.add_argument(
        "--project",
        metavar="DIR",
        type=Path,
        help="the project to act on (default: the one holding the current directory)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    module = f"htkg.cli.{(command or '').replace('-', '_')}"
    wanted = [module] if module in COMMAND_MODULES else COMMAND_MODULES
    if command == "export-network":
        wanted = ["htkg.cli.network"]
    for name in wanted:
        importlib.import_module(name).register(subparsers)
    return parser


def _command(arguments: Sequence[str]) -> str | None:
    """The subcommand's name: the first word that is neither an option nor its value."""
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument == "--project":
            skip = True
        elif not argument.startswith("-"):
            return argument
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = _command(arguments)
    try:
        parser = make_parser(command)
        args = parser.parse_args(arguments)
    except KeyboardInterrupt:
        return _fail(command or "", "interrupted", EXIT_INTERRUPTED)
    with _terminate_as_exception():
        try:
            paths.choose_project(args.project)
            code = int(args.func(args) or ExitCode.OK)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            if _received:  # raised where Python swallows exceptions ("Exception ignored")
                return _fail(args.command, "terminated", 128 + _received[0])
            return code
        except HtkgError as err:
            return _fail(args.command, str(err), err.exit_code)
        except OSError as err:
            if not _is_stdout_error(err):
                raise
            _silence_stdout()
            return _fail(args.command, f"cannot write to standard output: {err.strerror}", 3)
        except KeyboardInterrupt:
            return _fail(args.command, "interrupted", EXIT_INTERRUPTED)
        except Interrupted as err:
            return _fail(args.command, "terminated", 128 + err.signum)
        finally:
            paths.choose_project(None)
            _settle_stdout()


def _fail(command: str, message: str, code: int) -> int:
    print(f"htkg {command}: {message}", file=sys.stderr)
    return int(code)


def _is_stdout_error(err: OSError) -> bool:
    """Whether ``err`` came from writing standard output (not from a file the command writes)."""
    return isinstance(err, BrokenPipeError) or (
        err.filename is None and err.errno is not None and err.errno in _STDOUT_ERRNOS
    )


_STDOUT_ERRNOS = {28, 32, 5, 27, 122}  # ENOSPC, EPIPE, EIO, EFBIG, EDQUOT


def _settle_stdout() -> None:
    """After a failure, what is still buffered must not fail again at exit (a traceback)."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _silence_stdout()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


#: SIGTERMs received during this command
_received: list[int] = []


@contextmanager
def _terminate_as_exception() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C (staging directories removed, workers stopped)."""

    def handler(signum: int, _frame: object) -> None:
        _received.append(signum)
        raise Interrupted(signum)

    _received.clear()

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())

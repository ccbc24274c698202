"""Domain errors and the exit codes the CLI maps them to.

A user mistake (a missing file, a Turtle syntax error, an unknown term) is an
``HtkgError``: the CLI prints its one-line message and exits with its code, never
with a traceback. :class:`ExitCode` is the one table of codes and their meanings:
``htkg --help`` prints it, and a test keeps the README's "Exit codes" table equal
to it.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, shared by every subcommand, each with what it means.

    >>> ExitCode.OUTPUT.meaning
    'an output file or directory cannot be written'
    """

    meaning: str

    def __new__(cls, code: int, meaning: str) -> ExitCode:
        member = int.__new__(cls, code)
        member._value_ = code
        member.meaning = meaning
        return member

    OK = 0, "success"
    FINDING = (
        1,
        "the data does not conform (SHACL violation, OWL inconsistency) or a check failed",
    )
    INPUT = (
        2,
        "bad usage or input: missing file, Turtle/SPARQL syntax error (with file, line and "
        "column), unknown name, term or parameter",
    )
    OUTPUT = 3, "an output file or directory cannot be written"
    STORE = 4, "a triple store or SPARQL endpoint is unreachable or refuses"


class HtkgError(Exception):
    """An error to report to the user in one line, with an exit code."""

    exit_code: ExitCode = ExitCode.INPUT

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(HtkgError):
    """A file, query, term or parameter the user gave cannot be used."""

    exit_code = ExitCode.INPUT


class ValidationFailed(HtkgError):
    """The data violates the SHACL shapes or is inconsistent."""

    exit_code = ExitCode.FINDING


class OutputError(HtkgError):
    """An output file or directory cannot be written."""

    exit_code = ExitCode.OUTPUT


class StoreError(HtkgError):
    """A store or SPARQL endpoint cannot be used."""

    exit_code = ExitCode.STORE


class Interrupted(BaseException):
    """The process was asked to stop (SIGTERM): unwinds like Ctrl-C, so clean-ups run.

    A BaseException, as KeyboardInterrupt is, so ``except Exception`` does not swallow it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(f"signal {signum}")
        self.signum = signum


def one_line(message: object) -> str:
    """Collapse a message (often a library's multi-line error) to one line.

    >>> one_line("bad   syntax ")
    'bad syntax'
    """
    return " ".join(str(message).split())

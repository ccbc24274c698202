"""Write output so that a failure never leaves a half-written file, and nothing is destroyed.

What ``-o PATH`` names decides how it is written:

- a regular file (or a new name): a temporary file beside it, renamed over it;
- a symbolic link: its target, replaced the same way, and the link kept;
- ``-``, a FIFO, a character device (``/dev/null``, a terminal) and anything
  under ``/dev`` or ``/proc`` (``/dev/stdout``): written through, never
  replaced (renaming over ``/dev/full`` as root would make it a regular file);
- a directory: refused.

Every failure is an :class:`~htkg.errors.OutputError` (exit 3) naming the path.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from htkg.errors import OutputError

#: paths written through even where they resolve to a regular file: /dev/stdout
#: is /proc/self/fd/1, which may be the very file the shell redirected to
_WRITE_THROUGH_DIRS = ("/dev/", "/proc/")


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` as its kind of file requires (see the module docstring)."""
    if str(path) == "-":
        _write_stdout(data)
        return
    path = Path(path)
    if str(path).startswith(_WRITE_THROUGH_DIRS):
        _write_through(path, data)
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path}: cannot write: it is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        _write_through(path, data)
        return
    _replace(path, target, data, None if mode is None else stat.S_IMODE(mode))


def atomic_write_text(path: Path | str, text: str) -> None:
    """Write UTF-8 text (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _replace(path: Path, target: Path, data: bytes, mode: int | None) -> None:
    """A temporary file beside ``target``, renamed over it (``path`` names it in errors)."""
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{path}: cannot write: directory {directory} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=directory)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644 if mode is None else mode)
        os.replace(temporary, target)
    except BaseException as err:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OutputError(f"{path}: cannot write: {err.strerror}") from None
        raise


def _write_through(path: Path, data: bytes) -> None:
    """Open and write (a FIFO, a device, /dev/stdout): there is nothing to replace."""
    try:
        with path.open("wb") as stream:
            stream.write(data)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror}") from None


def _write_stdout(data: bytes) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as err:
        raise OutputError(f"standard output: cannot write: {err.strerror}") from None

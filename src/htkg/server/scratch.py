"""The temporary store of ``htkg serve --store memory``, and the ones a killed serve left.

The build is loaded into ``$TMPDIR/htkg-serve-*`` and removed when serve stops.
A serve that was SIGKILLed (or lost its machine's power) cannot remove it, so
each directory holds a marker with its owner's PID, and the next serve removes
the directories whose owner is gone. A directory whose owner still runs (another
serve), one without a marker (being created, or not ours) and one of another
user are left alone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from htkg.processes import pid_alive

PREFIX = "htkg-serve-"
#: inside each temporary store: the PID of the serve that owns it
OWNER = "htkg-serve.pid"


def make_scratch() -> Path:
    """A new temporary directory for the served store, marked as this process's."""
    directory = Path(tempfile.mkdtemp(prefix=PREFIX))
    (directory / OWNER).write_text(f"{os.getpid()}\n", encoding="ascii")
    return directory


def owner(directory: Path) -> int | None:
    """The PID written in ``directory``'s marker, or None (no marker, unreadable)."""
    try:
        return int((directory / OWNER).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def remove_stale(where: Path | None = None) -> list[Path]:
    """Remove the temporary stores in ``where`` (the temp dir) whose serve is gone."""
    removed = []
    for directory in sorted(Path(where or tempfile.gettempdir()).glob(PREFIX + "*")):
        try:
            if directory.is_symlink() or not directory.is_dir():
                continue
            if directory.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        pid = owner(directory)
        if pid is None or pid_alive(pid):
            continue
        shutil.rmtree(directory, ignore_errors=True)
        if not directory.exists():
            removed.append(directory)
    return removed

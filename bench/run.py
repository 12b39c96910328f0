"""Benchmark: server time of a pole's pages with 10, then 1,000 generated poles in the base.

Run with `make bench` (or `.venv/bin/python bench/run.py`). It builds a throw-away SQLite
database in a temporary folder, generates 10 poles, times pages of the first pole in-process
(Django test client, no network), grows the base to 1,000 poles and times the same pages
again. A page should cost the same: the same number of queries, and a time that does not grow
with the other poles' rows.

* `directory`: the member directory (observer role), 50,000+ structures at 1,000 poles;
  results in bench/results/directory.json.
* `dashboards`: the mobilisation and execution dashboards and the attention list
  (coordinator role), on poles generated with their cooperative life: 200,000+ meetings and
  2,000,000+ attendance rows at 1,000 poles; results in bench/results/dashboards.json.
* `economics`: the economic model's dashboard (with and without a stress scenario), the
  funding lines and the annex of contributions in kind (coordinator role), on the five years
  of funding lines, volunteering and contributions in kind that `ptce generate` writes with
  the cooperative life; results in bench/results/economics.json.

* `network`: the cooperation graph's measures (`ptce_analytics.network`) on a national graph
  of 50,000 structures (1,000 poles of 50, seeded with numpy, no database): build time and
  each measure's time, betweenness from sampled sources, and the sampling's error against
  exact betweenness on a 2,000-structure graph; results in bench/results/network.json.

* `typology`: MCA + HCPC (`ptce_analytics.typology`) on synthetic 2,000, 20,000 and 50,000
  × 10 categorical tables, beside FactoMineR run on the same files where R has it (ratio,
  identical partitions, peak memory; see bench/typology_bench.py); no database; results in
  bench/results/typology.json.

`--only directory` generates the registry alone (much faster); every benchmark by default,
on one database generated with meetings (and the poles' economy). `--only network` needs no
database.
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
from collections.abc import Sequence
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SEED = 2014
POLE_SIZES = (10, 1000)
MEASURED_POLE = "gen-0001"
BENCHMARKS = ("directory", "dashboards", "economics", "network", "typology")
# URL names of the dashboard pages; a page whose URL does not exist yet is skipped, and said.
DASHBOARD_PAGES = ("dashboard-mobilisation", "dashboard-execution", "attention-list")
# Economics pages: result key → (URL name, query string).
ECONOMICS_PAGES = {
    "economics-dashboard": ("economics-dashboard", ""),
    "economics-dashboard-stress": ("economics-dashboard", "?scenario=public&baisse=20"),
    "funding-list": ("funding-list", ""),
    "in-kind-annex": ("in-kind-annex", ""),
}


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


def time_page(client, url: str, *, repeat: int, warmup: int) -> dict[str, float | int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
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


def _setup_django(workdir: Path) -> None:
    # Settings read DATABASE_URL at import: set it before Django starts.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["PTCE_DATA_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptce.settings")
    import django

    django.setup()


def _dashboard_urls() -> tuple[dict[str, str], list[str]]:
    """URL of each dashboard page of the measured pole, and the notes for missing pages."""
    from django.urls import NoReverseMatch, reverse

    urls, notes = {}, []
    for name in DASHBOARD_PAGES:
        try:
            urls[name] = reverse(name, args=[MEASURED_POLE])
        except NoReverseMatch:
            notes.append(f"page {name!r} skipped: no URL of that name (not written yet?)")
    return urls, notes


def _economics_urls() -> tuple[dict[str, str], list[str]]:
    """URL of each economics page of the measured pole, and the notes for missing pages."""
    from django.urls import NoReverseMatch, reverse

    urls, notes = {}, []
    for key, (name, query) in ECONOMICS_PAGES.items():
        try:
            urls[key] = reverse(name, args=[MEASURED_POLE]) + query
        except NoReverseMatch:
            notes.append(f"page {name!r} skipped: no URL of that name (not written yet?)")
    return urls, notes


def run(
    *, only: Sequence[str], repeat: int, warmup: int, dashboard_repeat: int, dashboard_warmup: int,
    workdir: Path, sizes: Sequence[int] = POLE_SIZES,
) -> dict[str, dict[str, object]]:
    """Run the selected benchmarks on one database; their results, by benchmark name."""
    _setup_django(workdir)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from ptce.demo.generate import generate
    from ptce.economics.models import FundingLine, InKindContribution, VolunteerTime
    from ptce.meetings.models import Attendance, Meeting
    from ptce.poles.models import Pole, Role, RoleAssignment
    from ptce.registry.models import Organisation

    bench_started = time.perf_counter()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate (with the official geography): {time.perf_counter() - started:.1f} s")

    # The poles' economy is generated with their cooperative life.
    with_meetings = "dashboards" in only or "economics" in only
    clients = {"directory": Client(), "dashboards": Client(), "economics": Client()}
    directory_url = reverse("directory", args=[MEASURED_POLE])
    dashboard_urls, notes = _dashboard_urls() if "dashboards" in only else ({}, [])
    economics_urls, economics_notes = _economics_urls() if "economics" in only else ({}, [])
    for note in notes + economics_notes:
        print(f"NOTE: {note}")
    rows: dict[str, list[dict[str, object]]] = {name: [] for name in only}
    generated: list[dict[str, object]] = []
    for size in sizes:
        report = generate(poles=size, seed=SEED, meetings=with_meetings)
        print(f"generate --poles {size}{'' if with_meetings else ' --no-meetings'}: "
              f"+{report.poles_created} poles, +{report.organisations_created} structures, "
              f"+{report.meetings_created} meetings, +{report.attendances_created} attendance "
              f"rows, +{report.economy.funding_lines} funding lines in {report.seconds:.1f} s")
        with scopes_disabled():
            if size == sizes[0]:
                pole = Pole.objects.get(slug=MEASURED_POLE)
                users = get_user_model().objects
                observer = users.create_user("bench-observer")
                coordinator = users.create_user("bench-coordinator")
                RoleAssignment.objects.create(user=observer, pole=pole, role=Role.OBSERVER)
                RoleAssignment.objects.create(user=coordinator, pole=pole, role=Role.COORDINATOR)
                clients["directory"].force_login(observer)
                clients["dashboards"].force_login(coordinator)
                clients["economics"].force_login(coordinator)
            base = {
                "poles": Pole.objects.count(),
                "organisations": Organisation.objects.count(),
                "organisations_in_pole": Organisation.objects.filter(
                    pole__slug=MEASURED_POLE).count(),
                "meetings": Meeting.objects.count(),
                "meetings_in_pole": Meeting.objects.filter(pole__slug=MEASURED_POLE).count(),
                "attendance": Attendance.objects.count(),
                "attendance_in_pole": Attendance.objects.filter(
                    pole__slug=MEASURED_POLE).count(),
            }
            if "economics" in only:
                for name, model in (("funding_lines", FundingLine),
                                    ("volunteer_times", VolunteerTime),
                                    ("in_kind", InKindContribution)):
                    base[name] = model.objects.count()
                    base[f"{name}_in_pole"] = model.objects.filter(
                        pole__slug=MEASURED_POLE).count()
        generated.append({**base, "generate_seconds": round(report.seconds, 2)})
        if "directory" in only:
            timing = time_page(clients["directory"], directory_url, repeat=repeat, warmup=warmup)
            rows["directory"].append({
                key: base[key] for key in ("poles", "organisations", "organisations_in_pole")
            } | {"generate_seconds": round(report.seconds, 2), **timing})
        if "dashboards" in only:
            pages = {}
            for name, url in dashboard_urls.items():
                pages[name] = time_page(
                    clients["dashboards"], url, repeat=dashboard_repeat, warmup=dashboard_warmup
                )
            rows["dashboards"].append({**base, "generate_seconds": round(report.seconds, 2),
                                       "pages": pages})
        if "economics" in only:
            if not base["funding_lines_in_pole"]:
                economics_notes.append(f"{size} poles: the measured pole has no funding line")
            pages = {
                key: time_page(clients["economics"], url, repeat=dashboard_repeat,
                               warmup=dashboard_warmup)
                for key, url in economics_urls.items()
            }
            rows["economics"].append({**base, "generate_seconds": round(report.seconds, 2),
                                      "pages": pages})
    total = round(time.perf_counter() - bench_started, 1)
    common = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": SEED,
        "machine": machine_info(),
        "bench_seconds": total,
    }
    results: dict[str, dict[str, object]] = {}
    if "directory" in only:
        small, large = rows["directory"]
        results["directory"] = {
            "benchmark": "member directory, first page (50 rows), observer role, in-process",
            **common,
            "with_meetings": with_meetings,
            "runs": rows["directory"],
            "ratio_median": round(large["median_ms"] / small["median_ms"], 3),
            "ratio_p90": round(large["p90_ms"] / small["p90_ms"], 3),
        }
    if "dashboards" in only:
        small, large = rows["dashboards"]
        results["dashboards"] = {
            "benchmark": "dashboards of one pole, coordinator role, in-process",
            **common,
            "generated": generated,
            "notes": notes,
            "runs": rows["dashboards"],
            "ratios": {
                name: {
                    "median": round(large["pages"][name]["median_ms"]
                                    / small["pages"][name]["median_ms"], 3),
                    "p90": round(large["pages"][name]["p90_ms"] / small["pages"][name]["p90_ms"],
                                 3),
                    "queries_small": small["pages"][name]["queries"],
                    "queries_large": large["pages"][name]["queries"],
                }
                for name in small["pages"]
            },
        }
    if "economics" in only:
        small, large = rows["economics"]
        results["economics"] = {
            "benchmark": "economic model pages of one pole, coordinator role, in-process",
            **common,
            "generated": generated,
            "notes": economics_notes,
            "pages": {key: f"{name}{query}" for key, (name, query) in ECONOMICS_PAGES.items()},
            "runs": rows["economics"],
            "ratios": {
                key: {
                    "median": round(large["pages"][key]["median_ms"]
                                    / small["pages"][key]["median_ms"], 3),
                    "p90": round(large["pages"][key]["p90_ms"] / small["pages"][key]["p90_ms"],
                                 3),
                    "queries_small": small["pages"][key]["queries"],
                    "queries_large": large["pages"][key]["queries"],
                }
                for key in small["pages"]
            },
        }
    return results


def _machine_line(result: dict[str, object]) -> str:
    machine = result["machine"]
    return (f"Machine: {machine['cores']} cores, {machine['cpu']}; Python {machine['python']}, "
            f"Django {machine['django']}, {machine['database']}; "
            f"load average {machine['load_average_1m']}")


def print_table(result: dict[str, object]) -> None:
    print()
    print("Member directory")
    print(_machine_line(result))
    header = (f"{'poles':>6} {'organisations':>14} {'queries/req':>12} {'median ms':>10} "
              f"{'p90 ms':>8}")
    print(header)
    print("-" * len(header))
    for row in result["runs"]:
        print(f"{row['poles']:>6} {row['organisations']:>14} {row['queries']:>12} "
              f"{row['median_ms']:>10.2f} {row['p90_ms']:>8.2f}")
    small, large = (row["poles"] for row in result["runs"])
    print(f"ratio {large}/{small}: median {result['ratio_median']:.2f}, "
          f"p90 {result['ratio_p90']:.2f}")


def print_dashboards(result: dict[str, object]) -> None:
    print()
    print("Dashboards")
    print(_machine_line(result))
    for note in result["notes"]:
        print(f"NOTE: {note}")
    small, large = result["runs"]
    print(f"base: {small['meetings']} then {large['meetings']} meetings, {small['attendance']} "
          f"then {large['attendance']} attendance rows; measured pole: "
          f"{large['meetings_in_pole']} meetings, {large['attendance_in_pole']} attendance rows")
    sizes = f"{small['poles']}/{large['poles']}"
    header = (f"{'page':<24} {'queries ' + sizes:>16} {'median ms ' + str(small['poles']):>13} "
              f"{'median ms ' + str(large['poles']):>15} {'ratio':>6} {'p90 ratio':>10}")
    print(header)
    print("-" * len(header))
    for name, ratio in result["ratios"].items():
        queries = f"{ratio['queries_small']}/{ratio['queries_large']}"
        print(f"{name:<24} {queries:>16} {small['pages'][name]['median_ms']:>13.2f} "
              f"{large['pages'][name]['median_ms']:>15.2f} {ratio['median']:>6.2f} "
              f"{ratio['p90']:>10.2f}")
    if not result["ratios"]:
        print("(no dashboard page to measure)")


def print_economics(result: dict[str, object]) -> None:
    print()
    print("Economic model")
    print(_machine_line(result))
    for note in result["notes"]:
        print(f"NOTE: {note}")
    small, large = result["runs"]
    print(f"base: {small['funding_lines']} then {large['funding_lines']} funding lines; "
          f"measured pole: {large['funding_lines_in_pole']} funding lines, "
          f"{large['volunteer_times_in_pole']} volunteering rows, {large['in_kind_in_pole']} "
          f"contributions in kind")
    sizes = f"{small['poles']}/{large['poles']}"
    header = (f"{'page':<28} {'queries ' + sizes:>16} {'median ms ' + str(small['poles']):>13} "
              f"{'median ms ' + str(large['poles']):>15} {'ratio':>6} {'p90 ratio':>10}")
    print(header)
    print("-" * len(header))
    for key, ratio in result["ratios"].items():
        queries = f"{ratio['queries_small']}/{ratio['queries_large']}"
        print(f"{key:<28} {queries:>16} {small['pages'][key]['median_ms']:>13.2f} "
              f"{large['pages'][key]['median_ms']:>15.2f} {ratio['median']:>6.2f} "
              f"{ratio['p90']:>10.2f}")
    if not result["ratios"]:
        print("(no economics page to measure)")


# --- network: the cooperation graph's measures at national scale (no database) -----------------

NETWORK_POLES = 1000
NETWORK_STRUCTURES_PER_POLE = 50
# Betweenness from k sampled sources (Brandes & Pich 2007) on the national graph; the error of
# each k of NETWORK_ERROR_KS is measured against the exact value on NETWORK_ERROR_POLES poles.
NETWORK_K = 100
NETWORK_ERROR_KS = (50, 100)
NETWORK_ERROR_POLES = 40
NETWORK_WINDOW = ("2024-01-01", "2024-12-31")
NETWORK_PREVIOUS_WINDOW = ("2023-01-01", "2023-12-31")


def national_graph_tables(poles: int, per_pole: int, seed: int):
    """The `nodes` and `ties` tables of `poles` generated poles of `per_pole` structures.

    Per pole: 10 projects of 2-5 partners, 4 poolings of 3-8 participants, 3 working groups
    of 4-8 members (undated: windowed upstream) and 12 meetings of 4-12 structures over
    2023-2024; members are drawn with Pareto weights, so each pole has a few central
    structures, as real poles do. Across poles: 2 projects per pole of 2-3 structures drawn
    nationally. Families and NAF sections are drawn at random.
    """
    import numpy as np
    import pandas as pd

    from ptce_analytics import network

    rng = np.random.default_rng(seed)
    n = poles * per_pole
    families = np.array([*network.FAMILIES[:4], None], dtype=object)
    nodes = pd.DataFrame({
        "node_id": np.arange(n),
        "family": rng.choice(families, n, p=[0.45, 0.2, 0.15, 0.1, 0.1]),
        "naf_section": rng.choice(list("ACGIMNPQRS"), n),
    })
    sources: list[str] = []
    groups: list[int] = []
    members: list[int] = []
    dates: list[object] = []
    first_day = np.datetime64("2023-01-01")

    def add(source: str, group: int, chosen, day) -> None:
        sources.extend([source] * len(chosen))
        groups.extend([group] * len(chosen))
        members.extend(chosen.tolist())
        dates.extend([day] * len(chosen))

    group = 0
    for pole in range(poles):
        base = pole * per_pole
        weights = rng.pareto(1.5, per_pole) + 1
        weights /= weights.sum()
        for source, count, low, high in (("project", 10, 2, 5), ("pooling", 4, 3, 8),
                                         ("working_group", 3, 4, 8), ("meeting", 12, 4, 12)):
            for _ in range(count):
                group += 1
                size = int(rng.integers(low, high + 1))
                chosen = base + rng.choice(per_pole, size, replace=False, p=weights)
                day = first_day + int(rng.integers(0, 730)) if source == "meeting" else None
                add(source, group, chosen, day)
    for _ in range(2 * poles):
        group += 1
        add("project", group, rng.choice(n, int(rng.integers(2, 4)), replace=False), None)
    ties = pd.DataFrame({"source": sources, "group_id": groups, "node_id": members,
                         "date": dates})
    return nodes, ties


def _timed(function, *args, **kwargs) -> tuple[object, float]:
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return value, round(time.perf_counter() - started, 3)


def run_network(*, poles: int = NETWORK_POLES, k: int = NETWORK_K,
                seed: int = SEED) -> dict[str, object]:
    """Time every measure of `ptce_analytics.network` on the national graph."""
    import networkx as nx

    from ptce_analytics import network

    bench_started = time.perf_counter()
    (nodes, ties), generate_seconds = _timed(
        national_graph_tables, poles, NETWORK_STRUCTURES_PER_POLE, seed
    )
    start, end = NETWORK_WINDOW
    G, build_seconds = _timed(network.build_graph, nodes, ties, start=start, end=end)
    print(f"network: {G.number_of_nodes()} structures, {G.number_of_edges()} ties from "
          f"{len(ties)} participations, built in {build_seconds:.1f} s")
    seconds: dict[str, float] = {}
    values: dict[str, object] = {}
    measures = {
        # network_metrics computes betweenness (sampled) for its ranking.
        "network_metrics": lambda: network.network_metrics(G, sample=k, seed=seed),
        "density": lambda: nx.density(G),
        "clustering": lambda: nx.average_clustering(G),
        "components": lambda: nx.number_connected_components(G),
        "betweenness_sampled": lambda: network.betweenness(G, k=k, seed=seed),
        "leader_dependence": lambda: network.leader_dependence(G, sample=k, seed=seed),
        "ei_index": lambda: network.ei_index(G),
        "cross_sector_share": lambda: network.cross_sector_share(G),
        "communities_louvain": lambda: network.communities(G, seed=seed),
        "brokers": lambda: network.brokers(G, sample=k, seed=seed),
        "compare_windows_with_build": lambda: network.compare_windows(
            network.build_graph(nodes, ties, start=NETWORK_PREVIOUS_WINDOW[0],
                                end=NETWORK_PREVIOUS_WINDOW[1]), G),
    }
    for name, measure in measures.items():
        value, seconds[name] = _timed(measure)
        print(f"  {name:<28} {seconds[name]:>8.2f} s")
        if name == "network_metrics":
            values.update({key: value.as_dict()[key] for key in (
                "density", "mean_degree", "clustering", "degree_centralisation", "components",
                "largest_component_share")})
        elif name == "communities_louvain":
            values["communities"] = len(value.communities)
            values["modularity"] = value.modularity
        elif name == "ei_index":
            values["ei_index"] = value.index

    # Sampling's precision, on a graph small enough for the exact betweenness.
    small_nodes, small_ties = national_graph_tables(
        NETWORK_ERROR_POLES, NETWORK_STRUCTURES_PER_POLE, seed + 1
    )
    small = network.build_graph(small_nodes, small_ties, start=start, end=end)
    _exact, exact_seconds = _timed(network.betweenness, small)
    errors = []
    for sample in NETWORK_ERROR_KS:
        error, error_seconds = _timed(network.betweenness_error, small, k=sample, seed=seed)
        errors.append({**error.as_dict(), "seconds_with_exact": error_seconds})
        print(f"  betweenness k={sample} on {small.number_of_nodes()} structures: max abs error "
              f"{error.max_abs_error:.4f}, Spearman {error.spearman:.4f}")

    # What a page computes: every measure of one generated pole, betweenness exact.
    pole_nodes = nodes.iloc[:NETWORK_STRUCTURES_PER_POLE]
    pole_graph = network.build_graph(pole_nodes, ties, start=start, end=end)

    def whole_pole() -> None:
        network.network_metrics(pole_graph)
        network.leader_dependence(pole_graph)
        network.ei_index(pole_graph)
        network.communities(pole_graph)
        network.brokers(pole_graph)
        network.betweenness(pole_graph)

    _unused, pole_seconds = _timed(whole_pole)
    return {
        "benchmark": "cooperation graph measures (ptce_analytics.network), national graph, "
                     "in-process, no database",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": seed,
        "machine": machine_info_light(),
        "graph": {
            "poles": poles,
            "structures_per_pole": NETWORK_STRUCTURES_PER_POLE,
            "window": list(NETWORK_WINDOW),
            "participations": len(ties),
            "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "groups": G.graph["groups"],
            "skipped_groups": G.graph["skipped_groups"],
            "generate_seconds": generate_seconds,
            "build_seconds": build_seconds,
        },
        "betweenness": {
            "method": "sampled sources (Brandes & Pich 2007), unweighted, normalised",
            "k": k,
            "exact_on_error_graph_seconds": exact_seconds,
            "error": errors,
            "error_graph": {"nodes": small.number_of_nodes(), "edges": small.number_of_edges()},
        },
        "seconds": seconds,
        "values": values,
        "one_pole_all_measures_ms": round(pole_seconds * 1000, 1),
        "one_pole_graph": {"nodes": pole_graph.number_of_nodes(),
                           "edges": pole_graph.number_of_edges()},
        "bench_seconds": round(time.perf_counter() - bench_started, 1),
    }


def machine_info_light() -> dict[str, object]:
    """`machine_info` without Django (the network benchmark needs no database)."""
    import networkx

    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "networkx": networkx.__version__,
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def print_network(result: dict[str, object]) -> None:
    print()
    print("Cooperation network (ptce_analytics.network)")
    machine = result["machine"]
    print(f"Machine: {machine['cores']} cores, {machine['cpu']}; Python {machine['python']}, "
          f"networkx {machine['networkx']}; load average {machine['load_average_1m']}")
    graph = result["graph"]
    print(f"graph: {graph['nodes']} structures, {graph['edges']} ties ({graph['poles']} poles), "
          f"built in {graph['build_seconds']:.2f} s")
    for name, seconds in result["seconds"].items():
        print(f"  {name:<28} {seconds:>8.2f} s")
    betweenness = result["betweenness"]
    print(f"betweenness sampled with k = {betweenness['k']} sources; error on "
          f"{betweenness['error_graph']['nodes']} structures:")
    for error in betweenness["error"]:
        print(f"  k={error['k']}: max abs error {error['max_abs_error']:.4f}, "
              f"Spearman {error['spearman']:.4f}")
    print(f"one pole ({result['one_pole_graph']['nodes']} structures), every measure, exact "
          f"betweenness: {result['one_pole_all_measures_ms']:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=BENCHMARKS, action="append",
                        help="run this benchmark only (repeatable); all by default")
    parser.add_argument("--repeat", type=int, default=300, help="timed directory requests")
    parser.add_argument("--warmup", type=int, default=20)
    # Dashboards cost about a second a request: fewer repetitions keep the bench short.
    parser.add_argument("--dashboard-repeat", type=int, default=20,
                        help="timed requests per dashboard or economics page")
    parser.add_argument("--dashboard-warmup", type=int, default=2)
    parser.add_argument("--network-poles", type=int, default=NETWORK_POLES,
                        help="poles of 50 structures in the national graph (1000)")
    parser.add_argument("--network-k", type=int, default=NETWORK_K,
                        help="sampled sources of betweenness on the national graph (100)")
    parser.add_argument("--typology-repeat", type=int, default=5,
                        help="timed MCA + HCPC runs per table up to 20,000 rows (5)")
    parser.add_argument("--typology-r-repeat", type=int, default=3,
                        help="FactoMineR runs at 2,000 rows (3)")
    parser.add_argument("--typology-r-large-repeat", type=int, default=1,
                        help="FactoMineR runs at 20,000 rows, about a minute and 17 GB each (1)")
    parser.add_argument("--typology-r-min-gb", type=float, default=None,
                        help="free memory FactoMineR needs at 20,000 rows (18 GB)")
    parser.add_argument("--typology-no-r", action="store_true",
                        help="time ptce_analytics.typology alone, without FactoMineR")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument("--sizes", type=int, nargs=2, default=POLE_SIZES,
                        metavar=("SMALL", "LARGE"),
                        help="generated poles in the base at the two runs (10 1000)")
    args = parser.parse_args(argv)
    only = [name for name in BENCHMARKS if name in (args.only or BENCHMARKS)]
    results: dict[str, dict[str, object]] = {}
    with_database = [name for name in only if name not in ("network", "typology")]
    if with_database:
        with tempfile.TemporaryDirectory(prefix="ptce-bench-") as tmp:
            results = run(
                only=with_database, repeat=args.repeat, warmup=args.warmup,
                dashboard_repeat=args.dashboard_repeat, dashboard_warmup=args.dashboard_warmup,
                workdir=Path(tmp), sizes=args.sizes,
            )
            from django.db import connections

            connections.close_all()  # release the file before the folder is removed
    if "network" in only:
        results["network"] = run_network(poles=args.network_poles, k=args.network_k)
    if "typology" in only:
        from typology_bench import run_typology

        results["typology"] = run_typology(
            repeat=args.typology_repeat, r_repeat=args.typology_r_repeat,
            r_large_repeat=args.typology_r_large_repeat, r_min_free_gb=args.typology_r_min_gb,
            with_r=not args.typology_no_r,
        )
    if "directory" in results:
        print_table(results["directory"])
    if "dashboards" in results:
        print_dashboards(results["dashboards"])
    if "economics" in results:
        print_economics(results["economics"])
    if "network" in results:
        print_network(results["network"])
    if "typology" in results:
        from typology_bench import print_typology

        print_typology(results["typology"])
    args.results_dir.mkdir(parents=True, exist_ok=True)
    for name, result in results.items():
        path = args.results_dir / f"{name}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"written to {path}")
    print(f"total bench time: {next(iter(results.values()))['bench_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

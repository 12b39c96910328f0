"""The `typology` benchmark: MCA + HCPC (`ptce_analytics.typology`) beside FactoMineR.

Inputs: the synthetic 2,000 × 10 and 20,000 × 10 tables of the FactoMineR reference timings
(bench/data/synth{2000,20000}x10.csv.gz, copied from that folder: the R generator
`gen_synth(n, 10, seed = 1000 + n)` draws them with R's RNG), and a 50,000 × 10 table drawn
here from the same latent-class model with numpy (`synthetic_table`), a size FactoMineR cannot
handle on a 24 GB machine (its HCPC stores dense n × n matrices: about 17 GB at 20,000).

For each table, a fresh Python process reads the CSV, then times `MCA().fit` followed by
`HCPC().fit` (automatic number of clusters, consolidation, cluster description: FactoMineR's
defaults), median of the repetitions, and reports its peak resident memory. Where `Rscript`
and FactoMineR are installed, `bench/typology_factominer.R` times `MCA(d)` + `HCPC(res,
nb.clust=-1, consol=TRUE)` on the same file in the same run; the benchmark prints the ratio
and checks that the two partitions are identical (adjusted Rand index 1.0, same numbering).
FactoMineR runs at 20,000 rows only if the machine has the memory free (`--typology-r-min-gb`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
R_SCRIPT = BENCH_DIR / "typology_factominer.R"
SRC_DIR = BENCH_DIR.parent / "src"
SIZES = (2000, 20000, 50000)
# FactoMineR's HCPC peaks near 17 GB of RSS at 20,000 rows (reference timings).
R_MIN_FREE_GB = {2000: 1.0, 20000: 18.0}
# The reference timings of FactoMineR 2.7 on this machine (median of 5, idle machine).
REFERENCE_SECONDS = {2000: 0.686, 20000: 55.221}


def synthetic_table(n: int, p: int = 10, seed: int | None = None, classes: int = 3,
                    class_prob=(0.40, 0.35, 0.25)):
    """`gen_synth`'s latent-class model drawn with numpy (not R's random stream).

    Each row belongs to one of `classes` latent classes; variable j has 2–5 levels named
    "V<j>_<letter>"; given the class, a level is drawn with probabilities (Gamma(1) + 0.3)
    normalised.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(1000 + n if seed is None else seed)
    levels = rng.integers(2, 6, size=p)
    latent = rng.choice(classes, size=n, p=class_prob)
    columns = {}
    for j in range(p):
        labels = np.array([f"V{j + 1}_{chr(97 + level)}" for level in range(levels[j])])
        probs = rng.gamma(1.0, size=(classes, levels[j])) + 0.3
        probs /= probs.sum(axis=1, keepdims=True)
        drawn = np.empty(n, dtype=np.intp)
        for g in range(classes):
            rows = np.flatnonzero(latent == g)
            drawn[rows] = rng.choice(levels[j], size=len(rows), p=probs[g])
        columns[f"V{j + 1}"] = labels[drawn]
    return pd.DataFrame(columns)


def input_path(n: int, workdir: Path) -> Path:
    shipped = DATA_DIR / f"synth{n}x10.csv.gz"
    if shipped.exists():
        return shipped
    path = workdir / f"synth{n}x10.csv"
    synthetic_table(n).to_csv(path, index=False)
    return path


# --- the Python side, in a fresh process per table ---------------------------------------------

def worker(path: str, repeat: int, labels_out: str, trace: bool) -> dict[str, object]:
    """Time MCA + HCPC on `path` (run as `python typology_bench.py --worker ...`)."""
    import numpy as np
    import pandas as pd

    from ptce_analytics.typology import HCPC, MCA

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds, mca_seconds = [], []
    hcpc = mca = None
    for _ in range(repeat):
        started = time.perf_counter()
        mca = MCA().fit(frame)
        middle = time.perf_counter()
        hcpc = HCPC().fit(mca)
        seconds.append(time.perf_counter() - started)
        mca_seconds.append(middle - started)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    np.save(labels_out, hcpc.labels_)
    result: dict[str, object] = {
        "n": len(frame),
        "p": frame.shape[1],
        "categories": int(len(mca.categories_)),
        "distinct_profiles": int(len(hcpc.profiles_)),
        "n_clusters": hcpc.n_clusters_,
        "sizes": np.bincount(hcpc.labels_)[1:].tolist(),
        "kmeans_iterations": hcpc.kmeans_.n_iter,
        "seconds": [round(s, 3) for s in seconds],
        "median_seconds": round(statistics.median(seconds), 3),
        "median_mca_seconds": round(statistics.median(mca_seconds), 3),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "rss_after_reading_mb": round(baseline_kb / 1024, 1),
    }
    if trace:
        import tracemalloc

        tracemalloc.start()
        HCPC().fit(MCA().fit(frame))
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return result


def run_python(path: Path, repeat: int, workdir: Path, trace: bool) -> tuple[dict, Path]:
    labels = workdir / f"labels-{path.stem}.npy"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(SRC_DIR), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, __file__, "--worker", str(path), str(repeat), str(labels),
         "1" if trace else "0"],
        capture_output=True, text=True, env=env, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"typology worker failed on {path}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]), labels


# --- the R side ----------------------------------------------------------------------------------

def factominer_available() -> tuple[bool, str]:
    if shutil.which("Rscript") is None:
        return False, "Rscript not found (apt-get install r-cran-factominer)"
    done = subprocess.run(["Rscript", "-e", "library(FactoMineR)"], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        return False, "FactoMineR not installed (apt-get install r-cran-factominer)"
    return True, ""


def free_memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return None


def run_r(path: Path, repeat: int, workdir: Path) -> dict[str, object]:
    outdir = workdir / f"r-{path.stem}"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(["Rscript", str(R_SCRIPT), str(path), str(repeat), str(outdir)],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"FactoMineR failed on {path}:\n{done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    timing = json.loads((outdir / "timing.json").read_text())
    totals = [m + h for m, h in zip(timing["mca_s"], timing["hcpc_s"], strict=True)]
    return {
        "seconds": [round(s, 3) for s in totals],
        "median_seconds": round(statistics.median(totals), 3),
        "median_mca_seconds": round(statistics.median(timing["mca_s"]), 3),
        "median_hcpc_seconds": round(statistics.median(timing["hcpc_s"]), 3),
        # The largest child so far: R is by far the largest process this benchmark starts.
        "peak_rss_mb": round(after / 1024, 1) if after > before else None,
        "n_clusters": timing["n_clusters"],
        "factominer": timing["factominer"],
        "r": timing["r"],
        "wall_seconds_with_startup": round(wall, 1),
        "clusters_csv": str(outdir / "clusters.csv"),
    }


def compare(ours_labels: Path, r_clusters: str) -> dict[str, object]:
    import numpy as np
    import pandas as pd

    from ptce_analytics.typology import adjusted_rand_index

    ours = np.load(ours_labels)
    theirs = pd.read_csv(r_clusters)["cluster"].to_numpy()
    return {
        "adjusted_rand_index": adjusted_rand_index(ours, theirs),
        "identical_labels": bool((ours == theirs).all()),
    }


def run_typology(*, sizes=SIZES, repeat: int = 5, r_repeat: int = 3,
                 r_large_repeat: int = 1, r_min_free_gb: float | None = None,
                 with_r: bool = True) -> dict[str, object]:
    """Run the benchmark; the result written to bench/results/typology.json."""
    sys.path.insert(0, str(SRC_DIR))
    available, why = factominer_available() if with_r else (False, "--typology-no-r")
    notes = [] if available else [f"FactoMineR not run: {why}"]
    started = time.perf_counter()
    runs = []
    with tempfile.TemporaryDirectory(prefix="ptce-typology-") as tmp:
        workdir = Path(tmp)
        for n in sizes:
            path = input_path(n, workdir)
            largest = n == max(sizes)
            ours, labels = run_python(path, 1 if largest and n > 20000 else repeat, workdir,
                                      trace=largest)
            row: dict[str, object] = {"n": n, "input": path.name, "ours": ours,
                                      "factominer_reference_seconds": REFERENCE_SECONDS.get(n)}
            print(f"typology {n} × 10: ours {ours['median_seconds']:.2f} s "
                  f"({ours['n_clusters']} clusters, peak RSS {ours['peak_rss_mb']:.0f} MB)")
            # FactoMineR only where it fits: not at 50,000 rows.
            needed = R_MIN_FREE_GB.get(n)
            if needed is not None and r_min_free_gb is not None and n > 2000:
                needed = r_min_free_gb
            if available and needed is not None:
                free = free_memory_gb()
                if free is not None and free < needed:
                    note = (f"FactoMineR skipped at {n} rows: {free:.1f} GB free, "
                            f"{needed:.0f} GB needed")
                    notes.append(note)
                    print(f"NOTE: {note}")
                else:
                    r = run_r(path, r_repeat if n <= 2000 else r_large_repeat, workdir)
                    row["factominer"] = {k: v for k, v in r.items() if k != "clusters_csv"}
                    row["ratio"] = round(r["median_seconds"] / ours["median_seconds"], 1)
                    row["partition"] = compare(labels, r["clusters_csv"])
                    print(f"  FactoMineR {r['median_seconds']:.2f} s: ratio {row['ratio']}×, "
                          f"ARI {row['partition']['adjusted_rand_index']:.6f}, identical "
                          f"labels: {row['partition']['identical_labels']}")
            runs.append(row)
    return {
        "benchmark": "MCA + HCPC (ptce_analytics.typology) beside FactoMineR 2.7, synthetic "
                     "categorical tables of 10 variables",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "what": "wall time of MCA().fit + HCPC().fit (auto clusters, consolidation, "
                "description) in a fresh process, median of the repetitions; FactoMineR: "
                "system.time() of MCA(d) + HCPC(res, nb.clust=-1, consol=TRUE, graph=FALSE) "
                "in one R session",
        "notes": notes,
        "runs": runs,
        "bench_seconds": round(time.perf_counter() - started, 1),
    }


def _machine() -> dict[str, object]:
    import numpy
    import scipy

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "memory_available_gb": round(free_memory_gb() or 0, 1),
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def print_typology(result: dict[str, object]) -> None:
    print()
    print("Typology: MCA + HCPC (ptce_analytics.typology) beside FactoMineR")
    machine = result["machine"]
    print(f"Machine: {machine['cores']} cores, {machine['cpu']}; Python {machine['python']}, "
          f"numpy {machine['numpy']}, scipy {machine['scipy']}; load average "
          f"{machine['load_average_1m']}")
    for note in result["notes"]:
        print(f"NOTE: {note}")
    header = (f"{'rows':>7} {'ours s':>8} {'peak MB':>8} {'FactoMineR s':>13} {'ratio':>7} "
              f"{'R peak MB':>10} {'ARI':>9} {'same labels':>12}")
    print(header)
    print("-" * len(header))
    for row in result["runs"]:
        ours, r = row["ours"], row.get("factominer")
        partition = row.get("partition", {})
        print(f"{row['n']:>7} {ours['median_seconds']:>8.2f} {ours['peak_rss_mb']:>8.0f} "
              f"{r['median_seconds'] if r else float('nan'):>13.2f} "
              f"{row.get('ratio', float('nan')):>7.1f} "
              f"{(r or {}).get('peak_rss_mb') or float('nan'):>10.0f} "
              f"{partition.get('adjusted_rand_index', float('nan')):>9.6f} "
              f"{str(partition.get('identical_labels', '—')):>12}")
    print("(FactoMineR's reference timings on an idle machine: 0.69 s and 55.2 s)")


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--worker":
    print(json.dumps(worker(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1")))

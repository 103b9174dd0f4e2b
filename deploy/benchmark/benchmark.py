"""The benchmark driver behind deploy/benchmark.sh (which builds what it runs first).

Full runs: the pipeline (a whole process on the embedded MiniCluster, deploy/run-local.sh) and the
DuckDB reference on the same bronze, alternately, --runs times each. Incremental runs: a lake is
built from the bronze, then each measured run starts from a copy of it and reads the bronze plus
--new-percent new rows dated after everything in it. Prints wall time (median), rows/s, peak RSS
and the row counts, and fails when the engines' counts differ.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

COUNT = re.compile(r"^\s+(bronze rows read|[a-z_]+/[a-z_]+)\s+(\d+)\s*$")


def run(cmd, log):
    """Runs cmd; returns (wall seconds, peak RSS in MiB of the process, its stdout)."""
    start = time.monotonic()
    with open(log, "w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited with {proc.returncode}; see {log}")
    return wall, usage.ru_maxrss / 1024, out


def counts(out):
    return {m.group(1): int(m.group(2)) for m in map(COUNT.match, out.splitlines()) if m}


def pipeline(bronze, lake, mode, log):
    return run(["deploy/run-local.sh", "--bronze", bronze, "--lake", lake, "--mode", mode,
                "--web-ui", "false"], log)


def duckdb(args, bronze, out, log):
    shutil.rmtree(out, ignore_errors=True)
    return run(["java", f"-Xmx{args.duckdb_heap}", "-cp", args.duckdb_classpath,
                "DuckDbReference", bronze, out], log)


def report(name, samples, rows):
    walls = [s[0] for s in samples]
    median = statistics.median(walls)
    rss = max(s[1] for s in samples)
    print(f"{name:<22} {median:9.1f} s {rows / median:14,.0f} rows/s {rss:9,.0f} MiB"
          f"   runs: {', '.join(f'{w:.1f}' for w in walls)}")
    return median


def full(args):
    bronze, work = args.data, args.work
    samples = {"pipeline": [], "duckdb": []}
    seen = {}
    for i in range(args.runs):
        lake = f"{work}/lake"
        shutil.rmtree(lake, ignore_errors=True)
        p = pipeline(bronze, lake, "full", f"{work}/pipeline-{i}.log")
        samples["pipeline"].append(p)
        seen.setdefault("pipeline", counts(p[2]))
        print(f"run {i + 1}/{args.runs}: pipeline {p[0]:.1f} s", flush=True)
        if not args.pipeline_only:
            d = duckdb(args, bronze, f"{work}/duckdb", f"{work}/duckdb-{i}.log")
            samples["duckdb"].append(d)
            seen.setdefault("duckdb", counts(d[2]))
            print(f"run {i + 1}/{args.runs}: duckdb {d[0]:.1f} s", flush=True)
    if args.pipeline_only:
        report("pipeline (Flink)", samples["pipeline"], seen["pipeline"]["bronze rows read"])
        return
    if seen["pipeline"] != seen["duckdb"]:
        sys.exit(f"row counts differ:\n  pipeline {seen['pipeline']}\n  duckdb   {seen['duckdb']}")
    rows = seen["pipeline"]["bronze rows read"]
    print(f"\nrow counts (both engines): {seen['pipeline']}")
    print(f"{'':<22} {'wall (median)':>11} {'throughput':>21} {'peak RSS':>13}")
    p = report("pipeline (Flink)", samples["pipeline"], rows)
    d = report("duckdb", samples["duckdb"], rows)
    print(f"pipeline/duckdb = {p / d:.2f}")


def incremental(args):
    bronze, work = args.data, args.work
    base = f"{work}/lake-base"
    full_runs = []
    for i in range(args.runs):
        shutil.rmtree(base, ignore_errors=True)
        full_runs.append(pipeline(bronze, base, "incremental", f"{work}/base-{i}.log"))
        print(f"run {i + 1}/{args.runs}: full run building the lake {full_runs[-1][0]:.1f} s", flush=True)
    rows = counts(full_runs[0][2])["bronze rows read"]
    new_rows = max(1, rows * args.new_percent // 100)
    grown = f"{work}/bronze-plus-{new_rows}-in-{args.new_courses}-courses"
    if not os.path.exists(f"{grown}.done"):
        shutil.rmtree(grown, ignore_errors=True)
        shutil.copytree(bronze, grown, copy_function=os.link)
        subprocess.run(["deploy/generate-bronze.sh", "--rows", str(new_rows), "--files", "1",
                        "--seed", "7", "--start", args.new_start, "--courses", str(args.new_courses),
                        "--out", f"{grown}/new"],
                       check=True, stdout=subprocess.DEVNULL)
        open(f"{grown}.done", "w").close()
    samples = []
    for i in range(args.runs):
        lake = f"{work}/lake-incremental"
        shutil.rmtree(lake, ignore_errors=True)
        shutil.copytree(base, lake)
        sample = pipeline(grown, lake, "incremental", f"{work}/incremental-{i}.log")
        samples.append(sample)
        print(f"run {i + 1}/{args.runs}: incremental {sample[0]:.1f} s", flush=True)
    print(f"\nnew rows: {new_rows} ({args.new_percent}% of {rows}) in {args.new_courses} courses; "
          f"row counts of the incremental run: {counts(samples[0][2])}")
    f = report("pipeline full run", full_runs, rows)
    i = report("pipeline incremental", samples, new_rows)
    print(f"incremental/full = {i / f:.2f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--incremental", action="store_true")
    parser.add_argument("--pipeline-only", action="store_true")
    parser.add_argument("--new-percent", type=int, default=1)
    parser.add_argument("--new-start", default="2026-01-01")
    parser.add_argument("--new-courses", type=int, default=500)
    parser.add_argument("--duckdb-classpath", default="")
    parser.add_argument("--duckdb-heap", default="2g")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    (incremental if args.incremental else full)(args)


if __name__ == "__main__":
    main()

"""The benchmark driver behind deploy/benchmark.sh (which builds what it runs first).

Full runs: the pipeline (a whole process on the embedded MiniCluster, deploy/run-local.sh), the
DuckDB reference and the Spark reference on the same bronze, in turn, --runs times each. Incremental
runs: a lake is built from the bronze, then each measured run starts from a copy of it and reads the
bronze plus --new-percent new rows (of the same --shape) dated after everything in it. Prints wall
time (median), rows/s, peak RSS and the row counts. A full comparison fails when the engines' row
counts differ, or when the content fingerprint of a table (Fingerprint.java, the same reader for
every engine's files) of the last runs differs.
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
# The lake's tables (LakeTable), each in the same folder below every engine's output root.
TABLES = ["silver/student_engagement", "quality/null_violations", "quality/rejected_rows",
          "gold/student_course_engagement", "gold/top_students", "gold/course_completion"]
# What Spark's launcher (JavaModuleOptions) adds to a JVM on Java 17, less the flags of later JDKs.
SPARK_JVM_OPTIONS = [
    "-XX:+IgnoreUnrecognizedVMOptions", "--add-modules=jdk.incubator.vector",
    *(f"--add-opens=java.base/{p}=ALL-UNNAMED" for p in [
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
        "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
        "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar"]),
    "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true"]


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
    conf = []
    if os.environ.get("PIPELINE_MANAGED"):
        # The embedded TaskManager's managed memory, e.g. for the scale run's 2 GiB cap.
        conf_file = f"{os.path.dirname(log)}/pipeline-conf.yaml"
        with open(conf_file, "w") as f:
            f.write(f"taskmanager.memory.managed.size: {os.environ['PIPELINE_MANAGED']}\n")
        conf = ["--conf", conf_file]
    return run(["deploy/run-local.sh", "--bronze", bronze, "--lake", lake, "--mode", mode,
                "--web-ui", "false", *conf], log)


def duckdb(args, bronze, out, log):
    shutil.rmtree(out, ignore_errors=True)
    return run(["java", f"-Xmx{args.duckdb_heap}", "-cp", args.duckdb_classpath,
                "DuckDbReference", bronze, out], log)


def spark(args, bronze, out, log):
    shutil.rmtree(out, ignore_errors=True)
    return run(["java", f"-Xmx{args.spark_heap}", *SPARK_JVM_OPTIONS, "-cp", args.spark_classpath,
                "SparkReference", bronze, out], log)


def fingerprints(args, root, log):
    """{table: "rows hash columns"} of the tables under root, read back by DuckDB."""
    _, _, out = run(["java", f"-Xmx{args.duckdb_heap}", "-cp", args.duckdb_classpath, "Fingerprint", root,
                     *TABLES], log)
    return dict(line.split(" ", 1) for line in out.splitlines())


def same_content(args, outputs, work):
    """Exits naming each table and engine whose fingerprint differs from the pipeline's."""
    prints = {engine: fingerprints(args, root, f"{work}/fingerprint-{engine}.log")
              for engine, root in outputs.items()}
    def described(engine, table):
        rows, digest, columns = prints[engine][table].split(" ", 2)
        return f"{engine} wrote {rows} rows, fingerprint {digest}, columns {columns}"

    mismatches = []
    for table in TABLES:
        expected = prints["pipeline"][table]
        differing = [e for e in prints if prints[e][table] != expected]
        if differing:
            mismatches.append(f"  {table}: " + "; ".join(described(e, table) for e in differing)
                              + "; " + described("pipeline", table))
        else:
            rows, digest, _ = expected.split(" ", 2)
            print(f"same content: {table:<32} {rows:>10} rows, fingerprint {digest} ({', '.join(prints)})")
    if mismatches:
        sys.exit("content differs from the pipeline's (outputs: "
                 + ", ".join(f"{e} {root}" for e, root in outputs.items()) + "):\n" + "\n".join(mismatches))


def report(name, samples, rows):
    walls = [s[0] for s in samples]
    median = statistics.median(walls)
    rss = max(s[1] for s in samples)
    print(f"{name:<22} {median:9.1f} s {rows / median:14,.0f} rows/s {rss:9,.0f} MiB"
          f"   runs: {', '.join(f'{w:.1f}' for w in walls)}")
    return median


def full(args):
    bronze, work = args.data, args.work
    engines = {"pipeline": lambda i: pipeline(bronze, f"{work}/lake", "full", f"{work}/pipeline-{i}.log")}
    if not args.pipeline_only:
        engines["duckdb"] = lambda i: duckdb(args, bronze, f"{work}/duckdb", f"{work}/duckdb-{i}.log")
        engines["spark"] = lambda i: spark(args, bronze, f"{work}/spark", f"{work}/spark-{i}.log")
    samples = {e: [] for e in engines}
    seen = {}
    for i in range(args.runs):
        shutil.rmtree(f"{work}/lake", ignore_errors=True)
        for engine, run_once in engines.items():
            sample = run_once(i)
            samples[engine].append(sample)
            seen.setdefault(engine, counts(sample[2]))
            print(f"run {i + 1}/{args.runs}: {engine} {sample[0]:.1f} s", flush=True)
    rows = seen["pipeline"]["bronze rows read"]
    if args.pipeline_only:
        report("pipeline (Flink)", samples["pipeline"], rows)
        return
    differing = [e for e in seen if seen[e] != seen["pipeline"]]
    if differing:
        sys.exit("row counts differ:\n" + "\n".join(f"  {e:<9} {seen[e]}" for e in seen))
    print(f"\nrow counts (all engines): {seen['pipeline']}")
    same_content(args, {"pipeline": f"{work}/lake", "duckdb": f"{work}/duckdb", "spark": f"{work}/spark"}, work)
    print(f"\n{'':<22} {'wall (median)':>11} {'throughput':>21} {'peak RSS':>13}")
    p = report("pipeline (Flink)", samples["pipeline"], rows)
    d = report("duckdb", samples["duckdb"], rows)
    s = report("spark local[2]", samples["spark"], rows)
    print(f"pipeline/duckdb = {p / d:.2f}, pipeline/spark = {p / s:.2f}")


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
                        # Realistic: each student stays in the courses of the base bronze (seed 42).
                        "--shape", args.shape, "--course-seed", "42", "--out", f"{grown}/new"],
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
    print(f"\nnew rows: {new_rows} ({args.new_percent}% of {rows}, {args.shape}) in {args.new_courses} courses; "
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
    parser.add_argument("--spark-classpath", default="")
    parser.add_argument("--spark-heap", default="2g")
    parser.add_argument("--shape", choices=["uniform", "realistic"], default="uniform")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    (incremental if args.incremental else full)(args)


if __name__ == "__main__":
    main()

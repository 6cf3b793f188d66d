"""Grading on Dask (COURSE_SPEC §11): throughput of the same class graded by `course grade
--workers W` (this machine's process pool) and by `course grade --scheduler local:W` (a Dask
LocalCluster of W single-threaded workers), as a ratio measured in one run; then a scaling note
on paper for a class of 1,000 students from the measured worker-seconds per submission.

The class is bench_grading's: N students (default 20) x each lesson given (default
01_chain_rule), half solved, half with a wrong answer from the lesson's corpus. Both runs are the
whole command, start-up included (for Dask: the cluster's start and the probe of every worker).
Everything happens in a temporary folder. Prints, never asserts.

    python bench/bench_dask.py [--students 20] [--lessons 01_chain_rule,05_backward_pass] [--workers 2]
"""
from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_grading import build_class  # noqa: E402

STUDENTS_ON_PAPER = 1000
TURNAROUND = 3600.0          # seconds: results one hour after the deadline


def grade(submitted: Path, out: Path, workers: int, scheduler: str | None, env: dict) -> float:
    """Seconds for one whole `course grade` command (every submission regraded)."""
    command = [sys.executable, "-m", "autograder", "grade", str(submitted), "--out", str(out),
               "--workers", str(workers), "--force"]
    if scheduler:
        command += ["--scheduler", scheduler]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"course grade {'--scheduler ' + scheduler if scheduler else ''} exited "
              f"{proc.returncode}:\n" + proc.stdout[-2000:] + proc.stderr[-2000:])
    return seconds


def scaling_note(per_submission: dict) -> list[str]:
    """Workers needed to grade STUDENTS_ON_PAPER submissions of each lesson within TURNAROUND."""
    lines = [f"scaling note for {STUDENTS_ON_PAPER:,} students, one lesson per deadline, results "
             f"within {TURNAROUND / 3600:g} h (measured worker-seconds per submission; one "
             f"single-threaded worker per core):"]
    for lesson, seconds in per_submission.items():
        total = STUDENTS_ON_PAPER * seconds
        needed = max(1, math.ceil(total / TURNAROUND))
        lines.append(f"  {lesson}: {seconds:.2f} s per submission x {STUDENTS_ON_PAPER:,} = "
                     f"{total / 3600:.2f} worker-hours -> {needed} worker(s) for one hour, "
                     f"{math.ceil(needed * 1.25)} with 25% headroom (stragglers, pod start-up, "
                     f"the reference run)")
    lines.append("  Lessons that train networks (06-08) cost more per submission than lesson 01: "
                 "measure them with --lessons before sizing a cluster for them.")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=20)
    ap.add_argument("--lessons", default="01_chain_rule",
                    help="comma-separated lessons (default 01_chain_rule)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    lessons = [name.strip() for name in args.lessons.split(",") if name.strip()]
    w, n = args.workers, args.students

    per_submission = {}
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        tmp = Path(tmp)
        # Dask's configuration and scratch space in the temporary folder, never under HOME
        env = dict(os.environ, DASK_CONFIG=str(tmp / "dask-config"),
                   DASK_TEMPORARY_DIRECTORY=str(tmp / "dask-scratch"))
        print(f"{os.cpu_count()} cores; class: {n} students per lesson; {w} worker(s) both ways")
        for lesson in lessons:
            build_class(lesson, n, tmp / lesson / "class")
            # the reference run (cached) is made before either timed run
            grade(tmp / lesson / "class", tmp / lesson / "warm", w, None, env)
            local = grade(tmp / lesson / "class", tmp / lesson / "local", w, None, env)
            dask = grade(tmp / lesson / "class", tmp / lesson / "dask", w, f"local:{w}", env)
            same = ((tmp / lesson / "local" / "grades.csv").read_bytes()
                    == (tmp / lesson / "dask" / "grades.csv").read_bytes())
            per_submission[lesson] = dask * w / n
            print(f"{lesson}:")
            print(f"  course grade --workers {w}:          {local:7.1f} s  ({local / n:.2f} s per "
                  f"submission)")
            print(f"  course grade --scheduler local:{w}:  {dask:7.1f} s  ({dask / n:.2f} s per "
                  f"submission; cluster start and worker probe included)")
            print(f"  throughput ratio (Dask / local, local time / Dask time): {local / dask:.2f}x; "
                  f"grades.csv identical: {'yes' if same else 'NO'}")
            print(f"  worker-seconds per submission on Dask: {per_submission[lesson]:.2f}")
    print()
    print("\n".join(scaling_note(per_submission)))


if __name__ == "__main__":
    main()

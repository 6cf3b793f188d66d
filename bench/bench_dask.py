"""Grading on Dask (COURSE_SPEC §11): throughput of the same class graded by `course grade
--workers W` (this machine's process pool) and by `course grade --scheduler local:W` (a Dask
LocalCluster of W single-threaded workers), as a ratio measured in one run; then a scaling note
on paper for a class of 1,000 students from the measured worker-seconds per submission.

The class is bench_grading's: N students (default 20) x each lesson given (default
01_chain_rule), half solved, half with a wrong answer from the lesson's corpus. Both runs are the
whole command, start-up included (for Dask: the cluster's start and the probe of every worker);
the steady rate between the first and the last graded submission is printed too, since the
scaling note needs the cost of a submission, not of a start-up paid once per run.
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


class Run:
    """One whole `course grade` command, timed: the total, and the steady rate between its first
    and last progress lines (start-up, the reference run and, for Dask, the cluster's start and
    the worker probe fall before the first one)."""

    def __init__(self, submitted: Path, out: Path, workers: int, scheduler: str | None, env: dict):
        command = [sys.executable, "-m", "autograder", "grade", str(submitted), "--out", str(out),
                   "--workers", str(workers), "--force"]
        if scheduler:
            command += ["--scheduler", scheduler]
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
        self.progress, lines = [], []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("grading ["):
                self.progress.append(time.perf_counter() - start)
        err = proc.stderr.read()
        proc.wait()
        self.seconds = time.perf_counter() - start
        if proc.returncode != 0:
            print(f"course grade {'--scheduler ' + scheduler if scheduler else ''} exited "
                  f"{proc.returncode}:\n" + "".join(lines)[-2000:] + err[-2000:])

    def steady(self, workers: int) -> float:
        """Worker-seconds per submission between the first and the last graded submission."""
        if len(self.progress) < 2:
            return float("nan")
        return workers * (self.progress[-1] - self.progress[0]) / (len(self.progress) - 1)

    def before_first(self) -> float:
        return self.progress[0] if self.progress else float("nan")


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
            Run(tmp / lesson / "class", tmp / lesson / "warm", w, None, env)
            local = Run(tmp / lesson / "class", tmp / lesson / "local", w, None, env)
            dask = Run(tmp / lesson / "class", tmp / lesson / "dask", w, f"local:{w}", env)
            same = ((tmp / lesson / "local" / "grades.csv").read_bytes()
                    == (tmp / lesson / "dask" / "grades.csv").read_bytes())
            per_submission[lesson] = dask.steady(w)
            print(f"{lesson}:")
            for name, run in ((f"--workers {w}         ", local), (f"--scheduler local:{w}", dask)):
                print(f"  course grade {name}: {run.seconds:6.1f} s in all ({run.seconds / n:.2f} s "
                      f"per submission), {run.before_first():5.1f} s to the first graded "
                      f"submission, then {run.steady(w):.2f} worker-seconds per submission")
            print(f"  throughput ratio, whole command (local time / Dask time): "
                  f"{local.seconds / dask.seconds:.2f}x; steady rate (Dask / local): "
                  f"{local.steady(w) / dask.steady(w):.2f}x; grades.csv identical: "
                  f"{'yes' if same else 'NO'}")
    print()
    print("\n".join(scaling_note(per_submission)))


if __name__ == "__main__":
    main()

"""Grading throughput (COURSE_SPEC §7): `course grade` vs plain sequential `nbgrader autograde` on
the same class, as a ratio measured in one run, plus seconds per submission.

The class: N students (default 20) x one lesson (default 01_chain_rule), half with the solved
notebook, half with one answer replaced by a wrong answer from the lesson's corpus. Everything
happens in a temporary folder; nothing is written to the checkout. Prints, never asserts.

    python bench/bench_grading.py [--students 20] [--lesson 01_chain_rule] [--workers N]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def build_class(lesson: str, students: int, dest: Path) -> None:
    from grading_fixtures.make import load, released, with_answers, write

    src = load(ROOT / "solutions" / lesson / f"{lesson}.ipynb")
    solved = released(src, True)
    wrong = sorted(p for p in (ROOT / "tests" / "corpus" / lesson).glob("*.py")
                   if p.read_text().startswith("# expect: fail"))
    for i in range(students):
        nb = solved
        if i % 2 and wrong:
            entry = wrong[(i // 2) % len(wrong)]
            nb = with_answers(solved, {entry.name.split("__")[0]: entry.read_text()})
        write(nb, dest / f"s{i:02d}" / lesson / f"{lesson}.ipynb")


def run_nbgrader(lesson: str, course: Path, submitted: Path) -> float:
    """Sequential `nbgrader autograde` on a fresh nbgrader course folder."""
    (course / "source" / lesson).mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / lesson / f"{lesson}.ipynb", course / "source" / lesson)
    shutil.copytree(submitted, course / "submitted")
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    common = [f"--CourseDirectory.root={course}", "--log-level=ERROR"]
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", lesson, "--force",
                    *common], check=True, env=env, cwd=course, capture_output=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", lesson, "--create",
                           "--force", *common], env=env, cwd=course, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        print("nbgrader autograde failed:\n" + proc.stderr[-2000:])
    return seconds


def run_course_grade(submitted: Path, out: Path, workers: int) -> tuple[float, dict]:
    """`course grade` as an instructor runs it: the whole command, start-up included, like the
    nbgrader command it is compared with."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submitted),
                           "--out", str(out), "--workers", str(workers), "--force"],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"course grade exited {proc.returncode}:\n" + proc.stdout[-2000:] + proc.stderr[-2000:])
    return seconds, json.loads((out / "results.json").read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=20)
    ap.add_argument("--lesson", default="01_chain_rule")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        build_class(args.lesson, args.students, tmp / "class")
        nbg = run_nbgrader(args.lesson, tmp / "nbgrader_course", tmp / "class")
        ours, results = run_course_grade(tmp / "class", tmp / "out", args.workers)
        graded = [s for s in results["submissions"] if s["status"] == "graded"]
        full = sum(1 for s in graded if s["score"] == s["max_score"])
        n = args.students
        print(f"class: {n} students x {args.lesson} ({full} with full marks), "
              f"{os.cpu_count()} cores")
        print(f"nbgrader autograde (sequential): {nbg:7.1f} s  ({nbg / n:.2f} s per submission)")
        print(f"course grade --workers {args.workers}:      {ours:7.1f} s  "
              f"({ours / n:.2f} s per submission; sandbox, restarts, tamper resets included)")
        print(f"throughput ratio (nbgrader time / course grade time): {nbg / ours:.2f}x "
              "(goal >= 1.9x on 2 cores)")
        for sub in results["submissions"]:   # even-numbered students hand in the solution
            if int(sub["student"][1:]) % 2 == 0 and sub.get("score") != sub.get("max_score"):
                lost = [(e["grade_id"], e["status"]) for e in sub["exercises"]
                        if e["score"] is not None and e["score"] != e["max_score"]]
                print(f"  unexpected: solved notebook {sub['student']} scored {sub.get('score')}: {lost}")


if __name__ == "__main__":
    main()

"""The `course` command (also `python -m autograder`).

    course lab                          open your own copy of the lessons (work/) in JupyterLab
    course release [LESSON...]          regenerate lessons/ from solutions/ (instructors)
    course release --check              exit 1 if lessons/ is out of date
    course check NOTEBOOK               grade one notebook with the full test set
    course grade SUBMISSIONS --out DIR  grade a class folder or LMS zip
    course corpus [LESSON...]           run the wrong-answer corpus (lesson authors)
    course export DIR --format canvas|moodle|csv   gradebook file for an LMS import
    course similarity DIR               report of suspiciously similar answers (HTML)
"""
from __future__ import annotations

import argparse
import os
import sys

# jsonschema (under nbformat) imports rfc3987_syntax, if installed, only to check the "iri"
# string format, which no notebook schema uses; that import builds a grammar and costs about a
# second on every `course` command. Mark it missing in this process (jsonschema expects that).
sys.modules.setdefault("rfc3987_syntax", None)


def _number(convert, what: str, low: float, high: float | None = None, *, low_included=True):
    """An argparse converter: ``convert(text)`` (int or float) within [low, high], or a clear
    ``ArgumentTypeError`` that says what was expected."""
    def parse(text: str):
        try:
            value = convert(text)
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if value < low or (value == low and not low_included):
            raise argparse.ArgumentTypeError(
                f"must be {'at least' if low_included else 'greater than'} {low:g}")
        if high is not None and value > high:
            raise argparse.ArgumentTypeError(f"must be at most {high:g}")
        return value
    return parse


_positive_number = _number(float, "a number of seconds", 0, low_included=False)
_positive_int = _number(int, "a whole number", 1)
_fraction = _number(float, "a number between 0 and 1", 0, 1, low_included=False)
_port = _number(int, "a whole number", 1, 65535)


def _scheduler_address(text: str) -> str:
    from autograder.dask_address import parse_scheduler   # imports neither Dask nor the grader
    try:
        parse_scheduler(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}
MIN_MEMORY = 256 * 1024 ** 2
DEFAULT_MEMORY = 4 * 1024 ** 3     # = autograder.sandbox.DEFAULT_MEMORY_LIMIT


def memory_size(text: str) -> int:
    """``4G``, ``4GiB``, ``512M``, ``1.5g`` or plain bytes -> bytes (binary units: 1K = 1024)."""
    import re
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgtKMGT]?)(?:i?[bB])?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a memory size: write a number with a unit, e.g. 4G, 512M or 4GiB")
    value = int(float(m.group(1)) * _UNITS[m.group(2).upper()])
    if value < MIN_MEMORY:
        raise argparse.ArgumentTypeError(
            f"{text!r} is too little memory for a kernel (at least 256M)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course",
        description="Backpropagation course: open the lessons, release them, grade them.",
        epilog="Also available as `python -m autograder ...`. "
               "Run `course COMMAND --help` for a command's options.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    lab = sub.add_parser(
        "lab", help="open your copy of the lessons (work/) in JupyterLab",
        description="Copy lessons/ into your own git-ignored work/ folder (new lessons are "
                    "added; files you already have are never overwritten) and open JupyterLab "
                    "there.")
    lab.add_argument("--port", type=_port, help="port for JupyterLab (default: Jupyter's, 8888)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    lab.add_argument("--work", metavar="DIR",
                     help="your work folder (default: work/ in the course folder)")
    lab.add_argument("--dry-run", action="store_true",
                     help="set up the work folder and print the JupyterLab command, "
                          "without starting it")

    rel = sub.add_parser(
        "release", help="regenerate lessons/ from solutions/ (nbgrader)",
        description="Regenerate the student notebooks in lessons/ from the nbgrader source "
                    "notebooks in solutions/ (solutions and hidden tests removed, outputs "
                    "cleared). With --check, change nothing and exit 1 if lessons/ is stale.")
    rel.add_argument("lessons", nargs="*", metavar="LESSON",
                     help="lesson(s) to release, e.g. 05_backward_pass (default: all)")
    rel.add_argument("--check", action="store_true",
                     help="only check that lessons/ matches solutions/; exit 1 naming each "
                          "stale, missing or extra lesson")

    chk = sub.add_parser(
        "check", help="grade one notebook with the full test set",
        description="Grade one student notebook with the full (hidden) test set; print each "
                    "exercise's score and feedback. The notebook is never modified.")
    chk.add_argument("notebook", metavar="NOTEBOOK", help="the .ipynb file to grade")
    chk.add_argument("--timeout", type=_positive_number, default=30,
                     help="CPU seconds per cell (default 30)")
    chk.add_argument("--json", action="store_true", dest="as_json",
                     help="print the result as JSON")
    chk.add_argument("--memory-limit", type=memory_size, default=DEFAULT_MEMORY, metavar="SIZE",
                     help="memory limit of the grading kernel, e.g. 4G or 512M (default 4G)")

    grd = sub.add_parser(
        "grade", help="grade a class folder or LMS .zip into a gradebook",
        description="Grade every submission in SUBMISSIONS (a folder of STUDENT/LESSON/*.ipynb, "
                    "flat STUDENT_*.ipynb files as LMS downloads come, or a .zip of either). "
                    "Writes DIR/grades.csv, DIR/results.json and DIR/feedback/.")
    grd.add_argument("submissions", metavar="SUBMISSIONS", help="folder or .zip of submissions")
    grd.add_argument("--out", required=True, metavar="DIR",
                     help="output folder for the gradebook, results and feedback")
    grd.add_argument("--workers", type=_positive_int, default=None,
                     help="submissions graded in parallel (default: all cores)")
    grd.add_argument("--timeout", type=_positive_number, default=30,
                     help="CPU seconds per cell (default 30; a cell that sleeps is stopped by the "
                          "wall clock at four times this)")
    grd.add_argument("--db", "--db-url", dest="db_url", metavar="URL", default=None,
                     help="nbgrader gradebook database URL, e.g. postgresql://user@host/course "
                          "(default: sqlite:///DIR/gradebook.db); --db-url is an alias")
    grd.add_argument("--memory-limit", type=memory_size, default=DEFAULT_MEMORY, metavar="SIZE",
                     help="memory limit per kernel, e.g. 4G or 512M (default 4G); a kernel "
                          "that exceeds it is stopped, its cells marked crashed")
    grd.add_argument("--student", metavar="ID", default=None,
                     help="grade (or regrade) only this student")
    grd.add_argument("--force", action="store_true",
                     help="regrade even if nothing changed since the last run")
    grd.add_argument("--no-sandbox", dest="use_sandbox", action="store_false",
                     help="grade without the bubblewrap sandbox, UNPROTECTED: student code can "
                          "read the hidden tests, write the gradebook and use the network (at "
                          "your own risk; by default grading refuses to run without the sandbox)")
    grd.add_argument("--scheduler", metavar="ADDRESS", default=None, type=_scheduler_address,
                     help="grade on a Dask cluster: tcp://HOST:8786, or local:N to start a local "
                          "cluster of N workers (default: this machine's process pool)")

    cor = sub.add_parser(
        "corpus", help="run the wrong-answer corpus (lesson authors)",
        description="Run tests/corpus/LESSON/*.py against the lesson's test cells: `fail` "
                    "entries must fail a test cell, `pass` entries must pass them all.")
    cor.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson(s) (default: all)")
    cor.add_argument("-k", dest="select", metavar="TEXT",
                     help="only entries whose file name contains TEXT")
    cor.add_argument("--timeout", type=_positive_number, default=60,
                     help="seconds per cell (default 60)")

    exp = sub.add_parser(
        "export", help="write the grades as Canvas or Moodle import them (or a plain CSV)",
        description="Write DIR's grades (a `course grade --out DIR` folder) as a CSV file that "
                    "Canvas's gradebook import or Moodle's \"Import grades: CSV file\" accepts, "
                    "or as a plain CSV: one row per student of the class, one column per lesson, "
                    "points possible = all of a lesson's points, written answers included.")
    exp.add_argument("dir", metavar="DIR", help="the grading folder (holds results.json)")
    exp.add_argument("--format", required=True, choices=("canvas", "moodle", "csv"),
                     dest="export_format", help="canvas, moodle or csv")
    exp.add_argument("--lesson", metavar="LESSON", help="only this lesson's column")
    exp.add_argument("--output", metavar="FILE",
                     help="where to write (default: DIR/export-FORMAT[-LESSON].csv, "
                          "DIR/export[-LESSON].csv for csv)")
    exp.add_argument("--missing", choices=("empty", "zero"), default="empty",
                     help="grade of a student without a valid submission: empty (not graded; "
                          "the default) or zero")

    sim = sub.add_parser(
        "similarity", help="rank pairs of students whose answers look alike (HTML report)",
        description="Compare every pair of students' answer cells per exercise (DIR/autograded/, "
                    "written by `course grade`) after normalisation, and write an HTML report "
                    "that ranks the most similar pairs with their code side by side. Similarity "
                    "is evidence for a person to weigh, not a verdict.")
    sim.add_argument("dir", metavar="DIR", help="the grading folder (holds autograded/)")
    sim.add_argument("--lesson", metavar="LESSON", help="only this lesson")
    sim.add_argument("--threshold", type=_fraction, default=None, metavar="T",
                     help="similarity (0 to 1) from which a pair is flagged (default 0.6)")
    sim.add_argument("--output", metavar="FILE",
                     help="where to write the report (default: DIR/similarity.html, "
                          "DIR/similarity-LESSON.html with --lesson)")
    return parser


def _root():
    from autograder.nbgrader_config import repo_root
    return repo_root()


def cmd_lab(args) -> int:
    from autograder.lab import run_lab
    return run_lab(_root(), args.work, port=args.port, no_browser=args.no_browser,
                   dry_run=args.dry_run)


def cmd_release(args) -> int:
    from autograder import release
    root = _root()
    if args.check:
        report = release.check(root, args.lessons)
        if report.ok:
            names = args.lessons or release.source_lessons(root)
            print(f"lessons/ is up to date ({len(names)} lesson(s) checked)")
            return 0
        for line in report.lines():
            print(line)
        return 1
    if not release.source_lessons(root):
        print(f"course release: {root / 'solutions'} holds no lesson "
              "(solutions/NN_name/NN_name.ipynb)", file=sys.stderr)
        return 1
    release.release(root, args.lessons)
    return 0


def cmd_check(args) -> int:
    from autograder.grading import check_notebook
    return check_notebook(args.notebook, args.timeout, args.as_json,
                          memory_limit=args.memory_limit)


def cmd_grade(args) -> int:
    from autograder.grading import grade_class
    workers = args.workers or os.cpu_count() or 1
    return grade_class(args.submissions, args.out, workers, args.timeout, args.db_url,
                       args.student, args.force, memory_limit=args.memory_limit,
                       use_sandbox=args.use_sandbox, scheduler=args.scheduler)


def cmd_corpus(args) -> int:
    from autograder.corpus import main as corpus_main
    argv = list(args.lessons) + ["--timeout", str(args.timeout)]
    if args.select:
        argv += ["-k", args.select]
    return corpus_main(argv)


def cmd_export(args) -> int:
    from autograder.export import ExportError, export
    try:
        export(args.dir, args.export_format, lesson=args.lesson, output=args.output,
               missing=args.missing)
    except ExportError as exc:
        print(f"course export: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_similarity(args) -> int:
    from autograder.similarity import DEFAULT_THRESHOLD, SimilarityError, similarity_report
    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    try:
        similarity_report(args.dir, lesson=args.lesson, threshold=threshold, output=args.output)
    except SimilarityError as exc:
        print(f"course similarity: {exc}", file=sys.stderr)
        return 1
    return 0


COMMANDS = {"lab": cmd_lab, "release": cmd_release, "check": cmd_check, "grade": cmd_grade,
            "corpus": cmd_corpus, "export": cmd_export, "similarity": cmd_similarity}


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from autograder.release import ReleaseError
    try:
        return COMMANDS[args.command](args)
    except (ReleaseError, FileNotFoundError) as exc:
        print(f"course {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"course {args.command}: interrupted", file=sys.stderr)
        return 130

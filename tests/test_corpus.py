"""The answer corpus (docs/AUTHORING.md, COURSE_SPEC §10), graded by the real grader: every
`fail` entry loses points on its own exercise and its feedback names the mistake given on its
`# diagnosis:` line; every `pass` entry (a correct answer written differently) keeps full marks;
each graded function has >= 3 of each; and at least 90% of the wrong answers are named.
The harness is autograder/corpus.py (`course corpus LESSON`)."""
import json
from pathlib import Path

import nbformat
import pytest

from autograder import corpus
from autograder import notebook as nb

ROOT = Path(__file__).resolve().parent.parent
LESSONS = nb.lesson_names(ROOT)
NAMED_GOAL = 0.9
SHARES = ROOT / "test-output" / "corpus-named.json"    # git-ignored: the latest shares


def test_solutions_exist():
    assert LESSONS, "solutions/ holds no lesson (solutions/NN_name/NN_name.ipynb)"


@pytest.fixture(scope="module")
def reports():
    return {}


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS)
def test_corpus(lesson, reports):
    report = corpus.run_lesson_corpus(lesson)
    reports[lesson] = report
    print(report.table())
    assert report.ok, "\n" + report.table()


@pytest.mark.slow
def test_at_least_90_percent_of_wrong_answers_are_named(reports):
    missing = [lesson for lesson in LESSONS if lesson not in reports]
    for lesson in missing:                 # when run on its own
        reports[lesson] = corpus.run_lesson_corpus(lesson)
    wrong = [r for report in reports.values() for r in report.wrong_answers]
    named = [r for r in wrong if r.named]
    shares = {lesson: [sum(r.named for r in rep.wrong_answers), len(rep.wrong_answers)]
              for lesson, rep in sorted(reports.items())}
    SHARES.parent.mkdir(exist_ok=True)
    SHARES.write_text(json.dumps({"lessons": shares, "named": len(named), "wrong": len(wrong)},
                                 indent=1) + "\n")
    print(f"named mistakes: {len(named)}/{len(wrong)}")
    unnamed = [f"{r.entry.path.parent.name}/{r.entry.path.name}: wants {r.entry.diagnosis!r}"
               for r in wrong if not r.named]
    assert wrong and len(named) / len(wrong) >= NAMED_GOAL, "\n".join(unnamed)


# ------------------------------------------------------------------ the harness itself
def _lesson(root):
    def cell(kind, source, gid=None, points=1):
        meta = {"answer": dict(grade=False, solution=True, locked=False),
                "test": dict(grade=True, solution=False, locked=True, points=points)}
        c = nbformat.v4.new_code_cell(source)
        if kind != "code":
            c.metadata["nbgrader"] = {"schema_version": 3, "task": False, "grade_id": gid,
                                      **meta[kind]}
        return c
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        cell("code", "BASE = 10\nfrom autograder.checks import check_scalar"),
        cell("answer", "def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n"
                       "    ### END SOLUTION", "add"),
        cell("test", "check_scalar('add(2, 3)', add(2, 3), 5,\n"
                     "             mistakes=[(-1, 'subtracts instead of adding')])", "add_tests"),
        cell("test", "check_scalar('add(2, 3)', add(2, 3), 5)\n### BEGIN HIDDEN TESTS\n"
                     "check_scalar('add(-10, 0.5)', add(-BASE, 0.5), -9.5)\n"
                     "### END HIDDEN TESTS", "add_tests_2"),
        cell("answer", "def neg(a):\n    ### BEGIN SOLUTION\n    return -a\n    ### END SOLUTION", "neg"),
        cell("test", "check_scalar('neg(4)', neg(4), -4)", "neg_tests"),
    ]
    folder = root / "solutions" / "90_tiny"
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / "90_tiny.ipynb")
    (root / "autograder").mkdir()
    entries = root / "tests" / "corpus" / "90_tiny"
    entries.mkdir(parents=True)
    files = {
        "add__minus.py": "# expect: fail | subtracts\n# diagnosis: subtracts instead\n"
                         "def add(a, b):\n    return a - b\n",
        "add__ints_only.py": "# expect: fail | hidden test only\n# diagnosis: add(-10, 0.5)\n"
                             "def add(a, b):\n    return int(a) + int(b)\n",
        "add__loops.py": "# expect: fail | never returns\n# diagnosis: did not finish\n"
                         "def add(a, b):\n    while True:\n        pass\n",
        "add__sum.py": "# expect: pass | sum of a list\ndef add(a, b):\n    return sum([a, b])\n",
        "add__wrongly_pass.py": "# expect: pass | claims to pass\ndef add(a, b):\n    return 0\n",
        "add__wrongly_fail.py": "# expect: fail | claims to fail\n# diagnosis: x\n"
                                "def add(a, b):\n    return b + a\n",
        "add__unnamed.py": "# expect: fail | named wrongly\n# diagnosis: a word the feedback lacks\n"
                           "def add(a, b):\n    return a * b\n",
        "add__no_diagnosis.py": "# expect: fail | no second line\ndef add(a, b):\n    return a\n",
        "add__syntax.py": "# expect: fail | broken\n# diagnosis: SyntaxError\ndef add(a, b)\n    return a\n",
        "neg__no_header.py": "def neg(a):\n    return a\n",
        "mul__unknown.py": "# expect: fail | no such exercise\n# diagnosis: x\ndef mul(a, b):\n    return 0\n",
    }
    for name, text in files.items():
        (entries / name).write_text(text)
    return root


@pytest.mark.slow
def test_harness_reports_every_kind_of_corpus_problem(tmp_path):
    report = corpus.run_lesson_corpus("90_tiny", root=_lesson(tmp_path), timeout=5)
    table = report.table()
    verdict = {r.entry.path.name: r for r in report.results}
    assert verdict["add__minus.py"].correct and verdict["add__minus.py"].named, table
    assert verdict["add__sum.py"].correct and verdict["add__sum.py"].status == "passed"
    assert verdict["add__ints_only.py"].correct and verdict["add__ints_only.py"].named   # hidden test
    assert verdict["add__loops.py"].correct and verdict["add__loops.py"].status == "timeout"
    assert not verdict["add__wrongly_pass.py"].correct
    assert not verdict["add__wrongly_fail.py"].correct
    assert verdict["add__unnamed.py"].correct and not verdict["add__unnamed.py"].named
    assert verdict["add__syntax.py"].correct
    problems = "\n".join(report.problems)
    assert "add__no_diagnosis.py: second line must read" in problems
    assert "neg__no_header.py: first line must read" in problems
    assert "mul__unknown.py: names grade_id 'mul'" in problems
    assert "neg: has 0 'fail' and 0 'pass' corpus entries" in problems
    assert not report.ok and "RESULT: FAILED" in table and "named mistakes:" in table
    assert "BAD add__wrongly_pass.py" in table and "ok  add__minus.py" in table

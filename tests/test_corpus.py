"""The wrong-answer corpus (docs/AUTHORING.md): every `fail` entry fails one of its exercise's
test cells, every `pass` entry passes them all, and every graded function has >= 3 fail and
>= 1 pass entries. The harness lives in autograder/corpus.py (`python -m autograder.corpus LESSON`)."""
import nbformat
import pytest

from autograder import corpus

LESSONS = corpus.lessons_in()


def test_solutions_exist():
    assert LESSONS, "solutions/ holds no lesson (solutions/NN_name/NN_name.ipynb)"


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS)
def test_corpus(lesson):
    report = corpus.run_lesson_corpus(lesson)
    print(report.table())
    assert report.ok, "\n" + report.table()


# ------------------------------------------------------------------ the harness itself
def test_owner_of_test_prefers_the_longest_function_name():
    names = ["sigmoid", "sigmoid_derivative", "train"]
    assert corpus.owner_of_test("sigmoid_tests", names) == "sigmoid"
    assert corpus.owner_of_test("sigmoid_derivative_tests_2", names) == "sigmoid_derivative"
    assert corpus.owner_of_test("train_tests_3", names) == "train"
    assert corpus.owner_of_test("train_testsuite", names) is None
    assert corpus.owner_of_test("plot_tests", names) is None


def _lesson(root):
    def cell(kind, source, gid=None, points=1):
        meta = {"answer": dict(grade=False, solution=True, locked=False),
                "test": dict(grade=True, solution=False, locked=True, points=points)}
        c = nbformat.v4.new_code_cell(source)
        if kind != "code":
            c.metadata["nbgrader"] = {"schema_version": 3, "task": False, "grade_id": gid,
                                      **meta[kind]}
        return c
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        cell("code", "BASE = 10"),
        cell("answer", "def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n"
                       "    ### END SOLUTION", "add"),
        cell("test", "assert add(2, 3) == 5", "add_tests"),
        cell("test", "### BEGIN HIDDEN TESTS\nassert add(-BASE, 0.5) == -9.5\n"
                     "### END HIDDEN TESTS", "add_tests_2"),
        cell("answer", "def neg(a):\n    return -a", "neg"),
        cell("test", "assert neg(4) == -4", "neg_tests"),
    ]
    folder = root / "solutions" / "90_tiny"
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "90_tiny.ipynb")
    entries = root / "tests" / "corpus" / "90_tiny"
    entries.mkdir(parents=True)
    files = {
        "add__minus.py": "# expect: fail | subtracts\ndef add(a, b):\n    return a - b\n",
        "add__ints_only.py": "# expect: fail | hidden test only\ndef add(a, b):\n"
                             "    return int(a) + int(b)\n",
        "add__loops.py": "# expect: fail | never returns\ndef add(a, b):\n    while True:\n"
                         "        pass\n",
        "add__sum.py": "# expect: pass | sum of a list\ndef add(a, b):\n    return sum([a, b])\n",
        "add__wrongly_pass.py": "# expect: pass | claims to pass\ndef add(a, b):\n    return 0\n",
        "add__wrongly_fail.py": "# expect: fail | claims to fail\ndef add(a, b):\n    return b + a\n",
        "add__syntax.py": "# expect: fail | broken\ndef add(a, b)\n    return a\n",
        "neg__no_header.py": "def neg(a):\n    return a\n",
        "mul__unknown.py": "# expect: fail | no such exercise\ndef mul(a, b):\n    return 0\n",
    }
    for name, text in files.items():
        (entries / name).write_text(text)
    return root


@pytest.mark.slow
def test_harness_reports_every_kind_of_corpus_problem(tmp_path):
    report = corpus.run_lesson_corpus("90_tiny", root=_lesson(tmp_path), timeout=5)
    table = report.table()
    verdict = {r.entry.path.name: r for r in report.results}
    assert verdict["add__minus.py"].correct and verdict["add__sum.py"].correct
    assert verdict["add__ints_only.py"].correct, table          # caught by the hidden test
    assert verdict["add__loops.py"].correct and "timeout" in table
    assert not verdict["add__wrongly_pass.py"].correct
    assert not verdict["add__wrongly_fail.py"].correct
    assert not verdict["add__syntax.py"].correct and "SyntaxError" in table
    # Each entry runs every test cell of its exercise, visible and hidden.
    assert [t for t, r in verdict["add__sum.py"].tests] == ["add_tests", "add_tests_2"]
    problems = "\n".join(report.problems)
    assert "neg__no_header.py: first line must read" in problems
    assert "mul__unknown.py: names grade_id 'mul'" in problems
    assert "neg: has 0 'fail' and 0 'pass' corpus entries" in problems
    assert not report.ok and "RESULT: FAILED" in table
    assert "BAD add__wrongly_pass.py" in table and "ok  add__minus.py" in table

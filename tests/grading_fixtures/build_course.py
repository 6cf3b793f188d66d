"""Writes the two tiny nbgrader source lessons the grading tests use (fast to run), under
tests/grading_fixtures/course/solutions/. Run it again after changing the cells below:

    .venv/bin/python tests/grading_fixtures/build_course.py
"""
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent / "course"
HIDDEN_MARKER = "hidden_marker_7d1f"   # appears only in hidden test lines (leak checks)


def answer(grade_id, source):
    return new_code_cell(source, metadata={"nbgrader": {
        "grade_id": grade_id, "solution": True, "grade": False, "locked": False,
        "schema_version": 3}})


def test(grade_id, source, points):
    return new_code_cell(source, metadata={"nbgrader": {
        "grade_id": grade_id, "solution": False, "grade": True, "locked": True,
        "points": points, "schema_version": 3}})


def manual(grade_id, source, points):
    return new_markdown_cell(source, metadata={"nbgrader": {
        "grade_id": grade_id, "solution": True, "grade": True, "locked": False,
        "points": points, "schema_version": 3}})


def tiny():
    return new_notebook(cells=[
        new_markdown_cell("# A tiny lesson for the grader's tests"),
        new_code_cell("import numpy as np\n"
                      "from autograder.checks import check_array, check_scalar"),
        answer("sigmoid", 'def sigmoid(z):\n    """Logistic function."""\n'
                          "    ### BEGIN SOLUTION\n    return 1.0 / (1.0 + np.exp(-z))\n"
                          "    ### END SOLUTION"),
        test("sigmoid_tests", 'check_scalar("sigmoid(0)", float(sigmoid(0.0)), 0.5)\n'
                              "### BEGIN HIDDEN TESTS\n"
                              f"_z = np.array([[-1.0, 0.5, 2.0]])  # {HIDDEN_MARKER} sigmoid\n"
                              'check_array("sigmoid(z)", sigmoid(_z), 1 / (1 + np.exp(-_z)))\n'
                              "### END HIDDEN TESTS", 2),
        answer("double", 'def double(x):\n    """Twice x."""\n'
                         "    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"),
        new_code_cell("print('double(1) =', double(1.0) if 'double' in globals() else None)"),
        test("double_tests", 'check_scalar("double(2)", double(2.0), 4.0)\n'
                             "### BEGIN HIDDEN TESTS\n"
                             f"_x = np.array([[1.5, -2.0, 3.25]])  # {HIDDEN_MARKER} double\n"
                             'check_array("double(x)", double(_x), 2 * _x)\n'
                             "### END HIDDEN TESTS", 1),
        test("double_tests_2", 'check_scalar("double(-3)", double(-3.0), -6.0)', 1),
        manual("why_answer", "Why?\n\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION", 1),
        answer("square", 'def square(x):\n    """x squared."""\n'
                         "    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION"),
        test("square_tests", 'check_scalar("square(3)", square(3.0), 9.0)\n'
                             "### BEGIN HIDDEN TESTS\n"
                             f"_y = np.array([0.5, -4.0])  # {HIDDEN_MARKER} square\n"
                             'check_array("square(y)", square(_y), _y * _y)\n'
                             "### END HIDDEN TESTS", 1),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})


def other():
    return new_notebook(cells=[
        new_code_cell("from autograder.checks import check_scalar"),
        answer("triple", "def triple(x):\n    ### BEGIN SOLUTION\n    return 3 * x\n"
                         "    ### END SOLUTION"),
        test("triple_tests", 'check_scalar("triple(2)", triple(2.0), 6.0)', 1),
    ])


def main():
    for name, nb in (("01_tiny", tiny()), ("02_other", other())):
        path = HERE / "solutions" / name / f"{name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(path))
    # an ``autograder/`` folder marks the course root for nbgrader_config.repo_root
    (HERE / "autograder").mkdir(exist_ok=True)
    (HERE / "autograder" / "README").write_text("Marks this folder as a course root for tests.\n")


if __name__ == "__main__":
    main()

"""`course export`: gradebook files that Canvas's and Moodle's grade imports accept.

The expected layouts follow the importers' own code: Canvas's GradebookImporter (a header whose
first cells are Student, ID, [SIS User ID, SIS Login ID,] Section; a "Points Possible" row; blank
= no change) and Moodle's gradeimport_csv (a header row, one student per row, every row mapped to
a user)."""
import csv
import io
import json
import random

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder import cli
from autograder.export import (
    ExportError, build_gradebook, exercise_points, export, format_score, lesson_points, render,
)


def _answer(gid, src):
    return new_code_cell(src, metadata={"nbgrader": {"grade_id": gid, "solution": True,
                                                     "grade": False, "schema_version": 3}})


def _test(gid, pts):
    return new_code_cell("assert True", metadata={"nbgrader": {
        "grade_id": gid, "solution": False, "grade": True, "points": pts, "schema_version": 3}})


def _manual(gid, pts):
    return new_markdown_cell("Why?", metadata={"nbgrader": {
        "grade_id": gid, "solution": True, "grade": True, "points": pts, "schema_version": 3}})


@pytest.fixture
def course(tmp_path):
    """A course root with two lessons: 01_alpha (2 + 1.5 test points, 2 written) and 02_beta (3)."""
    root = tmp_path / "course"
    (root / "autograder").mkdir(parents=True)
    lessons = {
        "01_alpha": [_answer("f", "def f(x):\n    return x"), _test("f_tests", 2),
                     _test("f_tests_2", 1.5), _answer("g", "def g(x):\n    return x"),
                     _manual("why_answer", 2)],
        "02_beta": [_answer("h", "def h(x):\n    return x"), _test("h_tests", 3)],
    }
    for name, cells in lessons.items():
        (root / "solutions" / name).mkdir(parents=True)
        nbformat.write(new_notebook(cells=cells), str(root / "solutions" / name / f"{name}.ipynb"))
    return root


def _entry(student, lesson, status="graded", score=None, max_score=None, **extra):
    return {"student": student, "lesson": lesson, "file": f"{student}_{lesson}.ipynb",
            "status": status, "message": "", "score": score, "max_score": max_score,
            "exercises": [], **extra}


ENTRIES = [
    _entry("ann", "01_alpha", score=3.5, max_score=3.5),
    _entry("ann", "02_beta", score=2.3333333, max_score=3),
    _entry("bob", "01_alpha", score=1.005, max_score=3.5, manual_max_score=2),
    _entry("cem", "01_alpha", status="invalid_notebook"),
    _entry("cem", "02_beta", score=0, max_score=3),
    _entry("dan", None, status="no_notebook"),
    _entry("eve", "", status="invalid_notebook"),
    _entry("fay", "02_beta", status="grader_error"),
]


@pytest.fixture
def grading(tmp_path):
    out = tmp_path / "grading"
    out.mkdir()
    (out / "results.json").write_text(json.dumps({"submissions": ENTRIES}))
    return out


def _rows(text):
    return list(csv.reader(io.StringIO(text)))


def canvas_accepts(rows):
    """Canvas's GradebookImporter header rules, transcribed: the header names the student
    columns and ends them with Section; a Points Possible row may follow; students follow."""
    header = rows[0]
    assert len(header) > 3 and "Student" in header[0] and "ID" in header[1]
    student_columns = 3
    if header[2] == "SIS User ID" and header[3] == "SIS Login ID":
        student_columns += 2
    elif header[2] == "SIS Login ID":
        student_columns += 1
    assert "Section" in header[student_columns - 1]
    assert "Points Possible" in rows[1][0]
    for row in rows[1:]:
        assert len(row) == len(header)
        for cell in row[student_columns:]:
            assert cell == "" or float(cell) >= 0
    return header[student_columns:]


def moodle_accepts(rows):
    """Moodle's gradeimport_csv: a header row, then one student per row, each with a user
    identifier (a row whose user is unknown stops the whole import) and numeric or empty grades."""
    header = rows[0]
    assert len(header) >= 2 and all(h.strip() == h and h for h in header)
    for row in rows[1:]:
        assert len(row) == len(header) and row[0].strip()
        for cell in row[1:]:
            assert cell == "" or float(cell) >= 0
    return header[1:]


def test_format_score_has_at_most_two_decimals():
    assert [format_score(x) for x in (None, 0, 10, 7.5, 2.3333333, 1.005, 2.675, -0.0001, 12.0)] \
        == ["", "0", "10", "7.5", "2.33", "1.01", "2.68", "0", "12"]


def test_points_possible_count_every_point_of_the_source_notebook(course):
    assert exercise_points(course, "01_alpha") == {"f": 3.5, "why_answer": 2.0}
    assert lesson_points(course, "01_alpha") == 5.5
    assert lesson_points(course, "02_beta") == 3


def test_canvas_file_header_points_row_and_one_row_per_student(course, grading):
    path = export(grading, "canvas", root=course, echo=lambda *a: None)
    assert path == grading / "export-canvas.csv"
    text = path.read_text(encoding="utf-8")
    assert text == (
        "Student,ID,SIS User ID,SIS Login ID,Section,01_alpha,02_beta\n"
        "Points Possible,,,,,5.5,3\n"
        "ann,,ann,ann,,3.5,2.33\n"
        "bob,,bob,bob,,1.01,\n"
        "cem,,cem,cem,,,0\n"
        "dan,,dan,dan,,,\n"
        "eve,,eve,eve,,,\n"
        "fay,,fay,fay,,,\n")
    assert canvas_accepts(_rows(text)) == ["01_alpha", "02_beta"]


def test_moodle_file_has_an_identifier_column_and_students_only(course, grading):
    path = export(grading, "moodle", root=course, echo=lambda *a: None)
    text = path.read_text(encoding="utf-8")
    assert text == (
        "Student ID,01_alpha,02_beta\n"
        "ann,3.5,2.33\n"
        "bob,1.01,\n"
        "cem,,0\n"
        "dan,,\n"
        "eve,,\n"
        "fay,,\n")
    assert moodle_accepts(_rows(text)) == ["01_alpha", "02_beta"]


def test_plain_csv_has_points_totals_and_says_why_a_cell_is_empty(course, grading):
    text = export(grading, "csv", root=course, echo=lambda *a: None).read_text()
    assert _rows(text) == [
        ["student", "01_alpha", "02_beta", "total", "notes"],
        ["points_possible", "5.5", "3", "8.5", ""],
        ["ann", "3.5", "2.33", "5.83", ""],
        ["bob", "1.01", "", "1.01",
         "01_alpha: written answers worth 2 point(s) not graded yet; 02_beta: no submission"],
        ["cem", "", "0", "0", "01_alpha: invalid_notebook"],
        ["dan", "", "", "0", "dan_None.ipynb: no_notebook (lesson not recognised); "
                             "01_alpha: no submission; 02_beta: no submission"],
        ["eve", "", "", "0", "eve_.ipynb: invalid_notebook (lesson not recognised); "
                             "01_alpha: no submission; 02_beta: no submission"],
        ["fay", "", "", "0", "01_alpha: no submission; 02_beta: grader_error"],
    ]


def test_one_lesson_and_zero_for_missing(course, grading):
    path = export(grading, "canvas", lesson="02_beta", missing="zero", root=course,
                  echo=lambda *a: None)
    assert path.name == "export-canvas-02_beta.csv"
    assert path.read_text() == (
        "Student,ID,SIS User ID,SIS Login ID,Section,02_beta\n"
        "Points Possible,,,,,3\n"
        "ann,,ann,ann,,2.33\n"
        "bob,,bob,bob,,0\n"
        "cem,,cem,cem,,0\n"
        "dan,,dan,dan,,0\n"
        "eve,,eve,eve,,0\n"
        "fay,,fay,fay,,0\n")


def test_output_is_deterministic_whatever_the_order_of_results(course):
    shuffled = ENTRIES[:]
    random.Random(3).shuffle(shuffled)
    for fmt in ("canvas", "moodle", "csv"):
        assert render(build_gradebook(shuffled, course), fmt) == \
            render(build_gradebook(ENTRIES, course), fmt)


def test_a_graded_entry_wins_over_an_unreadable_one_for_the_same_lesson(course):
    entries = [_entry("ann", "02_beta", score=3, max_score=3),
               _entry("ann", "02_beta", status="invalid_notebook")]
    assert build_gradebook(entries, course).scores[("ann", "02_beta")] == 3


def test_errors_name_the_problem(course, tmp_path):
    with pytest.raises(ExportError, match="results.json does not exist"):
        export(tmp_path / "nothing", "csv", root=course)
    with pytest.raises(ExportError, match="unknown lesson '09_x'"):
        build_gradebook(ENTRIES, course, lesson="09_x")
    with pytest.raises(ExportError, match="staff copy"):
        build_gradebook([_entry("ann", "07_gone", score=1, max_score=1)], course)


def test_cli_writes_the_file_and_reports(course, grading, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_ROOT", str(course))
    out = grading / "moodle.csv"
    assert cli.main(["export", str(grading), "--format", "moodle", "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out}: 6 student(s) x 2 lesson(s)" in printed
    assert "points possible: 01_alpha 5.5, 02_beta 3" in printed
    assert "written answers not graded yet" in printed
    assert out.read_text().startswith("Student ID,01_alpha,02_beta\n")
    assert cli.main(["export", str(grading / "missing"), "--format", "csv"]) == 1
    assert "course export: " in capsys.readouterr().err

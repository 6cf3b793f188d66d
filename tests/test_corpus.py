"""The wrong-answer corpus (docs/AUTHORING.md): every `fail` entry fails one of its exercise's
test cells, every `pass` entry passes them all, and every graded function has >= 3 fail and
>= 1 pass entries. The harness lives in autograder/corpus.py (`python -m autograder.corpus LESSON`)."""
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

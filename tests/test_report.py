"""Item analysis as an HTML page (and as terminal text): a histogram per exercise, the most
common failure sentences with their counts, whole and escaped; written answers reported as
graded by hand, never as "passed 0 of N"."""
import base64
import html
import re
from pathlib import Path

from page_screenshot import save_screenshot

from autograder.report import collect, failure_sentence, item_analysis_html, item_analysis_text

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"

LONG = ("dW has the right shape (3, 4) but wrong values: max difference 0.123456789 at (2, 3); "
        "dW is the transpose of the expected gradient, which only works for square shapes; "
        "compute x.T @ dout, with x of shape (N, D_in) = (5, 3) and dout of shape (N, D_out) = "
        "(5, 4), rather than dout.T @ x. Relative error 1.0000001e+00 > 1e-07.")
SHORT = "db was not summed over the batch: expected shape (4,), got (5, 4)."


def _ex(gid, status, score, max_score, feedback="", **extra):
    return {"grade_id": gid, "status": status, "score": score, "max_score": max_score,
            "feedback": feedback, "tampered": False, **extra}


def _entry(student, lesson, exercises, status="graded"):
    return {"student": student, "lesson": lesson, "file": f"{student}.ipynb", "status": status,
            "message": "", "score": sum(e["score"] or 0 for e in exercises),
            "max_score": 5, "exercises": exercises}


def _class():
    entries = []
    dense = [("passed", 2, ""), ("failed", 0, LONG + "\n  File cell, line 4, in dense_backward"),
             ("failed", 1, LONG), ("failed", 0, SHORT), ("passed", 2, ""),
             ("error", 0, "NameError: name 'np' is not defined"),
             ("not_attempted", 0, "dense_backward still raises NotImplementedError."),
             ("failed", 0, "<script>alert('x')</script> & friends")]
    manual = [1.5, None, None, 2, None, None, 0.5, None]
    for i, ((status, score, feedback), written) in enumerate(zip(dense, manual)):
        exercises = [
            _ex("dense_backward", status, score, 2, feedback),
            _ex("relu_backward", "passed" if i % 3 else "failed", 1 if i % 3 else 0, 1,
                "" if i % 3 else "the ReLU mask was taken from dout; take it from the cache z"),
            _ex("gradient_check_answer", "manual", written, None,
                "Graded by hand." if written is None else "", manual_max_score=2),
        ]
        entries.append(_entry(f"s{i:02}", "05_backward_pass", exercises))
    entries.append(_entry("late", "05_backward_pass", [], status="invalid_notebook"))
    entries.append(_entry("lost", None, [], status="no_notebook"))
    entries.append(_entry("t01", "01_chain_rule", [_ex("sigmoid", "passed", 1, 1)]))
    return entries


POINTS = {"05_backward_pass": {"dense_backward": 2, "relu_backward": 1,
                               "gradient_check_answer": 2},
          "01_chain_rule": {"sigmoid": 1}}


def test_failure_sentence_is_the_whole_first_line():
    assert failure_sentence(LONG + "\n  File cell, line 4") == LONG
    assert failure_sentence("\n\n  x is wrong.  \ntrace") == "x is wrong."
    assert failure_sentence("") == ""


def test_counts_per_exercise():
    stats = {st.grade_id: st for st in collect(_class(), POINTS)["05_backward_pass"]}
    assert list(stats) == ["dense_backward", "relu_backward", "gradient_check_answer"]
    dense = stats["dense_backward"]
    assert (dense.passed, len(dense.scores), dense.mean) == (2, 8, 5 / 8)
    assert dense.sentences[LONG] == 2 and dense.sentences[SHORT] == 1
    written = stats["gradient_check_answer"]
    assert written.written and (len(written.scored), written.pending) == (3, 5)
    assert written.max_points == 2 and not written.sentences


def test_page_has_a_histogram_per_exercise_whole_escaped_sentences_and_hand_grading(tmp_path):
    page = item_analysis_html(_class(), POINTS)
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 4          # dense, relu, the written answer (3 scored), sigmoid
    assert all(base64.b64decode(img).startswith(b"\x89PNG\r\n\x1a\n") for img in images)
    # the most common failure sentence, whole (numbers intact), with its count
    assert '<span class="count">2&times;</span>' + html.escape(LONG) in page
    assert '<span class="count">1&times;</span>' + SHORT in page
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; friends" in page
    # traceback lines are not sentences
    assert "File cell, line 4" not in page
    # written answers: graded by hand, never "passed 0 of"
    assert "Written answer, graded by hand: 3 scored, 5 pending." in page
    assert "passed 0 of" not in page
    assert "passed 2 of 8" in page and "Mean 0.63 of 2" in page
    assert "9 graded submission(s), 1 invalid_notebook, 1 no_notebook" in page
    assert page.index("<h2>01_chain_rule</h2>") < page.index("<h2>05_backward_pass</h2>")
    assert item_analysis_html(_class(), POINTS) == page       # the same page every time

    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / "item_analysis.html"
    path.write_text(page, encoding="utf-8")
    save_screenshot(path, OUTPUT / "item_analysis.png", width=1150)


def test_without_points_the_entries_give_the_maximum():
    page = item_analysis_html(_class())
    assert "dense_backward (2 points)" in page and "gradient_check_answer (2 points)" in page


def test_no_graded_submission():
    page = item_analysis_html([_entry("x", None, [], status="invalid_notebook")])
    assert "No graded submission yet." in page and "0 graded submission(s)" in page


def test_text_summary_keeps_every_number_and_sentence_whole():
    text = item_analysis_text(_class(), POINTS)
    assert "Item analysis: 9 graded submission(s) (not graded: 1 invalid_notebook, 1 no_notebook)" in text
    assert "  dense_backward         mean 0.63/2, passed 2/8" in text
    assert f"      2 x {LONG}\n" in text
    assert "  gradient_check_answer  graded by hand: 3 scored, 5 pending, mean 1.33/2" in text
    assert "passed 0/" not in text

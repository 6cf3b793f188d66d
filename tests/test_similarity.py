"""`course similarity`: a copied answer (renamed variables, reordered lines) ranks first; a class
of independent correct solutions flags nobody.

The classes are lesson 05's real source notebook with answers put in by grade_id, as
`course grade` writes DIR/autograded/STUDENT/LESSON/LESSON.ipynb. The independent answers are
genuinely different correct implementations (loops, nditer, flat views, recursion, einsum); the
short canonical answers (relu_backward) are the same for everybody, as in a real class."""
import copy
import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from page_screenshot import save_screenshot

from autograder import cli
from autograder.notebook import grade_id, is_answer_cell, source_notebook, stub_answer
from autograder.similarity import (
    CAVEAT, DEFAULT_THRESHOLD, analyse, normalise_tokens, similarity_report,
)

ROOT = Path(__file__).resolve().parent.parent
LESSON = "05_backward_pass"
OUTPUT = ROOT / "test-output"

HEAD = {
    "dense_backward": "def dense_backward(dout, cache):\n",
    "relu_backward": "def relu_backward(dout, cache):\n",
    "mlp_backward": 'def mlp_backward(dscores, caches, activation="relu"):\n',
    "numerical_gradient": "def numerical_gradient(f, x, h=1e-5):\n",
}

RELU = "    return dout * (cache > 0)\n"

DENSE = {
    "textbook": ("    x, W, b = cache\n    dx = dout @ W.T\n    dW = x.T @ dout\n"
                 "    db = dout.sum(axis=0)\n    return dx, dW, db\n"),
    "dot": ("    x, W, _ = cache\n"
            "    return dout.dot(W.T), x.T.dot(dout), np.sum(dout, axis=0)\n"),
    "matmul": ("    inputs, weights, bias = cache\n"
               "    grad_inputs = np.matmul(dout, weights.transpose())\n"
               "    grad_weights = np.matmul(inputs.transpose(), dout)\n"
               "    grad_bias = dout.sum(0)\n"
               "    return grad_inputs, grad_weights, grad_bias\n"),
    "einsum": ("    x, W, b = cache\n"
               '    dx = np.einsum("nk,dk->nd", dout, W)\n'
               '    dW = np.einsum("nd,nk->dk", x, dout)\n'
               '    return dx, dW, np.einsum("nk->k", dout)\n'),
    "indexing": ("    dx = dout @ cache[1].T\n"
                 "    dW = cache[0].T @ dout\n"
                 "    db = np.add.reduce(dout, axis=0)\n"
                 "    return dx, dW, db\n"),
    "ones": ("    x, W, b = cache\n"
             "    dW = np.dot(x.T, dout)\n"
             "    db = np.ones(len(dout)) @ dout\n"
             "    dx = np.dot(dout, np.transpose(W))\n"
             "    return dx, dW, db\n"),
}

NUMERICAL = {
    "ndindex": ("    grad = np.zeros_like(x, dtype=float)\n"
                "    for idx in np.ndindex(*x.shape):\n"
                "        saved = x[idx]\n"
                "        x[idx] = saved + h\n"
                "        up = f()\n"
                "        x[idx] = saved - h\n"
                "        down = f()\n"
                "        x[idx] = saved\n"
                "        grad[idx] = (up - down) / (2 * h)\n"
                "    return grad\n"),
    "nditer": ("    result = np.zeros(x.shape)\n"
               '    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])\n'
               "    while not it.finished:\n"
               "        i = it.multi_index\n"
               "        original = float(x[i])\n"
               "        x[i] = original + h\n"
               "        plus = f()\n"
               "        x[i] = original - h\n"
               "        minus = f()\n"
               "        result[i] = (plus - minus) / (2.0 * h)\n"
               "        x[i] = original\n"
               "        it.iternext()\n"
               "    return result\n"),
    "flat": ("    flat = x.reshape(-1)  # a view of x\n"
             "    g = np.empty(flat.size)\n"
             "    for k in range(flat.size):\n"
             "        keep = flat[k]\n"
             "        flat[k] = keep + h; fp = f()\n"
             "        flat[k] = keep - h; fm = f()\n"
             "        flat[k] = keep\n"
             "        g[k] = 0.5 * (fp - fm) / h\n"
             "    return g.reshape(x.shape)\n"),
    "helper": ("    import itertools\n\n"
               "    def evaluate_at(position, value):\n"
               "        previous = x[position]\n"
               "        x[position] = value\n"
               "        try:\n"
               "            return f()\n"
               "        finally:\n"
               "            x[position] = previous\n\n"
               "    gradient = np.zeros(x.shape, dtype=np.float64)\n"
               "    for position in itertools.product(*(range(n) for n in x.shape)):\n"
               "        centre = x[position]\n"
               "        gradient[position] = (evaluate_at(position, centre + h)\n"
               "                              - evaluate_at(position, centre - h)) / (h + h)\n"
               "    return gradient\n"),
    "unravel": ("    out = np.zeros(x.size)\n"
                "    for flat_index in range(x.size):\n"
                "        where = np.unravel_index(flat_index, x.shape)\n"
                "        base = x[where].copy()\n"
                "        steps = []\n"
                "        for sign in (1, -1):\n"
                "            x[where] = base + sign * h\n"
                "            steps.append(f())\n"
                "        x[where] = base\n"
                "        out[flat_index] = (steps[0] - steps[1]) / (2 * h)\n"
                "    return out.reshape(x.shape)\n"),
    "bump": ("    original = x.copy()\n"
             "    grad = np.zeros(x.shape)\n"
             "    for index in np.ndindex(x.shape):\n"
             "        bump = np.zeros(x.shape)\n"
             "        bump[index] = h\n"
             "        x[...] = original + bump\n"
             "        above = f()\n"
             "        x[...] = original - bump\n"
             "        below = f()\n"
             "        grad[index] = (above - below) / (2 * h)\n"
             "    x[...] = original\n"
             "    return grad\n"),
    "ndenumerate": ("    estimate = np.zeros(x.shape)\n"
                    "    for where, value in np.ndenumerate(x.copy()):\n"
                    "        x[where] = value + h\n"
                    "        right = f()\n"
                    "        x[where] = value - h\n"
                    "        left = f()\n"
                    "        x[where] = value\n"
                    "        estimate[where] = (right - left) / (2 * h)\n"
                    "    return estimate\n"),
}

MLP = {
    "range": ('    derivative = {"relu": relu_backward, "sigmoid": sigmoid_backward,\n'
              '                  "tanh": tanh_backward}[activation]\n'
              "    grads = {}\n"
              "    d = dscores\n"
              "    for layer in range(len(caches), 0, -1):\n"
              "        dense_cache, act_cache = caches[layer - 1]\n"
              "        if act_cache is not None:\n"
              "            d = derivative(d, act_cache)\n"
              '        d, grads["W%d" % layer], grads["b%d" % layer] = dense_backward(d, dense_cache)\n'
              "    return grads\n"),
    "enumerate": ('    if activation == "relu":\n'
                  "        act_back = relu_backward\n"
                  '    elif activation == "sigmoid":\n'
                  "        act_back = sigmoid_backward\n"
                  "    else:\n"
                  "        act_back = tanh_backward\n"
                  "    result = {}\n"
                  "    upstream = dscores\n"
                  "    for i, (lin, act) in reversed(list(enumerate(caches, start=1))):\n"
                  "        if act is not None:\n"
                  "            upstream = act_back(upstream, act)\n"
                  "        dx, dW, db = dense_backward(upstream, lin)\n"
                  '        result["W" + str(i)] = dW\n'
                  '        result["b" + str(i)] = db\n'
                  "        upstream = dx\n"
                  "    return result\n"),
    "while": ("    L = len(caches)\n"
              "    grads = {}\n"
              "    dense_cache, _ = caches[-1]\n"
              '    dh, grads[f"W{L}"], grads[f"b{L}"] = dense_backward(dscores, dense_cache)\n'
              "    layer = L - 1\n"
              "    while layer >= 1:\n"
              "        dense_cache, z = caches[layer - 1]\n"
              '        if activation == "relu":\n'
              "            dz = relu_backward(dh, z)\n"
              '        elif activation == "sigmoid":\n'
              "            dz = sigmoid_backward(dh, z)\n"
              "        else:\n"
              "            dz = tanh_backward(dh, z)\n"
              '        dh, grads[f"W{layer}"], grads[f"b{layer}"] = dense_backward(dz, dense_cache)\n'
              "        layer -= 1\n"
              "    return grads\n"),
    "recursion": ("    backward_of = dict(relu=relu_backward, sigmoid=sigmoid_backward,\n"
                  "                       tanh=tanh_backward)\n\n"
                  "    def go(delta, depth):\n"
                  "        if depth == 0:\n"
                  "            return {}\n"
                  "        linear_cache, nonlinear_cache = caches[depth - 1]\n"
                  "        if nonlinear_cache is not None:\n"
                  "            delta = backward_of[activation](delta, nonlinear_cache)\n"
                  "        dx, dW, db = dense_backward(delta, linear_cache)\n"
                  "        found = go(dx, depth - 1)\n"
                  '        found.update({"W" + str(depth): dW, "b" + str(depth): db})\n'
                  "        return found\n\n"
                  "    return go(dscores, len(caches))\n"),
    "pieces": ("    pieces = []\n"
               "    grad_out = dscores\n"
               "    for position in range(len(caches) - 1, -1, -1):\n"
               "        fc_cache, nl_cache = caches[position]\n"
               "        grad_in = (grad_out if nl_cache is None else\n"
               '                   globals()[activation + "_backward"](grad_out, nl_cache))\n'
               "        grad_out, weight_grad, bias_grad = dense_backward(grad_in, fc_cache)\n"
               "        pieces.append((position + 1, weight_grad, bias_grad))\n"
               '    return {key: value for n, w, b in pieces\n'
               '            for key, value in ((f"W{n}", w), (f"b{n}", b))}\n'),
}

# Alice's own mlp_backward; Bob hands in the same code with every name changed, his own
# comments, and independent lines reordered.
ALICE_MLP = ('    # walk the layers from the output back to the input\n'
             '    pick = {"relu": relu_backward, "sigmoid": sigmoid_backward}\n'
             '    act_grad = pick.get(activation, tanh_backward)\n'
             "    out = {}\n"
             "    carry = dscores\n"
             "    n_layers = len(caches)\n"
             "    for step in range(n_layers):\n"
             "        k = n_layers - step\n"
             "        dense_c, act_c = caches[k - 1]\n"
             "        if act_c is not None:\n"
             "            carry = act_grad(carry, act_c)\n"
             "        carry, gw, gb = dense_backward(carry, dense_c)\n"
             '        out["b" + str(k)] = gb\n'
             '        out["W" + str(k)] = gw\n'
             "    return out\n")
BOB_MLP = ("    n = len(caches)\n"
           "    grads_dict = {}\n"
           '    chooser = {"relu": relu_backward, "sigmoid": sigmoid_backward}\n'
           "    g = dscores\n"
           "    f_back = chooser.get(activation, tanh_backward)  # choose the derivative\n"
           "    for t in range(n):\n"
           "        idx = n - t\n"
           "        lin_cache, nonlin_cache = caches[idx - 1]\n"
           "        if nonlin_cache is not None:\n"
           "            g = f_back(g, nonlin_cache)\n"
           "        g, dweights, dbias = dense_backward(g, lin_cache)\n"
           '        grads_dict["W" + str(idx)] = dweights\n'
           '        grads_dict["b" + str(idx)] = dbias\n'
           "    return grads_dict\n")


def _answers(dense, numerical, mlp):
    return {"relu_backward": HEAD["relu_backward"] + RELU,
            "dense_backward": HEAD["dense_backward"] + DENSE[dense],
            "numerical_gradient": HEAD["numerical_gradient"] + NUMERICAL[numerical],
            "mlp_backward": HEAD["mlp_backward"] + (MLP[mlp] if mlp in MLP else mlp)}


INDEPENDENT = {
    "s01": _answers("textbook", "ndindex", "range"),
    "s02": _answers("dot", "nditer", "enumerate"),
    "s03": _answers("matmul", "flat", "while"),
    "s04": _answers("einsum", "helper", "recursion"),
    "s05": _answers("textbook", "unravel", "pieces"),
}


def write_class(grading: Path, answers_by_student: dict) -> Path:
    """DIR/autograded/STUDENT/05_backward_pass/05_backward_pass.ipynb for each student: the
    source notebook with the student's answers put in (the stub where there is none)."""
    source = json.loads(source_notebook(ROOT, LESSON).read_text(encoding="utf-8"))
    for student, answers in answers_by_student.items():
        nb = copy.deepcopy(source)
        for cell in nb["cells"]:
            if is_answer_cell(cell):
                src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                cell["source"] = answers.get(grade_id(cell), stub_answer(src))
        path = grading / "autograded" / student / LESSON / f"{LESSON}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return grading


def test_normalisation_forgets_names_numbers_comments_and_docstrings():
    a = 'def f(x, h=1e-5):\n    """Doc."""\n    total = x * 2  # double\n    return total\n'
    b = "def f(x, h=0.001):\n    # nothing\n    s = x * 3\n    return s\n"
    assert [t for t, _ in normalise_tokens(a)] == [t for t, _ in normalise_tokens(b)]
    # library calls are the shape of a solution: they stay
    assert "maximum" in [t for t, _ in normalise_tokens("y = np.maximum(0, z)")]


def test_a_copied_answer_with_renamed_variables_and_reordered_lines_ranks_first(tmp_path):
    students = dict(INDEPENDENT)
    students["alice"] = _answers("indexing", "bump", ALICE_MLP)
    students["bob"] = _answers("ones", "ndenumerate", BOB_MLP)
    grading = write_class(tmp_path / "grading", students)
    [result] = analyse(grading, root=ROOT)
    top = result.pairs[0]
    assert (top.student_a, top.student_b) == ("alice", "bob")
    assert [m.exercise for m in top.flagged(DEFAULT_THRESHOLD)] == ["mlp_backward"]
    flagged = [(p.student_a, p.student_b) for p in result.pairs if p.flagged(DEFAULT_THRESHOLD)]
    # the other pairs share a lesson (and alice and bob's other answers) with somebody: only
    # the copied answer is flagged
    assert flagged == [("alice", "bob")], [(p.student_a, p.student_b, p.score)
                                             for p in result.pairs[:5]]

    lines = []
    path = similarity_report(grading, root=ROOT, echo=lines.append)
    page = path.read_text(encoding="utf-8")
    assert path == grading / "similarity.html"
    assert "not a verdict" in page and html.escape(CAVEAT.split(". ", 1)[1]) in page
    assert page.index("alice and bob") < page.index("s01 and")
    # side by side, escaped: Bob's comment and Alice's dict literal appear as text
    assert "# choose the derivative" in page
    assert html.escape('pick = {"relu": relu_backward, "sigmoid": sigmoid_backward}') in page
    assert '<span class="match">' in page
    assert lines[0].startswith(f"wrote {path}: 1 pair(s) at or above 60% similarity")
    assert lines[1].startswith("  05_backward_pass: alice and bob, mlp_backward ")

    OUTPUT.mkdir(exist_ok=True)
    shutil.copy(path, OUTPUT / "similarity.html")
    save_screenshot(path, OUTPUT / "similarity.png")


def test_independent_correct_solutions_flag_nobody(tmp_path):
    grading = write_class(tmp_path / "grading", INDEPENDENT)
    [result] = analyse(grading, root=ROOT)
    assert len(result.pairs) == 10
    scores = {(p.student_a, p.student_b): p.score for p in result.pairs}
    assert all(p.score < DEFAULT_THRESHOLD for p in result.pairs), scores
    # relu_backward is the same one-liner for everybody: shared code, never weighed
    relu = [m for p in result.pairs for m in p.matches if m.exercise == "relu_backward"]
    assert relu and not any(m.weighable for m in relu)
    # s01 and s05 both wrote the textbook dense_backward, which is the model solution
    pair = next(p for p in result.pairs if (p.student_a, p.student_b) == ("s01", "s05"))
    assert not next(m for m in pair.matches if m.exercise == "dense_backward").weighable
    lines = []
    similarity_report(grading, root=ROOT, echo=lines.append)
    assert lines == [f"wrote {grading / 'similarity.html'}: 0 pair(s) at or above 60% similarity"]


def test_a_stub_handed_back_is_not_compared(tmp_path):
    grading = write_class(tmp_path / "grading", {"s01": INDEPENDENT["s01"], "lazy": {},
                                                 "idle": {}})
    [result] = analyse(grading, root=ROOT)
    assert result.students == ["idle", "lazy", "s01"]
    assert result.pairs == []           # only s01 attempted anything: no pair to compare


def test_report_is_deterministic_and_the_cli_writes_it(tmp_path, monkeypatch, capsys):
    students = dict(INDEPENDENT)
    students["alice"] = _answers("indexing", "bump", ALICE_MLP)
    students["bob"] = _answers("ones", "ndenumerate", BOB_MLP)
    grading = write_class(tmp_path / "grading", students)
    monkeypatch.setenv("COURSE_ROOT", str(ROOT))
    assert cli.main(["similarity", str(grading), "--lesson", LESSON, "--threshold", "0.5"]) == 0
    first = (grading / f"similarity-{LESSON}.html").read_text()
    assert "alice and bob" in capsys.readouterr().out
    # another process (another hash seed) writes the same bytes
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = tmp_path / "again.html"
    subprocess.run([sys.executable, "-m", "autograder", "similarity", str(grading), "--lesson",
                    LESSON, "--threshold", "0.5", "--output", str(out)], check=True, env=env,
                   cwd=ROOT, capture_output=True)
    assert out.read_text() == first
    assert cli.main(["similarity", str(grading), "--lesson", "09_nothing"]) == 1
    assert "holds no notebook of lesson '09_nothing'" in capsys.readouterr().err
    assert cli.main(["similarity", str(tmp_path / "nowhere")]) == 1
    with pytest.raises(SystemExit):
        cli.main(["similarity", str(grading), "--threshold", "1.5"])


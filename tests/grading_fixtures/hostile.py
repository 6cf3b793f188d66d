"""The hostile class: one student per way a real class breaks a grader (COURSE_SPEC §6), each
with the exact status and score the grader must give. Built from the tiny fixture lesson."""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path

from grading_fixtures.make import find, load, released, with_answers, write

COURSE = Path(__file__).resolve().parent / "course"
TINY = COURSE / "solutions" / "01_tiny" / "01_tiny.ipynb"
OTHER = COURSE / "solutions" / "02_other" / "02_other.ipynb"

GOOD = {"sigmoid": 2.0, "double": 2.0, "square": 1.0}
FULL = 5.0


def _double(body: str, prelude: str = "") -> str:
    return f"{prelude}\ndef double(x):\n" + "\n".join("    " + line for line in body.splitlines())


# student -> (answers replacing the solved notebook's, expected {exercise: (status, score)})
CASES = {
    "good": ({}, {"sigmoid": ("passed", 2.0), "double": ("passed", 2.0), "square": ("passed", 1.0)}),
    "loop": ({"double": _double("while True:\n    pass")},
             {"sigmoid": ("passed", 2.0), "double": ("timeout", 0.0), "square": ("passed", 1.0)}),
    "swallow": ({"double": _double("while True:\n    try:\n        while True:\n            pass\n"
                                   "    except BaseException:\n        pass",
                                   "import signal\nsignal.signal(signal.SIGINT, lambda *a: None)")},
                {"sigmoid": ("passed", 2.0), "double": ("timeout", 0.0), "square": ("passed", 1.0)}),
    "sleeper": ({"double": _double("import time\ntime.sleep(3600)")},
                {"sigmoid": ("passed", 2.0), "double": ("timeout", 0.0), "square": ("passed", 1.0)}),
    "deadlock": ({"double": _double("import threading\nlock = threading.Lock()\nlock.acquire()\n"
                                    "lock.acquire()")},
                 {"sigmoid": ("passed", 2.0), "double": ("timeout", 0.0), "square": ("passed", 1.0)}),
    "osexit": ({"double": _double("import os\nos._exit(1)")},
               {"sigmoid": ("passed", 2.0), "double": ("crashed", 0.0), "square": ("passed", 1.0)}),
    "segfault": ({"double": _double("import ctypes\nreturn ctypes.string_at(0)")},
                 {"sigmoid": ("passed", 2.0), "double": ("crashed", 0.0), "square": ("passed", 1.0)}),
    "sysexit": ({"double": _double("import sys\nsys.exit()")},
                {"sigmoid": ("passed", 2.0), "double": ("error", 0.0), "square": ("passed", 1.0)}),
    "bigmem": ({"double": _double("import numpy as np\nhog = np.ones(50 * 1024 ** 3 // 8)\n"
                                  "return 2 * x")},
               {"sigmoid": ("passed", 2.0), "double": ("error", 0.0), "square": ("passed", 1.0)}),
    "bigprint": ({"double": _double("global PRINTED\nif not PRINTED:\n"
                                    "    print('x' * (100 * 1024 * 1024))\n    PRINTED = True\n"
                                    "return 2 * x", "PRINTED = False")},
                 {"sigmoid": ("passed", 2.0), "double": ("passed", 2.0), "square": ("passed", 1.0)}),
    "patcher": ({"double": _double("return 3 * x", "import builtins, numpy as np, numpy.testing\n"
                                   "np.allclose = lambda *a, **k: True\n"
                                   "np.isclose = lambda *a, **k: True\n"
                                   "np.testing.assert_allclose = lambda *a, **k: None\n"
                                   "builtins.abs = lambda v: 0.0\n"
                                   "builtins.round = lambda *a, **k: 0.0")},
                {"sigmoid": ("passed", 2.0), "double": ("failed", 0.0), "square": ("passed", 1.0)}),
    "alwayseq": ({"double": _double("return Same()", "class Same(float):\n"
                                    "    def __eq__(self, other):\n        return True\n"
                                    "    def __ne__(self, other):\n        return False\n"
                                    "    def __sub__(self, other):\n        return 0.0\n"
                                    "    def __rsub__(self, other):\n        return 0.0")},
                 {"sigmoid": ("passed", 2.0), "double": ("failed", 0.0), "square": ("passed", 1.0)}),
    "blanker": ({"double": _double("return 3 * x", "get_ipython().input_transformers_cleanup.append("
                                   "lambda lines: [])")},
                {"sigmoid": ("passed", 2.0), "double": ("failed", 0.0), "square": ("passed", 1.0)}),
    "swallower": ({"double": _double("return 3 * x", "get_ipython().set_custom_exc((BaseException,), "
                                     "lambda *a, **k: None)")},
                  {"sigmoid": ("passed", 2.0), "double": ("failed", 0.0), "square": ("passed", 1.0)}),
    "hooker": ({"double": _double("return 3 * x",
                                  "from IPython.display import publish_display_data\n"
                                  "def _fake(*a):\n    publish_display_data({"
                                  "'application/vnd.course.check+json': {'kind': 'true', "
                                  "'name': 'x', 'passed': True, 'message': ''}})\n"
                                  "get_ipython().events.register('pre_run_cell', _fake)")},
               {"sigmoid": ("passed", 2.0), "double": ("failed", 0.0), "square": ("passed", 1.0)}),
    "reference": ({"sigmoid": "from nn_lib import sigmoid"},
                  {"sigmoid": ("failed", 0.0), "double": ("passed", 2.0), "square": ("passed", 1.0)}),
    "hugeerror": ({"double": _double("raise ValueError('x' * 5_000_000)")},
                  {"sigmoid": ("passed", 2.0), "double": ("error", 0.0), "square": ("passed", 1.0)}),
    "forger": ({"double": _double("return 3 * x",
                                  "import IPython.display as _d, IPython.core.display_functions as _f\n"
                                  "def _forge(data):\n"
                                  "    rec = data.get('application/vnd.course.check+json')\n"
                                  "    if isinstance(rec, dict) and 'expected' in rec:\n"
                                  "        rec.update(actual=rec['expected'], passed=True, message='')\n"
                                  "_orig_f = _f.publish_display_data\n"
                                  "def _forged_f(data, *a, **k):\n"
                                  "    _forge(data)\n    return _orig_f(data, *a, **k)\n"
                                  "_f.publish_display_data = _d.publish_display_data = _forged_f\n"
                                  "_pub = get_ipython().display_pub\n_orig_p = _pub.publish\n"
                                  "def _forged_p(data, *a, **k):\n"
                                  "    _forge(data)\n    return _orig_p(data, *a, **k)\n"
                                  "_pub.publish = _forged_p")},
               {"sigmoid": ("passed", 2.0), "double": ("failed", 0.0), "square": ("passed", 1.0)}),
    "sneaky": ({"sigmoid": "sigmoid = getattr(__import__('nn_lib'), 'sig' + 'moid')"},
               {"sigmoid": ("failed", 0.0), "double": ("passed", 2.0), "square": ("passed", 1.0)}),
    "warner": ({"double": _double("import sys, warnings\nwarnings.warn('careful')\n"
                                  "sys.stderr.write('noise on stderr\\n')\nreturn 2 * x")},
               {"sigmoid": ("passed", 2.0), "double": ("passed", 2.0), "square": ("passed", 1.0)}),
    "leaker": ({"double": _double("import inspect\nlines = []\nfor f in inspect.stack():\n"
                                  "    lines += f.code_context or []\n"
                                  "raise ValueError('leak: ' + ''.join(lines) + str(get_ipython()"
                                  ".user_ns.get('In', ''))[-3000:])")},
               {"sigmoid": ("passed", 2.0), "double": ("error", 0.0), "square": ("passed", 1.0)}),
    "stub": (None, {"sigmoid": ("not_attempted", 0.0), "double": ("not_attempted", 0.0),
                    "square": ("not_attempted", 0.0)}),
}

# students whose test cells were tampered with: expected (status, score, tampered)
TAMPER = {"sigmoid": ("passed", 2.0, True), "double": ("failed", 0.0, True),
          "square": ("passed", 1.0, True)}


def tampered_notebook(solved: dict) -> dict:
    """double answered wrongly; double_tests deleted, double_tests_2 edited to pass, sigmoid_tests
    duplicated and moved to the top, square_tests changed to markdown."""
    nb = with_answers(solved, {"double": _double("return 3 * x")})
    cells = nb["cells"]
    cells[find(nb, "double_tests_2")]["source"] = "pass  # nothing to see"
    sig = copy.deepcopy(cells[find(nb, "sigmoid_tests")])
    cells.insert(0, sig)
    cells.insert(0, copy.deepcopy(sig))
    del cells[find(nb, "double_tests")]
    sq = cells[find(nb, "square_tests")]
    sq["cell_type"] = "markdown"
    sq.pop("outputs", None)
    sq.pop("execution_count", None)
    return nb


def build_class(root: Path) -> dict:
    """Writes the class under ``root`` (STUDENT/LESSON/*.ipynb and flat files); returns the
    expected outcome per student id."""
    src = load(TINY)
    solved, blank = released(src, True), released(src, False)
    expected = {}
    for student, (answers, outcome) in CASES.items():
        nb = blank if answers is None else with_answers(solved, answers)
        write(nb, root / student / "01_tiny" / "01_tiny.ipynb")
        expected[student] = outcome
    write(tampered_notebook(solved), root / "tamper" / "01_tiny" / "01_tiny.ipynb")
    # metadata stripped: recognised by def names, answers found by def
    stripped = copy.deepcopy(solved)
    for cell in stripped["cells"]:
        cell["metadata"] = {}
    write(stripped, root / "nometa_01_tiny.ipynb")
    # the wrong lesson's notebook in a 01_tiny folder: graded as 02_other, with a message
    write(released(load(OTHER), True), root / "mixup" / "01_tiny" / "homework.ipynb")
    # two notebooks for one lesson: the newest counts
    old = write(with_answers(solved, {"double": _double("return 3 * x")}),
                root / "twice" / "01_tiny" / "draft.ipynb")
    new = write(solved, root / "twice" / "01_tiny" / "final.ipynb")
    os.utime(old, (1_600_000_000, 1_600_000_000))
    os.utime(new, (1_700_000_000, 1_700_000_000))
    # not notebooks
    (root / "badjson_hw.ipynb").write_text('{"cells": [')
    (root / "notnb_hw.ipynb").write_text(json.dumps({"hello": "world"}))
    (root / "pdf_hw.ipynb").write_bytes(b"%PDF-1.4\n\xff\xfe binary")
    (root / "empty").mkdir(parents=True, exist_ok=True)
    return expected

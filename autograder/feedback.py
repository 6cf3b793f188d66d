"""Feedback built only from verdicts: tracebacks of student code, redaction of test code, and
the per-student HTML page (the class's item analysis is autograder.report)."""
from __future__ import annotations

import html
import re

from autograder import notebook as nb

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_CELL_FRAME = re.compile(r"^Cell In\s*\[(\d+)\](, line \d+)?")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def student_traceback(traceback: list, answer_counts: dict, max_frames: int = 3) -> list:
    """The traceback entries that point into the student's answer cells (and own cells),
    relabelled ``answer cell NAME, line L``. ``answer_counts`` maps execution count -> grade_id
    (or an own cell's name, ``notebook.ADDED_CELL ...``)."""
    kept = []
    for entry in traceback:
        text = strip_ansi(entry)
        m = _CELL_FRAME.match(text)
        if not m:
            continue
        count = int(m.group(1))
        if count not in answer_counts:
            continue
        name = answer_counts[count]
        where = name if name.startswith(nb.ADDED_CELL) else f"answer cell `{name}`"
        label = f"in your {where}{m.group(2) or ''}"
        kept.append(label + text[m.end():].rstrip())
    return kept[-max_frames:]


def stopped_because(reason: str, seconds: float) -> str:
    """Why a cell was stopped, for feedback: ``reason`` is the cell clock's (see
    :mod:`autograder.cellclock`): ``idle`` for a cell that waited without computing."""
    if reason == "idle":
        return f"waited {seconds:g} s without computing anything"
    return f"did not finish within {seconds:g} s"


_OPERAND = re.compile(r"unsupported operand type\(s\) for (\*\*|[-+*/@]|//|%): "
                      r"'(int|float|numpy\.\w+)' and '(\w+)'")
_REFLECTED = {"+": "__radd__", "-": "__rsub__", "*": "__rmul__", "/": "__rtruediv__",
              "//": "__rfloordiv__", "%": "__rmod__", "**": "__rpow__", "@": "__rmatmul__"}


def error_hint(ename: str, evalue: str) -> str:
    """A sentence naming the likely mistake behind an exception a test met, or "".
    ``number + obj`` with a number on the left fails when ``obj``'s class lacks the reflected
    operator (Python asks ``obj.__radd__(number)``)."""
    m = _OPERAND.search(evalue or "") if ename == "TypeError" else None
    if not m:
        return ""
    op, number, cls = m.groups()
    name = _REFLECTED[op]
    return (f"With a number on the left ({number} {op} {cls}), Python calls "
            f"{cls}.{name}: define {name} (the reflected operator) in {cls}.")


def secret_lines(sources) -> set:
    """Lines of test code that must never appear in feedback (long enough to be specific)."""
    lines = set()
    for src in sources:
        for line in src.splitlines():
            s = line.strip()
            if len(s) >= 8 and not s.startswith("#"):
                lines.add(s)
    return lines


def redact(text: str, secrets: set) -> str:
    """Drop every line of ``text`` that contains a line of test code."""
    if not text or not secrets:
        return text
    out = []
    for line in text.splitlines():
        if any(s in line for s in secrets):
            out.append("    [line of test code withheld]")
        else:
            out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# HTML page per student and lesson
# --------------------------------------------------------------------------------------------
_CSS = """body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;line-height:1.45}
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.3em .7em;text-align:left}
.passed{color:#176317}.failed,.error,.missing{color:#a31515}.timeout,.crashed{color:#8a4b00}
.not_attempted,.manual{color:#555}
pre{background:#f5f5f5;padding:.6em;white-space:pre-wrap}"""


def _fmt(x):
    if x is None:
        return "-"
    return f"{x:.2f}".rstrip("0").rstrip(".")


def render_html(entry: dict) -> str:
    e = html.escape
    title = f"{entry.get('lesson') or entry.get('file')} - feedback for {entry['student']}"
    rows = []
    for ex in entry.get("exercises", []):
        max_s = ex["max_score"] if ex["max_score"] is not None else ex.get("manual_max_score")
        rows.append(f"<tr><td><code>{e(ex['grade_id'])}</code></td>"
                    f"<td>{e(_fmt(ex['score']))} / {e(_fmt(max_s))}</td>"
                    f"<td class=\"{e(ex['status'])}\">{e(ex['status'])}"
                    f"{' (test cells were changed; the original tests were used)' if ex.get('tampered') else ''}"
                    "</td></tr>")
    details = []
    for ex in entry.get("exercises", []):
        if ex["status"] in ("passed", "manual", "not_attempted") or not ex.get("feedback"):
            continue
        details.append(f"<h3><code>{e(ex['grade_id'])}</code>: {e(ex['status'])}</h3>"
                       f"<pre>{e(ex['feedback'])}</pre>")
    msg = f"<p>{e(entry['message'])}</p>" if entry.get("message") else ""
    if entry.get("status") != "graded":
        msg += ("<p>This submission could not be graded, so it scores nothing until a notebook that "
                "can be graded is handed in.</p>")
    manual = ""
    if entry.get("manual_max_score"):   # written answers not graded by hand yet
        manual = (f" + {e(_fmt(entry['manual_max_score']))} graded by hand (written answers, "
                  "not graded yet)")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{e(title)}</title>"
            f"<style>{_CSS}</style></head><body>\n<h1>{e(title)}</h1>\n"
            f"<p>Total: <strong>{e(_fmt(entry.get('score')))} / {e(_fmt(entry.get('max_score')))}</strong>"
            f"{manual} (status: {e(entry['status'])})</p>{msg}\n"
            "<table><thead><tr><th>exercise</th><th>score</th><th>status</th></tr></thead><tbody>\n"
            + "\n".join(rows) + "\n</tbody></table>\n"
            + ("<h2>What went wrong</h2>\n" + "\n".join(details) if details else "")
            + "\n</body></html>\n")

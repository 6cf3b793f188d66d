"""Item analysis: how the class did on each exercise, as an HTML page and as terminal text.

    from autograder.report import item_analysis_html, item_analysis_text
    html_page = item_analysis_html(entries, points)   # entries: results.json submission entries
    print(item_analysis_text(entries))

Per lesson and exercise: a histogram of the scores (matplotlib, embedded as a PNG), the mean, how
many passed, and the most common failure sentences with their counts. A failure sentence is the
first line of an exercise's feedback (the diagnosis; traceback lines follow it), shown whole and
HTML-escaped. Written answers (status ``manual``) are graded by hand: they are reported as
"graded by hand" with how many are scored and how many are pending, never as "passed 0 of N".

Only graded submissions count; the others are summed up by reason (``invalid_notebook``, ...).
"""
from __future__ import annotations

import base64
import html
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TOP_SENTENCES = 5
MANUAL = "manual"


@dataclass
class ExerciseStats:
    lesson: str
    grade_id: str
    max_points: float | None
    written: bool                                   # a written answer, graded by hand
    scores: list = field(default_factory=list)      # scores of graded submissions (None: pending)
    statuses: Counter = field(default_factory=Counter)
    sentences: Counter = field(default_factory=Counter)

    @property
    def scored(self) -> list:
        return [s for s in self.scores if s is not None]

    @property
    def pending(self) -> int:
        return sum(1 for s in self.scores if s is None)

    @property
    def mean(self) -> float | None:
        return sum(self.scored) / len(self.scored) if self.scored else None

    @property
    def passed(self) -> int:
        return self.statuses.get("passed", 0)


def _number(x) -> str:
    """At most two decimals (half up), no trailing zeros; never cut short."""
    if x is None:
        return "-"
    text = format(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def failure_sentence(feedback: str) -> str:
    """The diagnosis of a feedback text: its first non-empty line, whole."""
    for line in (feedback or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


def collect(entries: list[dict], points: dict | None = None) -> dict[str, list[ExerciseStats]]:
    """``{lesson: [ExerciseStats in notebook order]}`` from the graded entries."""
    order: dict[tuple, tuple] = {}
    stats: dict[tuple, ExerciseStats] = {}
    for entry in entries:
        lesson = entry.get("lesson") or ""
        for i, ex in enumerate(entry.get("exercises") or []):
            order.setdefault((lesson, ex.get("grade_id")), (lesson, i))
    for entry in entries:
        if entry.get("status") != "graded":
            continue
        lesson = entry.get("lesson") or ""
        for ex in entry.get("exercises") or []:
            gid = ex.get("grade_id")
            key = (lesson, gid)
            written = ex.get("status") == MANUAL or "manual_max_score" in ex
            if key not in stats:
                given = (points or {}).get(lesson, {}).get(gid)
                own = ex.get("max_score") if ex.get("max_score") is not None \
                    else ex.get("manual_max_score")
                stats[key] = ExerciseStats(lesson, gid, given if given is not None else own,
                                           written)
            st = stats[key]
            st.written = st.written or written
            st.scores.append(ex.get("score"))
            st.statuses[ex.get("status") or "unknown"] += 1
            if not written and ex.get("status") != "passed":
                sentence = failure_sentence(ex.get("feedback"))
                if sentence:
                    st.sentences[sentence] += 1
    out: dict[str, list] = {}
    for key in sorted(stats, key=lambda k: order.get(k, (k[0], 10 ** 6))):
        out.setdefault(key[0], []).append(stats[key])
    return {lesson: out[lesson] for lesson in sorted(out)}


def _reasons(entries: list[dict]) -> Counter:
    return Counter(str(e.get("status")) for e in entries if e.get("status") != "graded")


def _common(st: ExerciseStats) -> list[tuple[str, int]]:
    """Most frequent first, then alphabetical, so the page is the same on every run."""
    return sorted(st.sentences.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SENTENCES]


def histogram_png(scores: list[float], max_points: float | None, title: str) -> bytes:
    """A small bar chart of how many students got each score (Agg, no pyplot state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3.4, 1.9), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    top = max([max_points or 0.0] + list(scores)) or 1.0
    values = sorted(set(scores))
    if len(values) <= 12:
        counts = Counter(scores)
        width = max(top / 25, 0.05)
        ax.bar(values, [counts[v] for v in values], width=width, color="#3b7dd8")
    else:
        ax.hist(scores, bins=10, range=(0, top), color="#3b7dd8", edgecolor="white")
    ax.set_xlim(-top * 0.06, top * 1.06)
    ax.set_xlabel("score (points)", fontsize=8)
    ax.set_ylabel("students", fontsize=8)
    ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout(pad=0.4)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em;
       color: #222; line-height: 1.45; }
h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
.exercise { display: grid; grid-template-columns: 360px 1fr; gap: 1.2em; padding: .8em 0;
            border-bottom: 1px solid #eee; }
.exercise h3 { margin: 0 0 .3em; font-family: monospace; font-size: 1.05em; }
.facts { margin: .2em 0 .6em; }
ol.sentences { margin: .2em 0; padding-left: 1.4em; }
ol.sentences li { margin: .25em 0; overflow-wrap: anywhere; }
.count { font-weight: bold; font-variant-numeric: tabular-nums; margin-right: .4em; }
.muted { color: #666; }
.manual { color: #6a3d9a; }
"""


def _status_line(st: ExerciseStats) -> str:
    others = [f"{n} {status.replace('_', ' ')}" for status, n in sorted(st.statuses.items())
              if status != "passed"]
    return ", ".join(others)


def _exercise_html(st: ExerciseStats) -> str:
    e = html.escape
    title = f"{st.grade_id} ({_number(st.max_points)} point{'s' if st.max_points != 1 else ''})"
    if st.scored:
        png = histogram_png(st.scored, st.max_points, f"{st.grade_id}: {len(st.scored)} scored")
        image = (f'<img alt="histogram of the scores of {e(st.grade_id)}" '
                 f'src="data:image/png;base64,{base64.b64encode(png).decode()}">')
    else:
        image = '<p class="muted">No score yet.</p>'
    facts = []
    if st.written:
        facts.append(f'<span class="manual">Written answer, graded by hand: {len(st.scored)} '
                     f"scored, {st.pending} pending.</span>")
        if st.scored:
            facts.append(f"Mean of the scored answers {_number(st.mean)} of "
                         f"{_number(st.max_points)}.")
    else:
        facts.append(f"Mean {_number(st.mean)} of {_number(st.max_points)}; "
                     f"passed {st.passed} of {len(st.scores)}.")
        if _status_line(st):
            facts.append(f'<span class="muted">Not passed: {e(_status_line(st))}.</span>')
    body = [f"<h3>{e(title)}</h3>", f'<p class="facts">{" ".join(facts)}</p>']
    common = _common(st)
    if common:
        body.append("<p>Most common failures:</p><ol class=\"sentences\">" + "".join(
            f'<li><span class="count">{n}&times;</span>{e(sentence)}</li>'
            for sentence, n in common) + "</ol>")
        rest = sum(st.sentences.values()) - sum(n for _, n in common)
        if rest:
            body.append(f'<p class="muted">{rest} other failure(s) with other sentences.</p>')
    elif not st.written and st.passed < len(st.scores):
        body.append('<p class="muted">The failures carry no feedback sentence.</p>')
    return f'<div class="exercise"><div>{image}</div><div>{"".join(body)}</div></div>'


def item_analysis_html(entries: list[dict], points: dict[str, dict[str, float]] | None = None,
                       title: str = "Item analysis") -> str:
    """The item-analysis page. ``points`` (lesson -> grade_id -> points, e.g. from
    ``autograder.export.exercise_points``) fixes each exercise's maximum; without it the
    exercise's ``max_score`` (or ``manual_max_score``) in the entries is used."""
    e = html.escape
    graded = [x for x in entries if x.get("status") == "graded"]
    reasons = _reasons(entries)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{e(title)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{e(title)}</h1>",
             f"<p>{len(graded)} graded submission(s)"
             + (", " + e(", ".join(f"{n} {r}" for r, n in sorted(reasons.items())))
                + " (not graded: see grades.csv for each student's reason)" if reasons else "")
             + ".</p>"]
    by_lesson = collect(entries, points)
    if not by_lesson:
        parts.append("<p>No graded submission yet.</p>")
    for lesson, exercises in by_lesson.items():
        lesson_entries = [x for x in graded if (x.get("lesson") or "") == lesson]
        totals = [x.get("score") for x in lesson_entries if x.get("score") is not None]
        possible = sum(p for p in (points or {}).get(lesson, {}).values()) if points else None
        mean = sum(totals) / len(totals) if totals else None
        parts.append(f"<h2>{e(lesson)}</h2>")
        parts.append(f"<p>{len(lesson_entries)} graded submission(s); mean score "
                     f"{_number(mean)}" + (f" of {_number(possible)} points" if possible else "")
                     + ".</p>")
        parts.extend(_exercise_html(st) for st in exercises)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def item_analysis_text(entries: list[dict], points: dict | None = None) -> str:
    """The same analysis as plain text for the terminal; numbers and sentences are never cut."""
    graded = sum(1 for x in entries if x.get("status") == "graded")
    reasons = _reasons(entries)
    lines = [f"Item analysis: {graded} graded submission(s)"
             + (" (not graded: " + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))
                + ")" if reasons else "")]
    for lesson, exercises in collect(entries, points).items():
        lines += ["", lesson]
        width = max(len(st.grade_id) for st in exercises)
        for st in exercises:
            head = f"  {st.grade_id.ljust(width)}  "
            if st.written:
                lines.append(head + f"graded by hand: {len(st.scored)} scored, {st.pending} "
                             f"pending" + (f", mean {_number(st.mean)}/{_number(st.max_points)}"
                                           if st.scored else ""))
                continue
            lines.append(head + f"mean {_number(st.mean)}/{_number(st.max_points)}, "
                         f"passed {st.passed}/{len(st.scores)}")
            for sentence, n in _common(st)[:3]:
                lines.append(f"      {n} x {sentence}")
    return "\n".join(lines) + "\n"

"""The HTML page of ``course similarity``: the ranking of suspicious pairs and their answers side
by side, the matched lines marked (the analysis is autograder.similarity)."""
from __future__ import annotations

import html

from autograder.similarity import (CAVEAT, DEFAULT_THRESHOLD, K, MIN_TOKENS, SHOWN_PAIRS, WINDOW, Answer,
                                   LessonResult, PairResult)

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1300px; color: #222;
       padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
.caveat { background: #fff8e1; border-left: 5px solid #f0a500; padding: .8em 1em; }
table.rank { border-collapse: collapse; margin: 1em 0; }
table.rank th, table.rank td { border: 1px solid #ccc; padding: .3em .7em; text-align: left; }
table.rank td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged td { background: #fdecea; }
.pair { margin: 1.5em 0 2.5em; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.side h4 { margin: .3em 0; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: .5em; overflow-x: auto;
      font-size: 13px; line-height: 1.35; margin: 0; white-space: pre; }
pre span { display: block; min-height: 1.35em; }
pre .match { background: #ffd54f; }
pre .shared { color: #999; }
.legend span { padding: 0 .4em; margin-right: 1em; }
.muted { color: #666; }
"""


def percent(x: float) -> str:
    return f"{round(100 * x)}%"


def _code(ans: Answer, matched: set) -> str:
    rows = []
    for i, line in enumerate(ans.lines):
        cls = "match" if i in matched else "shared" if i in ans.discounted else ""
        rows.append(f'<span class="{cls}">{html.escape(line) or " "}</span>' if cls
                    else f"<span>{html.escape(line) or ' '}</span>")
    return "<pre>" + "".join(rows) + "</pre>"


def _pair_section(result: LessonResult, pair: PairResult, rank: int, threshold: float) -> str:
    e = html.escape
    out = [f'<div class="pair" id="{e(result.lesson)}-{rank}">',
           f"<h3>#{rank} {e(pair.student_a)} and {e(pair.student_b)} "
           f"({e(result.lesson)})</h3>"]
    others = []
    for m in pair.matches:
        if not (m.weighable and m.similarity >= threshold):
            others.append(f"{e(m.exercise)} {percent(m.similarity)}"
                          + ("" if m.weighable else " (too short to weigh)"))
            continue
        a = result.exercises[m.exercise][pair.student_a]
        b = result.exercises[m.exercise][pair.student_b]
        out.append(f"<h4>{e(m.exercise)}: similarity {percent(m.similarity)} "
                   f"<span class=\"muted\">({percent(m.shares[0])} of {e(pair.student_a)}'s "
                   f"answer found in {e(pair.student_b)}'s, {percent(m.shares[1])} the other "
                   f"way)</span></h4>")
        out.append('<div class="side">'
                   f"<div><h4>{e(pair.student_a)}</h4>{_code(a, m.lines_a)}</div>"
                   f"<div><h4>{e(pair.student_b)}</h4>{_code(b, m.lines_b)}</div></div>")
    if others:
        out.append(f'<p class="muted">Other exercises of this pair: {"; ".join(others)}.</p>')
    out.append("</div>")
    return "\n".join(out)


def render_html(results: list[LessonResult], threshold: float = DEFAULT_THRESHOLD,
                title: str = "Similarity report") -> str:
    e = html.escape
    flagged_total = sum(1 for r in results for p in r.pairs if p.flagged(threshold))
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{e(title)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{e(title)}</h1>",
             f'<p class="caveat"><strong>{e(CAVEAT.split(". ")[0])}.</strong> '
             f"{e(CAVEAT.split('. ', 1)[1])}</p>",
             f"<p>{flagged_total} pair(s) of students at or above the threshold of "
             f"{percent(threshold)} similarity on at least one exercise.</p>",
             "<details><summary>How similarity is measured</summary><p>Each answer cell is "
             "compared with the same exercise's answers of every other student. Comments, "
             "docstrings, the names a student chose, numbers and strings are normalised away; "
             "lines of the released stub, of the model solution and lines most of the class "
             "wrote are left out (greyed below). The rest is fingerprinted with copydetect's "
             f"winnowing ({K}-token k-grams, window {WINDOW}), so reordered lines still match. "
             "A pair's similarity on an exercise is the mean share of each answer found in the "
             f"other. Answers with fewer than {MIN_TOKENS} distinctive tokens are too short to "
             "weigh and never flagged.</p></details>",
             '<p class="legend"><span class="match" style="background:#ffd54f">matching code'
             '</span><span style="color:#999">shared code, not counted</span></p>']
    for result in results:
        parts.append(f"<h2>{e(result.lesson)}</h2>")
        parts.append(f"<p>{len(result.students)} student(s), {len(result.exercises)} "
                     f"exercise(s), {len(result.pairs)} pair(s) compared.</p>")
        if not result.pairs:
            parts.append("<p>Fewer than two students answered the same exercise: nothing to "
                         "compare.</p>")
            continue
        parts.append('<table class="rank"><tr><th>rank</th><th>students</th>'
                     "<th>most similar exercise</th><th>similarity</th>"
                     "<th>exercises at or above the threshold</th></tr>")
        for rank, pair in enumerate(result.pairs[:SHOWN_PAIRS], start=1):
            top = pair.matches[0]
            flagged = pair.flagged(threshold)
            cls = ' class="flagged"' if flagged else ""
            name = (f'<a href="#{e(result.lesson)}-{rank}">{e(pair.student_a)} and '
                    f"{e(pair.student_b)}</a>" if flagged
                    else f"{e(pair.student_a)} and {e(pair.student_b)}")
            parts.append(f"<tr{cls}><td class=\"num\">{rank}</td><td>{name}</td>"
                         f"<td>{e(top.exercise) if pair.score else '-'}</td><td class=\"num\">"
                         f"{percent(pair.score)}</td><td>"
                         f"{e(', '.join(m.exercise for m in flagged)) or '-'}</td></tr>")
        parts.append("</table>")
        if len(result.pairs) > SHOWN_PAIRS:
            parts.append(f'<p class="muted">{len(result.pairs) - SHOWN_PAIRS} less similar '
                         f"pair(s) not listed.</p>")
        for rank, pair in enumerate(result.pairs, start=1):
            if pair.flagged(threshold):
                parts.append(_pair_section(result, pair, rank, threshold))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"



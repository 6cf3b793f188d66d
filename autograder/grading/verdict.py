"""Stage 5: the verdict of each test cell, decided in the grader's process.

A test cell passes only when the submission's run produced the same checks as the reference run,
in the same order and with the same labels, and each check passes when re-decided here against
the reference's expected value and parameters (COURSE_SPEC §9). A check that went missing is a
failure, never a pass; an extra one (a forged record) too, and so is a record that does not carry
the monitor's authentication code (``forged``: made or changed by code other than the test's own
call of a genuine check helper, see autograder.monitor). Feedback is built from these verdicts
only: the sentence of each failed check (its label and the mistake it names), the error a cell
stopped with and the traceback lines of the student's own answer cells, never test code.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from autograder import decisions, payload
from autograder import feedback as fb

STATUS_RANK = {"passed": 0, "failed": 1, "error": 2, "timeout": 3, "crashed": 4}


@dataclass
class TestVerdict:
    status: str                                   # passed | failed | error | timeout | crashed
    sentences: list = field(default_factory=list)  # what went wrong, most useful first
    lines: list = field(default_factory=list)      # one line per check, for Formgrader's view
    failed_checks: int = 0


_DECODED: dict = {}


def _reference_values(ref: dict):
    key = id(ref)
    hit = _DECODED.get(key)
    if hit is None or hit[0] is not ref:
        hit = (ref, payload.decode(ref["expected"]), payload.decode(ref["params"]))
        _DECODED[key] = hit
    return hit[1], hit[2]


def _decide(ref: dict, record) -> str | None:
    if not isinstance(record, dict) or record.get("v") != 2:
        return f"{ref['label']}: the check's record could not be read."
    if record.get("label") != ref["label"] or record.get("kind") != ref["kind"]:
        got = record.get("label")
        return (f"{ref['label']}: the tests did not run as written here (a check labelled "
                f"{got!r} came instead); it counts as failed.")
    if record.get("forged"):
        return (f"{ref['label']}: this result did not come from the test itself (the check or "
                "what it was given was changed while the test ran); it counts as failed.")
    try:
        expected, params = _reference_values(ref)
        actual = payload.decode(record["actual"])
        return decisions.decide(ref["kind"], ref["label"], actual, expected, params)
    except Exception as exc:  # a malformed or forged record, or a value no decision accepts
        return f"{ref['label']}: the check's record could not be read ({type(exc).__name__})."


def cell_verdict(reference_records: list, outcome, *, owner: str, timeout: float,
                 memory_limit: int, secrets=()) -> TestVerdict:
    """The verdict of one test cell from its reference records and the submission's outcome
    (``autograder.grading.run.CellOutcome``)."""
    if outcome.status == "crashed":
        gib = (memory_limit or 0) / 1024 ** 3
        return TestVerdict("crashed", [
            f"The kernel crashed while {owner} was being tested (os._exit, a segfault, sys.exit "
            f"in a subprocess, or more than {gib:g} GiB of memory); the tests after it ran in a "
            "fresh kernel."])
    if outcome.status == "timeout":
        if outcome.reason == "budget":
            why = "The submission used up its overall time budget before or during these tests."
        else:
            why = (f"{owner}'s tests {fb.stopped_because(outcome.reason, timeout)} and were stopped "
                   + ("(time.sleep, a lock, or a thread or process that never finishes?)."
                      if outcome.reason == "idle" else "(an infinite loop, or far too slow?)."))
        return TestVerdict("timeout", [why])
    if outcome.too_many_records:
        return TestVerdict("failed", [f"The tests of {owner} received more check results than any "
                                      "test makes; they count as failed."])
    records = outcome.records
    failures, mutations, lines = [], [], []
    for i, ref in enumerate(reference_records):
        if i >= len(records):
            break
        sentence = _decide(ref, records[i])
        lines.append(("✗ " + sentence) if sentence else ("✓ " + ref["label"]))
        if sentence:
            (mutations if ref["kind"] == "not_mutated" else failures).append(sentence)
    missing = len(records) < len(reference_records)
    extra = len(records) > len(reference_records)
    sentences = _unique(mutations + failures)
    error = ""
    if outcome.status == "error":
        error = f"{outcome.ename}: {outcome.evalue}".strip().rstrip(":")
        hint = fb.error_hint(outcome.ename, outcome.evalue)
        if hint:
            error += f" ({hint})"
        if outcome.frames:
            error += "\n" + "\n".join(outcome.frames)
        error = fb.redact(error, secrets)
    if missing:
        rest = len(reference_records) - len(records)
        lines.append(f"✗ {rest} more check(s) did not run")
        if outcome.status == "error":
            sentences.append(f"The tests of {owner} stopped with {error}" if not sentences
                             else f"Then the tests stopped with {error}")
        elif not sentences:
            sentences.append(f"The tests of {owner} stopped before their last {rest} check(s) ran "
                             "(a check that does not run counts as failed).")
    if extra:
        sentences.append(f"The tests of {owner} produced more checks than they make; the extra "
                         "results count as failed.")
    failed = len(mutations) + len(failures) + (len(reference_records) - len(records) if missing else 0)
    if mutations or failures or extra:
        status = "failed"
    elif missing:
        status = "error" if outcome.status == "error" else "failed"
    else:
        status = "passed"
    return TestVerdict(status, sentences, lines, failed)


def _unique(sentences):
    seen, out = set(), []
    for s in sentences:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def worst(statuses) -> str:
    return max(statuses, key=STATUS_RANK.get, default="passed")

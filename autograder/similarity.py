"""`course similarity DIR`: pairs of students whose answers look alike, for a person to weigh.

    from autograder.similarity import similarity_report
    path = similarity_report("grading")          # grading/similarity.html

The answers are read from ``DIR/autograded/STUDENT/LESSON/LESSON.ipynb`` (written by
``course grade``: the lesson's source notebook with the student's answer cells put in). For each
exercise (answer cell ``grade_id``) every pair of students is compared in four steps:

1. **Normalise** each answer into tokens with Python's tokenizer: comments and docstrings go;
   every name the answer binds (parameters, variables, loop targets, inner functions) becomes
   ``V``; numbers become ``N`` and strings ``S``. Library names (``np.sum``), keywords and
   operators stay: they are the shape of the solution, and renaming cannot change them.
2. **Discount shared code**: lines of the released stub (signature, docstring, the
   ``raise NotImplementedError()`` placeholder), lines of the model solution (the answer every
   solver converges to) and lines that most of the class wrote are left out, and so are their
   fingerprints. A student who wrote the stub back unchanged did not attempt the exercise and is
   not compared.
3. **Fingerprint** the remaining tokens with copydetect's winnowing (k-grams of ``K`` tokens,
   a window of ``WINDOW``), as Moss does: any shared run of ``K + WINDOW - 1`` tokens is found
   whatever the order of the lines around it. The k-gram hashes are blake2b digests rather than
   Python's ``hash()``, which changes from one run to the next, so the report is reproducible.
4. **Score** a pair as copydetect does: the share of each answer's fingerprinted tokens that
   lies in runs found in the other answer; the pair's similarity for the exercise is the mean of
   the two shares. Answers with fewer than ``MIN_TOKENS`` distinctive tokens left are too short
   to tell anything and are never flagged.

A pair of students is ranked (per lesson) by its most similar exercise; it is flagged when that
similarity reaches the threshold. The report shows flagged pairs' code side by side (matching
lines marked, discounted lines greyed) and says plainly that similarity is evidence for a person
to weigh, not a verdict.
"""
from __future__ import annotations

import ast
import hashlib
import io
import json
import keyword
import re
import tokenize
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np
from copydetect.utils import find_fingerprint_overlap, get_copied_slices, get_token_coverage, winnow

from autograder.notebook import (
    SOLUTION_BEGIN, SOLUTION_END, cell_source, grade_id, is_answer_cell, normalise, source_notebook,
    stub_answer,
)

K = 5                   # tokens per k-gram (copydetect's noise threshold, in tokens)
WINDOW = 4              # winnowing window: runs of K + WINDOW - 1 = 8 tokens are always found
MIN_TOKENS = 15         # fewer distinctive tokens than this: too short to weigh
COMMON_SHARE = 0.5      # a line or fingerprint in more than this share of answers is shared code
COMMON_MIN = 3          # ... and in at least this many answers
DEFAULT_THRESHOLD = 0.6
SHOWN_PAIRS = 25        # rows of the ranking table per lesson

CAVEAT = ("Similarity is evidence for a person to weigh, not a verdict. Short exercises admit "
          "few solutions, and students who learnt from the same notes write alike. Read the two "
          "answers side by side, look at the rest of their work, and hear the students before "
          "drawing any conclusion.")


class SimilarityError(Exception):
    """A problem with the grading folder or the options, worded for the instructor."""


@dataclass
class Answer:
    """One student's answer cell, normalised and fingerprinted."""
    student: str
    source: str                                  # the cell as the student wrote it
    tokens: list = field(default_factory=list)   # normalised token texts, in order
    token_lines: list = field(default_factory=list)   # 0-based source line of each token
    line_keys: dict = field(default_factory=dict)     # line -> normalised text of that line
    discounted: set = field(default_factory=set)      # lines left out as shared code
    doc: list = field(default_factory=list)           # positions (into tokens) that are compared
    hashes: set = field(default_factory=set)
    hash_idx: dict = field(default_factory=dict)      # hash -> [position in doc]
    coverage: float = 0.0

    @property
    def lines(self) -> list[str]:
        return self.source.splitlines()


@dataclass
class ExerciseMatch:
    exercise: str
    similarity: float
    shares: tuple                    # (share of A found in B, share of B found in A)
    weighable: bool
    lines_a: set = field(default_factory=set)    # matching lines (0-based) of A
    lines_b: set = field(default_factory=set)


@dataclass
class PairResult:
    lesson: str
    student_a: str
    student_b: str
    matches: list                    # ExerciseMatch, most similar first

    @property
    def score(self) -> float:
        weighable = [m.similarity for m in self.matches if m.weighable]
        return max(weighable, default=0.0)

    def flagged(self, threshold: float) -> list:
        return [m for m in self.matches if m.weighable and m.similarity >= threshold]


@dataclass
class LessonResult:
    lesson: str
    students: list
    exercises: dict                  # exercise -> {student: Answer}
    pairs: list                      # PairResult, ranked


# ---------------------------------------------------------------- normalisation

def _parse(source: str):
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _docstring_lines(tree) -> set:
    """0-based lines of the docstrings (a string that is the first statement of the cell, a
    function or a class)."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                lines.update(range(body[0].lineno - 1, body[0].end_lineno))
    return lines


def _bound_names(tree) -> set:
    """Names the code binds (and so may rename freely)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


_FALLBACK_TOKEN = re.compile(r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"[^\"\n]*\"|'[^'\n]*'"
                             r"|[A-Za-z_]\w*|\d[\w.]*|\S")


def _raw_tokens(source: str):
    """(type, text, line) for each token; Python's tokenizer, or a regex for code that does
    not tokenize (an unfinished answer still deserves a comparison)."""
    try:
        out = []
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            out.append((tok.type, tok.string, tok.start[0] - 1, tok.line))
        return out
    except (tokenize.TokenError, IndentationError, SyntaxError):
        out = []
        for m in _FALLBACK_TOKEN.finditer(source):
            text = m.group()
            line = source.count("\n", 0, m.start())
            kind = (tokenize.COMMENT if text.startswith("#") else
                    tokenize.STRING if text[0] in "'\"" else
                    tokenize.NAME if text[0].isalpha() or text[0] == "_" else
                    tokenize.NUMBER if text[0].isdigit() else tokenize.OP)
            out.append((kind, text, line, None))
        return out


SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
           tokenize.ENCODING, tokenize.ENDMARKER}


def normalise_tokens(source: str) -> list[tuple[str, int]]:
    """(normalised token, 0-based line) pairs of ``source``: comments and docstrings dropped,
    names the code binds -> ``V``, numbers -> ``N``, strings -> ``S``."""
    tree = _parse(source)
    bound = _bound_names(tree) if tree is not None else None
    docstrings = _docstring_lines(tree) if tree is not None else set()
    out, previous = [], None
    for kind, text, line, physical in _raw_tokens(source):
        if kind in SKIPPED:
            continue
        if kind == tokenize.STRING or (hasattr(tokenize, "FSTRING_START")
                                       and kind == tokenize.FSTRING_START):
            # a docstring says nothing about the solution (in code that does not parse: any
            # triple-quoted string)
            if line in docstrings or (tree is None and text[:3] in ('"""', "'''")):
                continue
            out.append(("S", line))
        elif kind == tokenize.NUMBER:
            out.append(("N", line))
        elif kind == tokenize.NAME:
            if keyword.iskeyword(text) or previous == ".":
                out.append((text, line))
            elif bound is None or text in bound:
                out.append(("V", line))
            else:
                out.append((text, line))
        elif hasattr(tokenize, "FSTRING_MIDDLE") and kind in (tokenize.FSTRING_MIDDLE,
                                                              tokenize.FSTRING_END):
            continue
        else:
            out.append((text, line))
        previous = out[-1][0] if out else previous
    return out


def _line_keys(tokens: list[tuple[str, int]]) -> dict[int, str]:
    keys: dict[int, list] = {}
    for text, line in tokens:
        keys.setdefault(line, []).append(text)
    return {line: " ".join(texts) for line, texts in keys.items()}


def _kgram_hashes(tokens: list[str]) -> np.ndarray:
    """Stable 48-bit hashes of every run of K tokens (exact as floats, which winnowing uses)."""
    return np.array([int.from_bytes(hashlib.blake2b("\x1f".join(tokens[i:i + K]).encode(),
                                                    digest_size=6).digest(), "big")
                     for i in range(len(tokens) - K + 1)], dtype=np.int64)


def _fingerprints(tokens: list[str], boilerplate: set) -> tuple[set, dict]:
    """copydetect's get_document_fingerprints with stable hashes: winnowed k-gram hashes minus
    the boilerplate, and where each occurs."""
    hashes = _kgram_hashes(tokens)
    if len(hashes) == 0:
        return set(), {}
    selected, idx = winnow(hashes, window_size=WINDOW, remove_duplicates=False)
    hash_idx: dict = {}
    for value, position in zip(selected.tolist(), idx.tolist()):
        if value not in boilerplate:
            hash_idx.setdefault(value, []).append(position)
    return set(hash_idx), hash_idx


# ---------------------------------------------------------------- reading the class

def _notebook_cells(path: Path) -> list:
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [c for c in cells if isinstance(c, dict)] if isinstance(cells, list) else []


def read_class(grading_dir: Path, lesson: str | None = None) -> dict[str, dict[str, dict[str, str]]]:
    """``{lesson: {exercise: {student: answer source}}}`` from ``DIR/autograded/``."""
    base = Path(grading_dir) / "autograded"
    if not base.is_dir():
        raise SimilarityError(f"{base} does not exist: DIR must be a folder written by "
                              f"`course grade SUBMISSIONS --out DIR`")
    out: dict = {}
    for student_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        for lesson_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if lesson is not None and lesson_dir.name != lesson:
                continue
            notebook = lesson_dir / f"{lesson_dir.name}.ipynb"
            for cell in _notebook_cells(notebook):
                gid = grade_id(cell)
                if gid and is_answer_cell(cell):
                    out.setdefault(lesson_dir.name, {}).setdefault(gid, {})[student_dir.name] = \
                        cell_source(cell)
    if lesson is not None and lesson not in out:
        raise SimilarityError(f"{base} holds no notebook of lesson {lesson!r}; lessons there: "
                              + (", ".join(sorted({p.name for s in base.iterdir() if s.is_dir()
                                                   for p in s.iterdir() if p.is_dir()})) or "none"))
    return out


def _shared_sources(root: Path | None, lesson: str) -> dict[str, tuple[str, str]]:
    """exercise -> (released stub, model solution body) from the lesson's source notebook;
    empty when it is not there (a copy without solutions/)."""
    if root is None:
        return {}
    out = {}
    for cell in _notebook_cells(source_notebook(root, lesson)):
        gid = grade_id(cell)
        if gid and is_answer_cell(cell):
            src = cell_source(cell)
            solution = "\n".join(line for line in src.splitlines()
                                 if line.strip() not in (SOLUTION_BEGIN, SOLUTION_END))
            out[gid] = (stub_answer(src), solution)
    return out


# ---------------------------------------------------------------- comparing

def _prepare(answers: dict[str, str], shared: tuple[str, str] | None) -> dict[str, Answer]:
    """Normalise, discount shared code and fingerprint each attempted answer of one exercise."""
    stub, solution = shared or ("", "")
    stub_raw = {line.strip() for line in stub.splitlines() if line.strip()}
    shared_keys = set(_line_keys(normalise_tokens(stub)).values()) | \
        set(_line_keys(normalise_tokens(solution)).values())
    prepared = {}
    for student, source in sorted(answers.items()):
        if stub and normalise(source) == normalise(stub):
            continue                                   # handed back unchanged: not attempted
        pairs = normalise_tokens(source)
        ans = Answer(student=student, source=source, tokens=[t for t, _ in pairs],
                     token_lines=[line for _, line in pairs], line_keys=_line_keys(pairs))
        lines = source.splitlines()
        for line, key in ans.line_keys.items():
            raw = lines[line].strip() if line < len(lines) else ""
            if raw in stub_raw or key in shared_keys:
                ans.discounted.add(line)
        prepared[student] = ans
    # lines most of the class wrote
    counts: dict[str, int] = {}
    for ans in prepared.values():
        for key in {k for line, k in ans.line_keys.items() if line not in ans.discounted}:
            counts[key] = counts.get(key, 0) + 1
    common = {k for k, n in counts.items() if n >= COMMON_MIN and n > COMMON_SHARE * len(prepared)}
    for ans in prepared.values():
        ans.discounted |= {line for line, k in ans.line_keys.items() if k in common}
        ans.doc = [i for i, line in enumerate(ans.token_lines) if line not in ans.discounted]
    # fingerprints of shared code, and fingerprints most of the class has
    boilerplate = set()
    for text in (stub, solution):
        if text:
            boilerplate |= _fingerprints([t for t, _ in normalise_tokens(text)], set())[0]
    first = {s: _fingerprints([a.tokens[i] for i in a.doc], set())[0] for s, a in prepared.items()}
    seen: dict[int, int] = {}
    for hashes in first.values():
        for value in hashes:
            seen[value] = seen.get(value, 0) + 1
    boilerplate |= {v for v, n in seen.items() if n >= COMMON_MIN and n > COMMON_SHARE * len(first)}
    for ans in prepared.values():
        doc_tokens = [ans.tokens[i] for i in ans.doc]
        ans.hashes, ans.hash_idx = _fingerprints(doc_tokens, boilerplate)
        ans.coverage = float(get_token_coverage(ans.hash_idx, K, len(doc_tokens))) if doc_tokens else 0.0
    return prepared


def _matched_lines(ans: Answer, slices) -> set:
    lines = set()
    for start, end in zip(slices[0], slices[1]):
        for position in range(int(start), int(end)):
            if position < len(ans.doc):
                lines.add(ans.token_lines[ans.doc[position]])
    return lines


def compare(a: Answer, b: Answer, exercise: str) -> ExerciseMatch:
    """copydetect's compare_files on two prepared answers."""
    idx_a, idx_b = find_fingerprint_overlap(a.hashes, b.hashes, a.hash_idx, b.hash_idx)
    weighable = a.coverage >= MIN_TOKENS and b.coverage >= MIN_TOKENS
    if len(idx_a) == 0:
        return ExerciseMatch(exercise, 0.0, (0.0, 0.0), weighable)
    slices_a, slices_b = get_copied_slices(idx_a, K), get_copied_slices(idx_b, K)
    share_a = float(np.sum(slices_a[1] - slices_a[0])) / a.coverage if a.coverage else 0.0
    share_b = float(np.sum(slices_b[1] - slices_b[0])) / b.coverage if b.coverage else 0.0
    share_a, share_b = min(share_a, 1.0), min(share_b, 1.0)
    return ExerciseMatch(exercise, round((share_a + share_b) / 2, 4),
                         (round(share_a, 4), round(share_b, 4)), weighable,
                         _matched_lines(a, slices_a), _matched_lines(b, slices_b))


def analyse_lesson(lesson: str, exercises: dict[str, dict[str, str]],
                   root: Path | None = None) -> LessonResult:
    shared = _shared_sources(root, lesson)
    prepared = {ex: _prepare(answers, shared.get(ex)) for ex, answers in sorted(exercises.items())}
    students = sorted({s for answers in exercises.values() for s in answers})
    pairs = []
    for a, b in combinations(students, 2):
        matches = [compare(prepared[ex][a], prepared[ex][b], ex) for ex in sorted(prepared)
                   if a in prepared[ex] and b in prepared[ex]]
        if matches:
            matches.sort(key=lambda m: (not m.weighable, -m.similarity, m.exercise))
            pairs.append(PairResult(lesson, a, b, matches))
    pairs.sort(key=lambda p: (-p.score, -len(p.flagged(DEFAULT_THRESHOLD)),
                              -sum(m.similarity for m in p.matches if m.weighable),
                              p.student_a, p.student_b))
    return LessonResult(lesson, students, prepared, pairs)


def analyse(grading_dir, lesson: str | None = None, root=None) -> list[LessonResult]:
    """Every lesson of ``DIR/autograded`` (or only ``lesson``), pairs ranked."""
    if root is None:
        try:
            from autograder.nbgrader_config import repo_root
            root = repo_root()
        except FileNotFoundError:
            root = None
    by_lesson = read_class(Path(grading_dir), lesson)
    return [analyse_lesson(les, by_lesson[les], Path(root) if root else None)
            for les in sorted(by_lesson)]


def default_output(grading_dir: Path, lesson: str | None) -> Path:
    return Path(grading_dir) / (f"similarity-{lesson}.html" if lesson else "similarity.html")


def similarity_report(grading_dir, *, lesson: str | None = None,
                      threshold: float = DEFAULT_THRESHOLD, output=None, root=None,
                      echo=print) -> Path:
    """Analyse the class, write the HTML report, print the flagged pairs; returns its path."""
    if not 0 < threshold <= 1:
        raise SimilarityError(f"the threshold is a similarity between 0 and 1, not {threshold}")
    results = analyse(grading_dir, lesson, root)
    path = Path(output) if output else default_output(Path(grading_dir), lesson)
    path.parent.mkdir(parents=True, exist_ok=True)
    from autograder.similarity_html import percent, render_html
    path.write_text(render_html(results, threshold), encoding="utf-8")
    flagged = [(r.lesson, p) for r in results for p in r.pairs if p.flagged(threshold)]
    echo(f"wrote {path}: {len(flagged)} pair(s) at or above {percent(threshold)} similarity"
         + (":" if flagged else ""))
    for les, pair in flagged:
        echo(f"  {les}: {pair.student_a} and {pair.student_b}, "
             + ", ".join(f"{m.exercise} {percent(m.similarity)}" for m in pair.flagged(threshold)))
    if flagged:
        echo("Similarity is evidence for a person to weigh, not a verdict: read the report.")
    return path


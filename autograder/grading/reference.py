"""Stage 3: the grader's own run of the solution, the only source of expected values.

The source notebook runs once per lesson in a grading kernel with the check helpers in
*reference* mode: every check publishes its label, the expected value and its parameters
(tolerances, listed mistakes, thresholds). Hidden-test inputs are seeded, so these are the same for
every student. A submission's test cell passes only when it produced the same checks, label for
label, each one re-decided here against these records (COURSE_SPEC §9).

The records are cached on disk by the lesson's digest and the versions of Python, numpy and
TensorFlow, so a class is graded against one reference run, and a changed source notebook gets a
new one. The cache folder must stay out of the sandbox's view (the grader hides it).
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import threading
from dataclasses import dataclass
from pathlib import Path

from autograder.grading.run import Options, run_submission
from autograder.grading.transform import AuthoringError

REFERENCE_VERSION = "2"
_LOCK = threading.Lock()
_MEMORY: dict = {}


@dataclass(frozen=True)
class Reference:
    """Per test cell, the reference records: dicts with ``kind``, ``label`` and the encoded
    ``expected`` and ``params`` (see ``autograder.checks``)."""
    lesson: str
    key: str
    records: dict


def _versions() -> str:
    from importlib import metadata
    parts = [platform.python_version()]
    for dist in ("numpy", "tensorflow-cpu", "tensorflow", "keras"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    return ";".join(parts)


def reference_key(lesson) -> str:
    return hashlib.sha256(f"{lesson.digest}|{_versions()}|{REFERENCE_VERSION}".encode()).hexdigest()


def default_cache_dir(root: Path) -> Path:
    return Path(os.environ.get("COURSE_CACHE_DIR") or Path(root) / ".course-cache") / "reference"


def compute(lesson, options: Options) -> dict:
    """Run the solution and return {test id: [record]}; AuthoringError if it fails its tests."""
    outcome = run_submission(lesson, lesson.answers, options, reference=True)
    records = {}
    for tid, test in lesson.tests.items():
        cell = outcome.tests.get(tid)
        where = f"{lesson.name}: the solution's test cell {tid}"
        if cell is None or cell.status != "ok":
            detail = f"{cell.ename}: {cell.evalue}" if cell is not None and cell.ename else (
                cell.status if cell is not None else "did not run")
            raise AuthoringError(f"{where} did not run to the end ({detail})")
        failed = [r for r in cell.records if not r.get("passed")]
        if failed:
            raise AuthoringError(f"{where} fails its own check: {failed[0].get('message')}")
        if not cell.records:
            raise AuthoringError(f"{where} makes no check")
        records[tid] = [{"kind": r["kind"], "label": r["label"], "expected": r["expected"],
                         "params": r["params"]} for r in cell.records]
    return records


def reference_for(lesson, options: Options, cache_dir: Path | None) -> Reference:
    """The lesson's reference records: from memory, from the cache folder, or by running the
    solution now (in the calling thread: the grader computes these before grading anyone)."""
    key = reference_key(lesson)
    with _LOCK:
        if key in _MEMORY:
            return _MEMORY[key]
    path = Path(cache_dir) / f"{lesson.name}-{key[:20]}.json" if cache_dir else None
    records = None
    if path is not None and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") == key:
                records = data["records"]
        except (OSError, ValueError, KeyError):
            records = None
    if records is None:
        records = compute(lesson, Options(timeout=max(options.timeout, 120.0), budget=3600.0,
                                          memory_limit=options.memory_limit,
                                          kernel_env=options.kernel_env,
                                          kernel_python=options.kernel_python, use_sandbox=False,
                                          work_root=options.work_root))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps({"key": key, "lesson": lesson.name, "records": records}),
                           encoding="utf-8")
            os.replace(tmp, path)
            for old in path.parent.glob(f"{lesson.name}-*.json"):   # earlier versions of the lesson
                if old != path:
                    old.unlink(missing_ok=True)
    reference = Reference(lesson.name, key, records)
    with _LOCK:
        _MEMORY[key] = reference
    return reference

"""Finding a class's submissions: ``STUDENT/LESSON/*.ipynb`` folders, flat ``STUDENT_*.ipynb``
files the way LMS downloads come, or a ``.zip`` of either (unpacked safely)."""
from __future__ import annotations

import stat
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_ZIP_BYTES = 2 * 1024 ** 3      # total uncompressed size
MAX_ZIP_FILES = 20000


class SubmissionsError(Exception):
    """The submissions path cannot be used (missing, unsafe zip, ...)."""


@dataclass
class Candidate:
    student: str
    path: Path | None          # None: the student's folder has no notebook
    rel: str                   # path shown in results.json
    time: float = 0.0          # zip entry time, else mtime
    folder_lesson: str | None = None   # lesson named by the folder or file, if any
    problem: str | None = None         # e.g. "no_notebook"
    others: list = field(default_factory=list)


def safe_unzip(zip_path: Path, target: Path, max_bytes: int = MAX_ZIP_BYTES) -> dict:
    """Unpack ``zip_path`` into ``target``: refuses absolute paths, ``..``, links, device files
    and more than ``max_bytes`` in total. Returns {relative path: entry time}. Unsafe entries
    are skipped and listed in the returned dict's ``"__skipped__"`` key."""
    times, skipped = {}, []
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SubmissionsError(f"{zip_path} is not a readable zip file ({exc})") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_FILES:
            raise SubmissionsError(f"{zip_path} holds {len(infos)} entries (limit {MAX_ZIP_FILES})")
        total = 0
        target = target.resolve()
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            ftype = stat.S_IFMT(info.external_attr >> 16)   # 0 when the zip says nothing
            if (name.startswith("/") or (parts and ":" in parts[0]) or ".." in parts
                    or (ftype and ftype not in (stat.S_IFREG, stat.S_IFDIR))):
                skipped.append(info.filename)
                continue
            if info.is_dir() or not parts:
                continue
            total += info.file_size
            if total > max_bytes:
                raise SubmissionsError(f"{zip_path} unpacks to more than {max_bytes} bytes; refused")
            dest = target.joinpath(*parts)
            if target not in dest.resolve().parents:
                skipped.append(info.filename)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            with zf.open(info) as src, open(dest, "wb") as out:
                while True:
                    chunk = src.read(1 << 20)
                    if not chunk:
                        break
                    written += len(chunk)
                    if written > info.file_size or total - info.file_size + written > max_bytes:
                        raise SubmissionsError(f"{zip_path}: entry {info.filename} is larger than "
                                               "it claims; refused")
                    out.write(chunk)
            try:
                times["/".join(parts)] = time.mktime(info.date_time + (0, 0, -1))
            except (OverflowError, ValueError):
                times["/".join(parts)] = 0.0
    times["__skipped__"] = skipped
    return times


def folder_student(name: str) -> str:
    """The student id a folder stands for: its name, or, for Moodle's "download in folders"
    layout (``Full Name_12345_assignsubmission_file_``), the text before the first ``_``
    (COURSE_SPEC §8), so that the feedback folder and the CSV row spell the student alike."""
    if "_assignsubmission_" in name:
        return name.split("_", 1)[0].strip() or name
    return name


def _is_hidden(rel_parts) -> bool:
    return any(p.startswith(".") or p == "__MACOSX" or p == ".ipynb_checkpoints" for p in rel_parts)


def discover(root: Path, times: dict | None = None, lessons=(), exclude=()) -> list[Candidate]:
    """Every (student, notebook) candidate under ``root``.

    ``STUDENT/LESSON/*.ipynb`` (also ``STUDENT/*.ipynb``) and flat ``STUDENT_anything.ipynb``.
    A student folder without any notebook yields one ``no_notebook`` candidate; other files
    (``.py``, ``.txt``...) inside a student's folder are candidates too when named ``*.ipynb``
    only — anything else is ignored."""
    root = Path(root)
    times = times or {}
    out = []

    def when(path: Path) -> float:
        rel = path.relative_to(root).as_posix()
        if rel in times:
            return times[rel]
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    excluded = {Path(p).resolve() for p in exclude}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name == "__MACOSX" or entry.is_symlink():
            continue
        if entry.resolve() in excluded:   # e.g. the --out folder placed inside the class folder
            continue
        if entry.is_file():
            if entry.suffix.lower() != ".ipynb":
                continue
            student = entry.stem.split("_", 1)[0].strip() or entry.stem
            hint = next((les for les in lessons if les in entry.name), None)
            out.append(Candidate(student, entry, entry.name, when(entry), hint))
        elif entry.is_dir():
            student = folder_student(entry.name)
            found = []
            for nb in sorted(entry.rglob("*.ipynb")):
                rel_parts = nb.relative_to(entry).parts
                if _is_hidden(rel_parts) or nb.is_symlink() or not nb.is_file():
                    continue
                hint = None
                if len(rel_parts) >= 2 and rel_parts[0] in lessons:
                    hint = rel_parts[0]
                else:
                    hint = next((les for les in lessons if les in nb.name), None)
                found.append(Candidate(student, nb, nb.relative_to(root).as_posix(), when(nb), hint))
            if not found:
                out.append(Candidate(student, None, entry.name, 0.0, None, "no_notebook"))
            out.extend(found)
    return out


def newest_first(cands: list[Candidate]) -> list[Candidate]:
    """Newest first; ties broken by name (the later name counts as newer)."""
    return sorted(cands, key=lambda c: (c.time, c.rel), reverse=True)

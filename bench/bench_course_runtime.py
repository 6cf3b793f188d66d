"""Course run time: every solution notebook executed top to bottom, in seconds (COURSE_SPEC §7).

    .venv/bin/python bench/bench_course_runtime.py [LESSON ...]

Each lesson runs in a fresh kernel exactly as a student's "Run All" would (headless: no widgets),
kernel start-up included. Prints one line per lesson and the total; never asserts a time. The BLAS
overrides this machine sets are removed for this process and its kernels only."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _blas import blas_description, clean_blas_environment  # noqa: E402

clean_blas_environment()

import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from autograder.executor import ipc_kernel_manager  # noqa: E402
from autograder.nbgrader_config import kernel_env  # noqa: E402


def run_lesson(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="course-bench-") as sockets:
        km = ipc_kernel_manager(sockets)   # local sockets: no TCP port, no TCP warning
        client = NotebookClient(nb, km=km, timeout=300,
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        try:
            client.execute(env=kernel_env(headless=True))
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)
        return time.perf_counter() - start


def main(argv):
    lessons = sorted((ROOT / "solutions").glob("*/*.ipynb"))
    if argv:
        lessons = [p for p in lessons if p.parent.name in argv]
    print(blas_description())
    total = 0.0
    for path in lessons:
        seconds = run_lesson(path)
        total += seconds
        print(f"{path.parent.name:<26} {seconds:6.1f} s")
    print(f"{'total':<26} {total:6.1f} s  ({len(lessons)} lessons)")


if __name__ == "__main__":
    main(sys.argv[1:])

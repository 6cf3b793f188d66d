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
from jupyter_client import KernelManager  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from autograder.nbgrader_config import kernel_env  # noqa: E402


def run_lesson(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    # Local IPC sockets (no TCP warning); an absolute prefix, since the kernel runs in the lesson folder.
    km = KernelManager(kernel_name="python3", transport="ipc",
                       ip=os.path.join(tempfile.mkdtemp(prefix="course-bench-"), "kernel"))
    client = NotebookClient(nb, km=km, timeout=300,
                            resources={"metadata": {"path": str(path.parent)}})
    env = kernel_env(headless=True)
    start = time.perf_counter()
    try:
        client.execute(env=env)
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

"""Shared set-up for benchmarks: a clean BLAS environment and a one-line report of the BLAS kernel.

This machine sets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, which make OpenBLAS pick slower kernels.
OpenBLAS reads them once, when numpy loads it, so a benchmark calls ``clean_blas_environment()``
before importing numpy (it re-executes the script if numpy is already loaded). Only the benchmark's
own process is affected; tests and CI keep the machine's settings.
"""

import os
import sys

BLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def clean_blas_environment():
    """Remove the BLAS overrides from this process's environment (re-exec if numpy is loaded)."""
    present = [name for name in BLAS_VARIABLES if name in os.environ]
    if not present:
        return
    if "numpy" in sys.modules:
        env = {k: v for k, v in os.environ.items() if k not in BLAS_VARIABLES}
        # sys.orig_argv is the full command line (also for python -c / -m), not just the script's.
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], env)
    for name in present:
        del os.environ[name]


def blas_description():
    """One line per BLAS library numpy (and friends) loaded: implementation, kernel, threads."""
    from threadpoolctl import threadpool_info

    import numpy  # noqa: F401  (make sure numpy's BLAS is loaded before asking)

    lines = []
    for info in threadpool_info():
        if info.get("user_api") != "blas":
            continue
        lines.append(f"{info.get('internal_api')} {info.get('version')} kernel={info.get('architecture')} "
                     f"threads={info.get('num_threads')} ({os.path.basename(info.get('filepath', ''))})")
    removed = [name for name in BLAS_VARIABLES if name in os.environ]
    lines.append("BLAS overrides in this process: " + (", ".join(removed) if removed else "none"))
    return "\n".join(lines)

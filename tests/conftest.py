"""Test-session set-up shared by the whole suite.

Keras, matplotlib, IPython and Jupyter write configuration and caches under HOME; the tests point
all of them at one temporary folder so that running the suite leaves the user's HOME untouched.
Kernels started by the tests inherit these variables."""
import os
import tempfile

import pytest

_home = tempfile.mkdtemp(prefix="course-test-home-")
for var, sub in [("HOME", ""), ("MPLCONFIGDIR", "matplotlib"), ("KERAS_HOME", "keras"),
                 ("IPYTHONDIR", "ipython"), ("JUPYTER_CONFIG_DIR", "jupyter/config"),
                 ("JUPYTER_DATA_DIR", "jupyter/data"), ("JUPYTER_RUNTIME_DIR", "jupyter/runtime")]:
    path = os.path.join(_home, sub)
    os.makedirs(path, exist_ok=True)
    os.environ[var] = path
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("COURSE_HEADLESS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def in_ci() -> bool:
    """True when the environment variable CI is set to anything non-empty (``CI=true``)."""
    return bool(os.environ.get("CI", "").strip())


def require_tool(found: bool, reason: str) -> None:
    """The one rule for tests that need a system package (COURSE_SPEC §8 CI).

    Nothing is skipped in CI: there a missing tool fails the test with ``reason``; only on a
    developer's machine that lacks the package does the test skip, with ``reason``. ``reason``
    names the missing tool and the apt package that provides it."""
    if found:
        return
    if in_ci():
        pytest.fail(f"{reason}. CI (CI={os.environ['CI']!r}) skips nothing: install the package "
                    "with `make system-packages` (tools/system-packages.sh, as root with apt)",
                    pytrace=False)
    pytest.skip(reason)

"""Test-session set-up shared by the whole suite.

Keras, matplotlib, IPython and Jupyter write configuration and caches under HOME; the tests point
all of them at one temporary folder so that running the suite leaves the user's HOME untouched.
Kernels started by the tests inherit these variables."""
import os
import tempfile

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

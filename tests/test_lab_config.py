"""`course lab`'s own Jupyter configuration: nbgrader's instructor tools off, for that launch only
(the browser proof is tests/test_lab_extensions.py)."""
import json
import os

from autograder.lab import (
    INSTRUCTOR_LAB_PLUGINS, INSTRUCTOR_SERVER_EXTENSIONS, STUDENT_CONFIG, run_lab,
    student_env, student_jupyter_config,
)


def test_config_folder_disables_the_instructor_plugins_and_server_extensions(tmp_path):
    folder = student_jupyter_config(tmp_path / "cfg")
    page = json.loads((folder / "labconfig" / "page_config.json").read_text())
    assert set(page["disabledExtensions"]) == set(INSTRUCTOR_LAB_PLUGINS)
    assert "@jupyter/nbgrader:menu" in page["disabledExtensions"]
    server = json.loads((folder / "jupyter_server_config.d" / "course-lab-student.json").read_text())
    assert server["ServerApp"]["jpserver_extensions"] == {
        ext: False for ext in INSTRUCTOR_SERVER_EXTENSIONS}
    # students keep their own tools
    assert not any("assignment-list" in p or "validate" in p for p in INSTRUCTOR_LAB_PLUGINS)


def test_env_puts_the_folder_first_and_leaves_the_users_config_dir_alone(tmp_path):
    base = {"PATH": "/usr/bin", "JUPYTER_CONFIG_DIR": "/home/me/.jupyter",
            "JUPYTER_CONFIG_PATH": os.pathsep.join(["/opt/site", str(tmp_path)])}
    env = student_env(tmp_path, base)
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(tmp_path.resolve()), "/opt/site"]
    assert env["JUPYTER_CONFIG_DIR"] == "/home/me/.jupyter"
    assert "JUPYTER_CONFIG_PATH" not in os.environ or os.environ["JUPYTER_CONFIG_PATH"] != \
        env["JUPYTER_CONFIG_PATH"]


def test_dry_run_shows_the_config_path(tmp_path):
    (tmp_path / "lessons" / "01_a").mkdir(parents=True)
    (tmp_path / "lessons" / "01_a" / "01_a.ipynb").write_text("{}")
    lines = []
    assert run_lab(tmp_path, dry_run=True, echo=lines.append) == 0
    config = tmp_path / "work" / STUDENT_CONFIG
    assert (config / "labconfig" / "page_config.json").is_file()
    assert lines[-1].startswith(f"JUPYTER_CONFIG_PATH={config.resolve()}")
    assert "-m jupyterlab" in lines[-1]

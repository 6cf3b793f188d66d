"""The pip path and the conda path describe the same environment; nn_lib stays light."""
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _canonical(line: str) -> str:
    req = Requirement(line)
    return f"{req.name.lower().replace('_', '-')}{req.specifier}" + (
        f"; {req.marker}" if req.marker else "")


# The course pins about twenty packages; a parser or a file that yields fewer than this, or
# misses one of the packages every lesson needs, would let the comparisons below pass vacuously.
MIN_PINS = 15
CORE_PACKAGES = {"numpy", "matplotlib", "scikit-learn", "tensorflow-cpu", "keras", "jupyterlab",
                 "nbgrader", "pytest"}


def _substantial(pins: list[str], source: str) -> list[str]:
    names = {Requirement(pin).name for pin in pins}
    assert len(pins) >= MIN_PINS, (
        f"{source} yields only {len(pins)} pins ({sorted(pins)}); the course pins about 20 packages")
    assert CORE_PACKAGES <= names, f"{source} does not pin {sorted(CORE_PACKAGES - names)}"
    return pins


def requirements_pins() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return _substantial([_canonical(line) for line in (x.split(" #")[0].strip() for x in lines)
                         if line and not line.startswith("#")], "requirements.txt")


def environment_pins() -> list[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip_sections) == 1, "environment.yml needs exactly one `pip:` section"
    return _substantial([_canonical(x) for x in pip_sections[0] if not x.startswith("-e")],
                        "environment.yml")


def test_every_requirement_is_pinned_exactly():
    for pin in requirements_pins():
        assert "==" in pin, f"requirements.txt: {pin} is not pinned with =="


def test_environment_yml_matches_requirements_txt():
    req, env = requirements_pins(), environment_pins()
    assert len(req) == len(set(req)), "requirements.txt lists a package twice"
    missing = sorted(set(req) - set(env))
    extra = sorted(set(env) - set(req))
    assert not missing and not extra, (
        f"environment.yml differs from requirements.txt: missing {missing}, extra {extra}")


def test_environment_yml_installs_the_project_and_python_version_agrees():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert "-e ." in pip, "environment.yml should install the course itself (`-e .`)"
    pythons = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert pythons == ["python=3.11"] and "3.11" in project["requires-python"]


def test_pyproject_reads_requirements_txt():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "dependencies" in pyproject["project"]["dynamic"]
    assert "dependencies" not in pyproject["project"], "pin versions only in requirements.txt"
    dynamic = pyproject["tool"]["setuptools"]["dynamic"]["dependencies"]
    assert dynamic == {"file": ["requirements.txt"]}
    assert pyproject["project"]["scripts"]["course"] == "autograder.cli:main"


def test_linux_and_other_platforms_get_tensorflow_by_marker():
    pins = requirements_pins()
    assert any(p.startswith("tensorflow-cpu==") and 'sys_platform == "linux"' in p for p in pins)
    assert any(p.startswith("tensorflow==") and 'sys_platform != "linux"' in p for p in pins)


def test_import_nn_lib_does_not_import_tensorflow():
    code = ("import sys, nn_lib\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('tensorflow', 'keras', 'tf_keras'))\n"
            "print(heavy[:5]); raise SystemExit(1 if heavy else 0)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, f"`import nn_lib` imported {proc.stdout.strip()} {proc.stderr}"

"""The Binder / JupyterHub route: repo2docker itself reads the repository and writes the
Dockerfile it would build (``--no-build``: this machine has no Docker daemon, so the image is not
built here). Checks that it picks Python 3.11 from ``binder/runtime.txt``, installs
``binder/requirements.txt`` (CPU PyTorch index + the course's pins) and runs ``binder/postBuild``."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dockerfile():
    pytest.importorskip("repo2docker", reason="pip install -r requirements-test.txt")
    run = subprocess.run([sys.executable, "-m", "repo2docker", "--no-build", "--debug", "--no-run", str(ROOT)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    text = run.stdout + run.stderr
    assert "FROM " in text, "repo2docker printed no Dockerfile"
    return text


def test_repo2docker_uses_python_311(dockerfile):
    assert "conda environment for python=3.11" in dockerfile, "binder/runtime.txt should select Python 3.11"


def test_repo2docker_installs_the_binder_requirements_then_runs_postbuild(dockerfile):
    install = dockerfile.find('pip install --no-cache-dir -r "binder/requirements.txt"')
    post = dockerfile.find("./binder/postBuild")
    assert install != -1, "binder/requirements.txt is not installed"
    assert post > install, "binder/postBuild must run after the requirements are installed"


def test_binder_requirements_are_runtime_pins_with_cpu_torch():
    """Binder installs the course's runtime dependencies at requirements.txt's pins (tests/test_delivery.py
    checks each pin), PyTorch from its CPU index, and no test or build tooling."""
    req = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    assert any(line.startswith("--extra-index-url") and "whl/cpu" in line for line in req)
    names = {line.split("==")[0].split(">=")[0].strip().lower() for line in req if line and not line.startswith(("#", "-"))}
    assert {"torch", "diffusers", "ipywidgets"} <= names
    assert not names & {"pytest", "nbval", "jupyter-book", "ruff", "mypy", "nbgrader"}, names
    assert "pip install --no-cache-dir --no-deps -e ." in (ROOT / "binder" / "postBuild").read_text()

"""Delivery configuration: GitHub Actions workflows and the Binder (repo2docker) environment."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _workflow(name):
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def _steps(wf):
    return [s for job in wf["jobs"].values() for s in job.get("steps", [])]


def test_pull_requests_run_make_test():
    wf = _workflow("test.yml")
    triggers = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers
    runs = " ".join(s.get("run", "") for s in _steps(wf))
    assert "make test" in runs
    assert any(s.get("with", {}).get("python-version") == "3.11" for s in _steps(wf))


def test_book_is_built_and_deployed_to_pages():
    wf = _workflow("book.yml")
    steps = _steps(wf)
    assert "make book" in " ".join(s.get("run", "") for s in steps)
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in steps)
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"


def test_binder_uses_the_pinned_requirements_and_cpu_torch():
    req = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    assert "-r ../requirements.txt" in req
    assert any("download.pytorch.org/whl/cpu" in line for line in req)
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post = ROOT / "binder" / "postBuild"
    assert "pip install" in post.read_text() and "-e ." in post.read_text()
    assert post.stat().st_mode & 0o111, "postBuild must be executable"
    # the pinned requirements pin torch only as a range (Colab and Binder keep/choose their own build)
    torch_line = [l for l in (ROOT / "requirements.txt").read_text().splitlines() if l.startswith("torch")][0]
    assert "==" not in torch_line

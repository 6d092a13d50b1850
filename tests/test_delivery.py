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
    # stored outputs unless the workflow is run by hand with execute ticked
    assert "EXECUTE=${{ inputs.execute && 'force' || 'off' }}" in " ".join(s.get("run", "") for s in steps)
    triggers = wf[True] if True in wf else wf["on"]
    assert triggers["workflow_dispatch"]["inputs"]["execute"]["default"] is False
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in steps)
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"


def test_binder_uses_the_pinned_requirements_and_cpu_torch():
    req = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    assert any("download.pytorch.org/whl/cpu" in line for line in req)
    # runtime dependencies only, at the versions requirements.txt pins (issue 19)
    pins = {l.split("==")[0].lower(): l for l in (ROOT / "requirements.txt").read_text().splitlines() if "==" in l}
    binder = [l for l in req if l and not l.startswith(("#", "-"))]
    assert not any(l.startswith("-r") for l in req), "Binder installs runtime dependencies only, not requirements.txt"
    for line in binder:
        name = line.split("==")[0].split(">")[0].split("<")[0].lower()
        assert name not in {"pytest", "nbval", "ruff", "mypy", "jupyter-book", "nbgrader", "pytest-socket", "opacus"}, line
        if "==" in line:
            assert pins.get(name) == line, f"binder pins {line}, requirements.txt {pins.get(name)}"
    apt = (ROOT / "binder" / "apt.txt").read_text().split()
    assert "libgl1" in apt and "libglib2.0-0" in apt, "opencv-python needs libGL and glib in the image"
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post = ROOT / "binder" / "postBuild"
    assert "pip install" in post.read_text() and "-e ." in post.read_text()
    assert post.stat().st_mode & 0o111, "postBuild must be executable"
    # the pinned requirements pin torch only as a range (Colab and Binder keep/choose their own build)
    torch_line = [l for l in (ROOT / "requirements.txt").read_text().splitlines() if l.startswith("torch")][0]
    assert "==" not in torch_line


# --- Colab: every notebook links to itself on Colab and installs only there ----------------------
import json
import re
import subprocess
import sys

import nbformat

NOTEBOOKS = sorted(p for d in ("notebooks", "solutions", "exercises") for p in (ROOT / d).glob("*.ipynb"))
_CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO = _CONFIG["repository"]["url"].rstrip("/")
REF = str(_CONFIG.get("course", {}).get("install_ref") or _CONFIG["repository"].get("branch", "main"))
SLUG = REPO.split("github.com/")[1]


def test_every_notebook_has_a_colab_badge_for_its_own_path():
    assert NOTEBOOKS
    bad = []
    for p in NOTEBOOKS:
        first = nbformat.read(p, as_version=4).cells[0].source
        links = re.findall(r"\(https://colab\.research\.google\.com/github/([^)]+)\)", first)
        want = f"{SLUG}/blob/{REF}/{p.relative_to(ROOT).as_posix()}"
        if links != [want]:
            bad.append((p.name, links))
    assert not bad, f"Colab badges that do not point at their own notebook: {bad}"


def test_every_notebook_installs_from_the_repository_only_on_colab():
    for p in NOTEBOOKS:
        setup = nbformat.read(p, as_version=4).cells[1].source
        guard = setup.index('if "google.colab" in sys.modules:')
        install = setup.index("pip")
        assert guard < install, f"{p.name}: pip must sit inside the Colab guard"
        assert f"git+{REPO}" in setup, p.name


# Runs every setup cell in ONE fresh interpreter (one torch import), twice: without google.colab
# (no process may be started) and with a fake google.colab module (exactly one pip install, from
# the repository). subprocess.run/call/check_call/Popen and os.system are all replaced by recorders.
_DRIVER = r'''
import json, os, subprocess, sys, types
sources = json.loads(sys.stdin.read())
calls = []
def rec(name):
    def f(*a, **k):
        calls.append([name, [str(x) for x in (a[0] if a and isinstance(a[0], (list, tuple)) else a)]])
        return subprocess.CompletedProcess(a, 0)
    return f
for name in ("run", "call", "check_call", "check_output", "Popen"):
    setattr(subprocess, name, rec(name))
os.system = rec("os.system")
out = {}
for colab in (False, True):
    sys.modules.pop("google.colab", None)
    if colab:
        sys.modules["google.colab"] = types.ModuleType("google.colab")
    for path, src in sources.items():
        calls.clear()
        exec(compile(src, path, "exec"), {"__name__": "__main__"})
        out[f"{colab}:{path}"] = list(calls)
print("RESULT=" + json.dumps(out))
'''


def test_setup_cells_run_pip_only_on_colab():
    sources = {p.relative_to(ROOT).as_posix(): nbformat.read(p, as_version=4).cells[1].source for p in NOTEBOOKS}
    env = {k: v for k, v in __import__("os").environ.items()}
    env.update(OMP_NUM_THREADS="1", MPLBACKEND="Agg")
    proc = subprocess.run([sys.executable, "-c", _DRIVER], input=json.dumps(sources), capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=240)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.split("RESULT=", 1)[1])
    for path in sources:
        assert result[f"False:{path}"] == [], f"{path} started a process outside Colab: {result[f'False:{path}']}"
        on_colab = result[f"True:{path}"]
        assert len(on_colab) == 1 and "pip" in on_colab[0][1] and any(f"git+{REPO}@{REF}" in a for a in on_colab[0][1]), \
            f"{path}: on Colab the setup cell should pip-install the course from {REPO}, got {on_colab}"


def test_every_shipped_checkpoint_is_listed_and_documented():
    ckpts = ROOT / "src" / "aigc_ethics" / "checkpoints"
    page = (ROOT / "book" / "model_card.md").read_text()
    for d in sorted(p for p in ckpts.iterdir() if p.is_dir()):
        assert f"`{d.name}`" in page, f"checkpoint {d.name} is not listed in book/model_card.md"
        assert (d / "checksums.json").is_file(), f"checkpoint {d.name} has no checksums.json"
        assert (d / "MODEL_CARD.md").is_file() or (d / "info.json").is_file(), f"checkpoint {d.name} has no card"


def test_workflows_use_node24_action_majors_and_cache_pip():
    """Node 20 actions were retired on GitHub's runners in 2026 (issue 19): checkout/setup-python v6,
    cache/upload-pages-artifact/deploy-pages v5 run on Node 24."""
    least = {"actions/checkout": 6, "actions/setup-python": 6, "actions/cache": 5,
             "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}
    for name in ("book.yml", "test.yml"):
        steps = _steps(_workflow(name))
        for s in steps:
            action, _, major = s.get("uses", "@").partition("@")
            if action in least:
                assert int(major.lstrip("v").split(".")[0]) >= least[action], f"{name}: {s['uses']}"
        caches = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
        assert caches and caches[0]["with"]["path"] == "~/.cache/pip", f"{name}: no pip cache"

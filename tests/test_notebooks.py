"""Conventions every committed notebook follows (see CONTRIBUTING in the README)."""
import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
# The real-model appendices follow the title and setup-cell conventions; they are committed without
# outputs and tested by tests/test_hub_appendices.py.
APPENDICES = sorted((ROOT / "appendices").glob("*.ipynb"))
ALL = LESSONS + SOLUTIONS + EXERCISES + APPENDICES
_CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO = _CONFIG["repository"]["url"].rstrip("/")
REF = str(_CONFIG.get("course", {}).get("install_ref") or _CONFIG["repository"].get("branch", "main"))


def ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def test_there_are_notebooks():
    assert LESSONS and SOLUTIONS and EXERCISES


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_title_cell(path):
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    rel = path.relative_to(ROOT).as_posix()
    colab = f"https://colab.research.google.com/github/{REPO.split('github.com/')[1]}/blob/{REF}/{rel}"
    assert f"[▶ Open in Colab]({colab})" in first.source, f"missing or wrong Colab link, expected {colab}"
    assert re.search(r"\*\*You will (learn|practise)\*\*", first.source)
    assert "**Run time:**" in first.source


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_setup_cell(path):
    cell = nbformat.read(path, as_version=4).cells[1]
    assert cell.cell_type == "code"
    assert '"google.colab" in sys.modules' in cell.source
    assert f"git+{REPO}@{REF}\"" in cell.source, "the setup cell must install the repository and ref in _config.yml"
    assert re.search(r"setup\(seed=\d+\)", cell.source), "seeds must be set explicitly"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_setup_cell_is_a_no_op_outside_colab(path, monkeypatch):
    import subprocess
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    source = nbformat.read(path, as_version=4).cells[1].source
    namespace = {}
    exec(compile(source, str(path), "exec"), namespace)
    assert calls == [], "the setup cell ran pip outside Colab"
    assert str(namespace["device"]) in ("cpu", "cuda")


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=ids(LESSONS + SOLUTIONS))
def test_committed_executed_without_errors_or_machine_paths(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, "commit notebooks executed (tools/nb.sh)"
        for out in cell.outputs:
            assert out.output_type != "error", f"committed error output: {out.get('ename')}"
            blob = json.dumps(out)
            for machine_path in ("/" + "work/", "/home/", "/" + "root/", "/tmp/", "site-packages"):  # split so this file holds no machine path
                assert machine_path not in blob, f"machine path {machine_path} in an output"


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=ids(LESSONS + SOLUTIONS))
def test_figures_have_alt_text(path):
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and any("image/png" in o.get("data", {}) for o in cell.outputs):
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) > 20, f"figure without alt text in cell:\n{cell.source[:200]}"


@pytest.mark.parametrize("path", EXERCISES, ids=ids(EXERCISES))
def test_exercises_are_committed_blank(path):
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


# Colour maps that readers with a colour-vision deficiency cannot tell apart (categorical tab10/Set1
# mix red and green; jet/rainbow/hsv are not perceptually ordered). Plots use the Okabe-Ito palette
# (aigc_ethics.imaging.OKABE_ITO, set by notebook.setup) or viridis/cividis.
UNSAFE_COLOURS = re.compile(r"""\b(tab10|tab20|Set1|Set3|Paired|jet|rainbow|gist_rainbow|hsv|RdYlGn|RdGn)\b""")


def test_plots_use_colour_blind_safe_palettes():
    sources = sorted((ROOT / "src" / "aigc_ethics").glob("*.py")) + sorted((ROOT / "lessons").glob("*.py"))
    bad = [f"{p.relative_to(ROOT)}:{i}" for p in sources
           for i, line in enumerate(p.read_text().splitlines(), 1)
           if UNSAFE_COLOURS.search(line) and ("cmap" in line or "cm." in line or "color" in line)]
    assert not bad, f"colour maps that are not colour-blind safe: {bad}"


# --- lesson sources and notebooks are one source ---------------------------------------------



@pytest.mark.parametrize("src", sorted(p.name for p in (ROOT / "lessons").glob("*.py")))
def test_notebook_matches_its_lesson_source(src):
    """Every lesson source (lessons/NN_name.py, lessons/NN_name.solution.py) has its notebook, and the
    notebook's cells are exactly the source's: an edit made on one side only fails here
    (fix with `make lesson NAME=NN_name`, or `jupytext --sync` on the notebook)."""
    import jupytext
    import nbformat
    path = ROOT / "lessons" / src
    nb_path = (ROOT / "solutions" / src.replace(".solution.py", ".ipynb") if src.endswith(".solution.py")
               else ROOT / "notebooks" / src.replace(".py", ".ipynb"))
    assert nb_path.is_file(), f"{path.relative_to(ROOT)} has no notebook {nb_path.relative_to(ROOT)}"
    want = [(c.cell_type, c.source.strip()) for c in jupytext.read(path).cells]
    have = [(c.cell_type, c.source.strip()) for c in nbformat.read(nb_path, as_version=4).cells]
    assert len(want) == len(have), f"{nb_path.name}: {len(have)} cells, its source {src} has {len(want)}"
    diff = [i for i, (a, b) in enumerate(zip(want, have)) if a != b]
    assert not diff, f"{nb_path.name} differs from {src} in cells {diff}: run `make lesson NAME={src.split('.')[0]}`"


def test_every_notebook_has_a_lesson_source():
    names = {p.name.split(".")[0] for p in (ROOT / "lessons").glob("*.py")}
    orphans = [p.name for d in ("notebooks", "solutions") for p in (ROOT / d).glob("*.ipynb") if p.stem not in names]
    assert not orphans, f"notebooks without a source in lessons/: {orphans}"


def test_drift_check_catches_a_one_sided_edit(tmp_path):
    """The pairing check is not vacuous: an edited copy of a source differs from its notebook."""
    import jupytext
    import nbformat
    src = ROOT / "lessons" / "00_images_are_arrays.py"
    edited = jupytext.read(src)
    edited.cells[0].source += "\nAn edit made only in the source."
    have = [c.source.strip() for c in nbformat.read(ROOT / "notebooks" / "00_images_are_arrays.ipynb", as_version=4).cells]
    assert [c.source.strip() for c in edited.cells] != have

"""One repository setting (issue 19): `_config.yml` names the repository and the ref students install;
every copy (badges, setup cells, clone lines, Binder links) agrees, and `make set-repo` rewrites them."""
import ast
import importlib.util
import re
import shutil
from pathlib import Path

import nbformat
import tomllib

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("set_repo", ROOT / "tools" / "set_repo.py")
set_repo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(set_repo)


def test_no_copy_of_the_repository_disagrees_with_config():
    bad = set_repo.run(ROOT, check=True)
    assert not bad, "copies that disagree with _config.yml (run `make set-repo`):\n" + "\n".join(bad[:20])


def test_setup_cells_pin_the_configured_ref_and_install_the_colab_extra():
    s = set_repo.settings(ROOT)
    for p in set_repo.notebooks(ROOT):
        extras = set_repo.HUB_EXTRAS if p.parent.name == "appendices" else "colab"   # the real-model appendices: hub too
        want = f'"aigc-ethics[{extras}] @ git+{s["url"]}@{s["ref"]}"'
        assert want in nbformat.read(p, as_version=4).cells[1].source, p.name


def test_set_repo_rewrites_a_fork(tmp_path):
    """A fork sets its URL and a release tag; every kind of copy follows, outputs are untouched."""
    for rel in ("_config.yml", "book/intro.md", "lessons/20_representation_audit.py",
                "notebooks/20_representation_audit.ipynb", "solutions/20_representation_audit.ipynb"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    (tmp_path / "README.md").write_text("Launch: https://mybinder.org/v2/gh/aigc-ethics/aigc-ethics-course/main?urlpath=lab\n"
                                        "Issues: https://github.com/aigc-ethics/aigc-ethics-course/issues\n")
    cfg = (tmp_path / "_config.yml").read_text()
    cfg = re.sub(r"url: https://github.com/\S+", "url: https://github.com/ada/ethics-fork", cfg)
    cfg = re.sub(r"install_ref: \S+", "install_ref: v2026-autumn", cfg)
    (tmp_path / "_config.yml").write_text(cfg)
    before = nbformat.read(tmp_path / "notebooks/20_representation_audit.ipynb", as_version=4)

    assert set_repo.run(tmp_path, check=True), "the fork's settings should disagree with the copies"
    set_repo.run(tmp_path)
    assert set_repo.run(tmp_path, check=True) == []

    after = nbformat.read(tmp_path / "notebooks/20_representation_audit.ipynb", as_version=4)
    assert "colab.research.google.com/github/ada/ethics-fork/blob/v2026-autumn/notebooks/20_" in after.cells[0].source
    assert '"aigc-ethics[colab] @ git+https://github.com/ada/ethics-fork@v2026-autumn"' in after.cells[1].source
    assert [c.get("outputs") for c in after.cells] == [c.get("outputs") for c in before.cells]
    assert [c.get("id") for c in after.cells] == [c.get("id") for c in before.cells]
    assert after.cells[2:] == before.cells[2:]
    lesson = (tmp_path / "lessons/20_representation_audit.py").read_text()
    assert "git+https://github.com/ada/ethics-fork@v2026-autumn" in lesson and "aigc-ethics/aigc-ethics-course" not in lesson
    intro = (tmp_path / "book/intro.md").read_text()
    assert "git clone https://github.com/ada/ethics-fork\ncd ethics-fork" in intro
    readme = (tmp_path / "README.md").read_text()
    assert "mybinder.org/v2/gh/ada/ethics-fork/v2026-autumn" in readme
    assert "https://github.com/ada/ethics-fork/issues" in readme


def test_every_third_party_import_of_the_package_is_a_declared_dependency():
    """Colab installs from pyproject.toml alone: an import it does not list crashes mid-notebook there."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = " ".join(meta["dependencies"] + [d for ds in meta["optional-dependencies"].values() for d in ds]).lower()
    dist = {"PIL": "pillow", "skimage": "scikit-image", "sklearn": "scikit-learn", "cv2": "opencv-python",
            "imwatermark": "invisible-watermark", "c2pa": "c2pa-python", "imagehash": "imagehash",
            "IPython": "ipython", "cycler": "matplotlib"}
    stdlib = set(__import__("sys").stdlib_module_names) | {"aigc_ethics", "__future__"}
    missing = set()
    for p in (ROOT / "src" / "aigc_ethics").rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for top in {n.split(".")[0] for n in names}:
                if top not in stdlib and dist.get(top, top).lower() not in declared:
                    missing.add((top, p.name))
    assert not missing, f"imports not in pyproject.toml: {sorted(missing)}"


def test_ipywidgets_range_keeps_colabs_7x():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(re.fullmatch(r"ipywidgets>=7\.\d+", d) for d in deps), deps


def test_lesson_data_ships_with_the_package():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "data/*" in meta["tool"]["setuptools"]["package-data"]["aigc_ethics"]
    for src in sorted((ROOT / "lessons").glob("*.py")):
        assert "../book/" not in "".join(l for l in src.read_text().splitlines(True) if not l.lstrip().startswith("#")), \
            f"{src.name} reads a file from the checkout; ship it in src/aigc_ethics/data"

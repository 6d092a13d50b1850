"""The real-model appendices (issue 19): one per chapter, run by a workshop leader on Colab with a GPU.

They cannot run here (no GPU, no internet), so they are committed WITHOUT outputs (never fabricated
ones), left out of nbval (`make notebooks` runs notebooks/ and solutions/ only) and of the book's
execution (`_config.yml` execute.exclude_patterns). This file checks their pairing with
lessons/appendices/*.py and executes every one top to bottom with nbclient against a tiny, randomly
initialised Stable-Diffusion pipeline saved to disk (AIGC_HUB_MODEL points at the folder; the
cell tagged "parameters" is followed by a cell that makes the run small, as papermill would), so a
library function they call cannot break unnoticed. The numbers of that run mean nothing.
"""
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml

pytest.importorskip("transformers", reason="the hub extra: pip install 'aigc-ethics[hub]'")
from test_hub_path import sd_folder  # noqa: E402,F401  (the tiny saved pipeline, a module fixture)

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "lessons" / "appendices").glob("*.py"))
NOTEBOOKS = sorted((ROOT / "appendices").glob("*.ipynb"))
CHAPTERS = ("privacy", "bias", "intellectual_property", "misinformation", "law_and_society", "likeness")

#: Per appendix: what replaces its parameters for the offline run ({ref}: a folder of reference images).
SMALL = {
    "A1_privacy_on_a_real_model": "SETTINGS = dict(num_inference_steps=2, guidance_scale=1.0)\nN = 3\nBATCH = 2\n"
                                  "REFERENCE_DIR = {ref!r}",
    "A2_bias_on_a_real_model": "SETTINGS = dict(num_inference_steps=2, guidance_scale=1.0)\nN = 4\nBATCH = 2",
    "A3_intellectual_property_on_a_real_model": "SETTINGS = dict(num_inference_steps=2, guidance_scale=1.0)\nN = 2\n"
                                                "BATCH = 2\nATTACKS = ['none', 'JPEG 50']\nMETHODS = ['course', 'dwtDct']\n"
                                                "TR_N = 2\nTR_RADIUS = 3\nTR_INVERT_STEPS = 2\nTR_ATTACKS = ['none', 'JPEG 50']",
    "A4_misinformation_on_a_real_model": "SETTINGS = dict(num_inference_steps=2, guidance_scale=1.0)\nN = 4\nBATCH = 2",
    "A5_law_and_society_on_a_real_model": "SETTINGS = dict(num_inference_steps=2, guidance_scale=1.0)\nN = 4\nBATCH = 2",
    "A6_likeness_on_a_real_model": "SETTINGS = dict(num_inference_steps=2, guidance_scale=1.0)\nN = 4\nBATCH = 2\n"
                                   "N_PHOTOS = 20",
}
#: Hand labels, as two labellers would click them in A2's widgets (read in the cell tagged "labels").
LABELS = ("labels = {p: ['lighter', 'darker', 'lighter', 'unsure'] for p in PROFESSIONS}\n"
          "labels_b = {p: ['lighter', 'darker', 'darker', 'lighter'] for p in PROFESSIONS}")


def ids(paths):
    return [p.stem for p in paths]


def test_one_appendix_per_chapter_in_the_toc():
    assert sorted(SMALL) == [p.stem for p in NOTEBOOKS] == [p.stem for p in SOURCES]
    assert [n.split("_", 1)[1].removesuffix("_on_a_real_model") for n in sorted(SMALL)] == list(CHAPTERS)
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    part = [p for p in toc["parts"] if p["caption"].startswith("Appendix")]
    assert len(part) == 1
    assert [c["file"] for c in part[0]["chapters"]] == [f"appendices/{n}" for n in sorted(SMALL)]
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert "appendices/*" in config["execute"]["exclude_patterns"], "the book must not execute the appendices"


@pytest.mark.parametrize("src", SOURCES, ids=ids(SOURCES))
def test_committed_without_outputs_and_paired_with_the_source(src):
    import jupytext
    nb = nbformat.read(ROOT / "appendices" / f"{src.stem}.ipynb", as_version=4)
    want = [(c.cell_type, c.source.strip()) for c in jupytext.read(src).cells]
    assert want == [(c.cell_type, c.source.strip()) for c in nb.cells], \
        f"{src.relative_to(ROOT)} and its notebook differ: run `make appendices`"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, "no outputs: they would not be the course's"
    assert sum("parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1
    assert nb.metadata["kernelspec"]["name"] == "python3", "build with `make appendices`"
    assert "AIGC_HUB_MODEL" in src.read_text() and "hub_pipeline(MODEL" in src.read_text()


def test_the_opt_in_stops_without_a_gpu_and_names_what_is_missing(tmp_path):
    from aigc_ethics.generate import HUB_MODELS, HubUnavailableError
    from aigc_ethics.notebook import hub_pipeline
    with pytest.raises(HubUnavailableError, match="needs a GPU"):
        hub_pipeline(HUB_MODELS["fast"], device="cpu")
    with pytest.raises(ValueError, match="model must be"):
        hub_pipeline("", device="cpu")
    with pytest.raises(ValueError, match="model_index.json"):
        hub_pipeline(str(tmp_path), device="cpu")


def _prepared(name, ref):
    """The appendix's cells, with the small run's parameters (and hand labels) after the tagged cells."""
    nb = nbformat.read(ROOT / "appendices" / f"{name}.ipynb", as_version=4)
    for tag, code in (("parameters", SMALL[name].format(ref=str(ref))), ("labels", LABELS)):
        at = [i for i, c in enumerate(nb.cells) if tag in c.metadata.get("tags", [])]
        if at:
            nb.cells.insert(at[0] + 1, nbformat.v4.new_code_cell(code))
    return nb.cells


@pytest.mark.slow
def test_every_appendix_runs_top_to_bottom_on_a_tiny_saved_pipeline(sd_folder, tmp_path, monkeypatch):  # noqa: F811
    """All six in ONE kernel (importing torch and the library once saves ~15 s per appendix), each
    top to bottom after `%reset -f`, so no appendix can lean on another's variables."""
    import time

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from PIL import Image

    ref = tmp_path / "reference"
    ref.mkdir()
    rng = np.random.default_rng(0)
    for k in range(2):
        Image.fromarray(rng.integers(0, 256, (24, 24, 3), dtype=np.uint8)).save(ref / f"ref{k}.png")
    cells, owner = [], []
    for name in sorted(SMALL):
        part = [nbformat.v4.new_code_cell("%reset -f\nimport matplotlib.pyplot as plt\nplt.close('all')")]
        part += _prepared(name, ref)
        cells += part
        owner += [name] * len(part)
    nb = nbformat.v4.new_notebook(cells=cells)
    for key, value in (("AIGC_HUB_MODEL", str(sd_folder)), ("HF_HUB_OFFLINE", "1"), ("AIGC_THREADS", "1"),
                       ("MPLBACKEND", "Agg")):
        monkeypatch.setenv(key, value)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    seconds = dict.fromkeys(SMALL, 0.0)
    with client.setup_kernel():
        for i, cell in enumerate(cells):
            start = time.perf_counter()
            try:
                client.execute_cell(cell, i)
            except CellExecutionError as err:
                pytest.fail(f"{owner[i]}: a cell failed:\n{cell.source[:300]}\n{str(err)[-1500:]}")
            seconds[owner[i]] += time.perf_counter() - start
        # ... and the opt-in really stops "Run all" without a GPU: A1's first cells with a Hub id.
        stop = [nbformat.v4.new_code_cell("%reset -f")]
        for cell in nbformat.read(ROOT / "appendices" / f"{sorted(SMALL)[0]}.ipynb", as_version=4).cells:
            stop.append(cell)
            if "parameters" in cell.metadata.get("tags", []):
                stop.append(nbformat.v4.new_code_cell('MODEL = HUB_MODELS["fast"]'))
            if "hub_pipeline(MODEL" in cell.source:
                break
        stop = [c for c in stop if c.cell_type == "code"]
        base = len(nb.cells)
        nb.cells.extend(stop)
        for i, cell in enumerate(stop[:-1]):
            client.execute_cell(cell, base + i)
        with pytest.raises(CellExecutionError, match="SystemExit"):
            client.execute_cell(stop[-1], base + len(stop) - 1)
        assert "this appendix needs a GPU" in stop[-1].outputs[-1].get("evalue", "") + str(stop[-1].outputs)
    for name in SMALL:
        text = "".join(o.get("text", "") for c, who in zip(nb.cells, owner) if who == name and c.cell_type == "code"
                       for o in c.outputs)
        assert f"model: {sd_folder}" in text, f"{name}: the opt-in cell must load the model named by AIGC_HUB_MODEL"
    print({k: round(v, 1) for k, v in seconds.items()})


def test_set_repo_rewrites_the_appendices_and_keeps_their_hub_extra():
    import importlib.util
    spec = importlib.util.spec_from_file_location("set_repo", ROOT / "tools" / "set_repo.py")
    set_repo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(set_repo)
    fork = {"url": "https://github.com/ada/fork", "slug": "ada/fork", "name": "fork", "ref": "v1"}
    for src in SOURCES:
        text = set_repo.rewrite(src.read_text(), fork)
        assert '"aigc-ethics[colab,hub] @ git+https://github.com/ada/fork@v1"' in text
        assert f"github/ada/fork/blob/v1/appendices/{src.stem}.ipynb" in text
        assert not set_repo.disagreements(text, fork)
    assert any(p.parent.name == "appendices" for p in set_repo.notebooks(ROOT))
    assert any(p.parent.name == "appendices" for p in set_repo.text_files(ROOT))

"""Bad inputs for the generation entry points: load_pipeline, checksums, the pipeline call,
generate_many (issue 20). Each must fail at once with a one-line error naming what was expected."""

import importlib.util
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from aigc_ethics.core import checkpoints
from aigc_ethics.core import generate as G

ROOT = Path(__file__).resolve().parents[1]


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# --- load_pipeline: names and devices -------------------------------------------------------

def test_typo_in_a_shipped_name_suggests_the_closest_without_the_hub(monkeypatch):
    def no_hub(*a, **k):
        raise AssertionError("a plain name must not go to the hub")
    monkeypatch.setattr(G, "_load_hub_pipeline", no_hub)
    with pytest.raises(ValueError, match="Did you mean 'balanced'") as err:
        G.load_pipeline("balancd", device="cpu")
    assert "tiny" in str(err.value) and "owner/model" in str(err.value) and "\n" not in str(err.value)
    for name in ("no_such_model", "../etc", "tiny ", "a/b/c"):
        with pytest.raises(ValueError, match="no shipped variant"):
            G.load_pipeline(name, device="cpu")
    for name in (None, "", 3):
        with pytest.raises(ValueError, match="name must be"):
            G.load_pipeline(name, device="cpu")


def test_unknown_or_absent_device_is_a_clear_error():
    for dev in ("gpu", "cuda:99", "tpu", 3.5):
        with pytest.raises(ValueError, match="device"):
            G.load_pipeline("tiny", device=dev)


# --- checksums: pinned in the package -------------------------------------------------------

def test_pinned_hashes_match_the_shipped_files():
    assert _tool("pin_checksums").compute() == G.PINNED
    assert set(G.PINNED) >= set(G.shipped_variants()) | {"vae", "attributes"}


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """A copy of the shipped 'tiny' checkpoint that the package treats as shipped."""
    ckpts = tmp_path / "checkpoints"
    shutil.copytree(G.TINY_CHECKPOINT, ckpts / "tiny")
    monkeypatch.setattr(checkpoints, "CHECKPOINTS", ckpts)
    return ckpts / "tiny"


def test_rehashed_weights_of_a_shipped_checkpoint_are_refused(shipped_copy):
    G.verify_checksums(shipped_copy)                                    # the intact copy passes
    w = shipped_copy / "unet" / "diffusion_pytorch_model.safetensors"
    data = bytearray(w.read_bytes())
    data[-100] ^= 1
    w.write_bytes(bytes(data))
    G.write_checksums(shipped_copy)                                     # the attacker re-hashes
    with pytest.raises(G.CheckpointError, match="pinned in the package"):
        G.verify_checksums(shipped_copy)


def test_unpinned_shipped_folder_is_refused(shipped_copy):
    other = shipped_copy.parent / "planted"
    shutil.copytree(shipped_copy, other)
    with pytest.raises(G.CheckpointError, match="no hashes pinned"):
        G.verify_checksums(other)


@pytest.mark.parametrize("record, match", [({}, "empty"), ([], "empty"), ("{", "not valid JSON"),
                                           ({"model_index.json": "abc"}, "not SHA-256"),
                                           ("partial", "partial")])
def test_empty_partial_or_malformed_checksums_are_refused(tmp_path, record, match):
    d = tmp_path / "ckpt"
    shutil.copytree(G.TINY_CHECKPOINT, d)
    sums = json.loads((d / G.CHECKSUM_FILE).read_text())
    if record == "partial":
        sums.pop("unet/diffusion_pytorch_model.safetensors")
        text = json.dumps(sums)
    else:
        text = record if isinstance(record, str) else json.dumps(record)
    (d / G.CHECKSUM_FILE).write_text(text)
    with pytest.raises(G.CheckpointError, match=match):
        G.verify_checksums(d)
    with pytest.raises(G.CheckpointError):
        G.load_pipeline(str(d), device="cpu")


# --- the pipeline call ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def pipe():
    return G.load_pipeline("tiny", device="cpu")


@pytest.mark.parametrize("kwargs, match", [
    (dict(prompt=None), "prompt must be"),
    (dict(prompt=[]), "prompt must be"),
    (dict(prompt=["a portrait of a chef", None]), "prompt must be"),
    (dict(prompt=42), "prompt must be"),
    (dict(guidance_scale=float("nan")), "guidance_scale"),
    (dict(guidance_scale=float("inf")), "guidance_scale"),
    (dict(guidance_scale=-1), "guidance_scale"),
    (dict(guidance_scale="7"), "guidance_scale"),
    (dict(eta=float("nan")), "eta"),
    (dict(eta=2.0), "eta"),
    (dict(num_images_per_prompt=0), "positive integer"),
    (dict(num_images_per_prompt=2.5), "positive integer"),
    (dict(num_images_per_prompt=10000), "at most 1024 images per call"),
    (dict(num_inference_steps=0), "num_inference_steps"),
    (dict(generator=2 ** 80), "seed must be in"),
    (dict(generator=-(2 ** 70)), "seed must be in"),
    (dict(generator="seed"), "generator must be"),
    (dict(latents=torch.full((1, 3, 32, 32), float("nan"))), "finite"),
    (dict(latents=torch.full((1, 3, 32, 32), float("inf"))), "finite"),
    (dict(latents=np.zeros((1, 3, 32, 32))), "torch.Tensor"),
    (dict(latents=torch.zeros(2, 3, 32, 32)), "shape"),
    (dict(output_type="jpeg"), "output_type"),
])
def test_pipeline_call_refuses_bad_arguments(pipe, kwargs, match):
    kwargs = {"prompt": "a portrait of a chef", "num_inference_steps": 2, **kwargs}
    with pytest.raises((ValueError, TypeError), match=match) as err:
        pipe(**kwargs)
    assert "\n" not in str(err.value)


def test_unknown_words_and_huge_seed_in_range(pipe):
    with pytest.raises(ValueError):
        pipe("a portrait of a wizard", num_inference_steps=1)
    out = pipe("a portrait of a chef", num_inference_steps=1, generator=2 ** 64 - 1, output_type="np").images
    assert np.isfinite(out).all()


@pytest.mark.parametrize("n, batch, match", [(0, 16, "n must be"), (4, 0, "batch must be"), (4, -1, "batch must be"),
                                             (4, 2.0, "batch must be"), (4, 5000, "batch must be")])
def test_generate_many_refuses_bad_sizes(pipe, n, batch, match):
    with pytest.raises(ValueError, match=match):
        G.generate_many(pipe, "a portrait of a chef", n, batch=batch, num_inference_steps=1)

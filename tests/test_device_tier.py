"""The device tier (issue 19): the library's main paths on the device named by AIGC_DEVICE.

    AIGC_DEVICE=cuda .venv/bin/python -m pytest -q tests/test_device_tier.py     # on a GPU machine

Without AIGC_DEVICE the tier runs on the CPU (cheap); AIGC_DEVICE=cuda on a machine without CUDA
skips cleanly (reported in the closing note of a GPU run). Each test checks that the work happens
on the requested device and that results come back as NumPy/CPU values, so a lesson's
``.numpy()`` never meets a CUDA tensor.
"""
import os

import numpy as np
import pytest
import torch

from aigc_ethics.chapters import treering as T
from aigc_ethics.core.generate import generate_many, load_pipeline

DEVICE = os.environ.get("AIGC_DEVICE", "cpu")
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    pytest.skip(f"AIGC_DEVICE={DEVICE} but this machine has no CUDA device", allow_module_level=True)
if DEVICE == "mps" and not torch.backends.mps.is_available():
    pytest.skip("AIGC_DEVICE=mps but MPS is not available", allow_module_level=True)


@pytest.fixture(scope="module")
def pipe():
    return load_pipeline("tiny", device=DEVICE)


def test_generation_runs_on_the_requested_device(pipe):
    assert pipe.device.type == torch.device(DEVICE).type
    images = generate_many(pipe, "a portrait of an engineer", 4, seed=0)
    assert isinstance(images, np.ndarray) and images.shape[0] == 4 and images.dtype == np.uint8


def test_tree_ring_generates_and_inverts_on_the_requested_device():
    pipe = load_pipeline("treering", device=DEVICE)
    key = T.make_key((3, 32, 32), seed=0)
    images = T.generate(pipe, ["a portrait of a chef"] * 2, key, seed=0, num_inference_steps=5)
    latents = T.invert(pipe, images, num_inference_steps=5)
    assert latents.device.type == torch.device(DEVICE).type
    s = T.scores(pipe, images, key, num_inference_steps=5)
    assert np.asarray(s).shape == (2,)


def test_tree_ring_on_a_latent_pipeline_follows_the_requested_device():
    """The Stable-Diffusion path (VAE encoder + inverse DDIM) on a tiny random SD-format pipeline."""
    pytest.importorskip("transformers", reason="the hub extra: pip install 'aigc-ethics[hub]'")
    from test_hub_path import build_tiny_sd_pipeline

    pipe = build_tiny_sd_pipeline().to(DEVICE)
    pipe.set_progress_bar_config(disable=True)
    key = T.make_key(T.latent_shape(pipe), radius=4, inner_radius=0, channels=(3,), seed=0)
    images = T.generate(pipe, ["a portrait of a chef"] * 2, key, seed=0, num_inference_steps=3, guidance_scale=1.0)
    latents = T.invert(pipe, images, num_inference_steps=3)
    assert latents.device.type == torch.device(DEVICE).type and latents.shape == (2, 4, 8, 8)
    assert np.asarray(T.scores(pipe, images, key, num_inference_steps=3)).shape == (2,)

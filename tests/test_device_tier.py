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


# --- The rule "helpers follow pipe.device", checked on any machine ---------------------------------
# A pipeline moved to the "meta" device (shapes, no data) reports pipe.device == meta. A spy on its UNet
# records the devices of the inputs a helper feeds it and stops the run there: a helper that builds a
# tensor on the CPU, or loads a model of its own, shows up as a "cpu" entry (or as no call at all).

class _Stop(Exception):
    pass


def _spy_unet(pipe, monkeypatch):
    seen = []

    def forward(sample, timestep, *args, **kwargs):
        cond = kwargs.get("class_labels", kwargs.get("encoder_hidden_states"))
        seen.append({"sample": sample.device.type, "cond": cond.device.type,
                     "t": timestep.device.type if isinstance(timestep, torch.Tensor) else "int"})
        raise _Stop

    monkeypatch.setattr(pipe.unet, "forward", forward)
    return seen


@pytest.fixture
def meta_tiny(monkeypatch):
    pipe = load_pipeline("tiny", device="cpu").to("meta")
    assert pipe.device.type == "meta"
    return pipe, _spy_unet(pipe, monkeypatch)


def _on_meta(seen):
    return seen and all(v in ("meta", "int") for call in seen for v in call.values())


def test_tree_ring_feeds_the_model_on_pipe_device(meta_tiny, monkeypatch):
    pipe, seen = meta_tiny
    handed = []

    def call(self, prompts, latents=None, **kwargs):   # the pipeline's own checks read values, which meta has not
        handed.append(latents.device.type)
        raise _Stop

    with monkeypatch.context() as m:
        m.setattr(type(pipe), "__call__", call)
        with pytest.raises(_Stop):           # key=None: planting reads the noise's values too
            T.generate(pipe, ["a portrait of a chef"] * 2, None, seed=0, num_inference_steps=2)
    assert handed == ["meta"]
    with pytest.raises(_Stop):
        T.invert(pipe, [np.zeros((32, 32, 3), np.uint8)] * 2, num_inference_steps=2)
    assert len(seen) == 1 and _on_meta(seen), seen


def test_tree_ring_on_a_latent_pipeline_feeds_the_model_on_pipe_device(monkeypatch):
    pytest.importorskip("transformers", reason="the hub extra: pip install 'aigc-ethics[hub]'")
    from test_hub_path import build_tiny_sd_pipeline

    pipe = build_tiny_sd_pipeline().to("meta")
    seen = _spy_unet(pipe, monkeypatch)
    encoded = []
    real_encode = pipe.vae.encode
    monkeypatch.setattr(pipe.vae, "encode", lambda x, **kw: (encoded.append(x.device.type), real_encode(x, **kw))[1])
    with pytest.raises(_Stop):
        T.invert(pipe, [np.zeros((16, 16, 3), np.uint8)] * 2, num_inference_steps=2)
    assert encoded == ["meta"] and len(seen) == 1 and _on_meta(seen), (encoded, seen)


def test_copier_regeneration_feeds_the_given_pipeline(meta_tiny):
    from aigc_ethics.chapters import cloak as C

    pipe, seen = meta_tiny
    works = np.full((2, 32, 32, 3), 90, np.uint8)
    with pytest.raises(_Stop):
        C.COPIER_TRANSFORMS["regenerate 0.15"](works, pipe=pipe)
    assert len(seen) == 1 and _on_meta(seen), seen


def test_checks_use_the_given_pipeline_on_its_device(meta_tiny, monkeypatch):
    from aigc_ethics.course.check import bias as B
    from aigc_ethics.course.check import foundations as F

    pipe, seen = meta_tiny
    got = []

    def student_loop(p, prompt, latents, steps, scale):
        got.append(latents.device.type)
        raise _Stop

    F.check_ddim_loop(student_loop, pipe)
    assert got == ["meta"]
    B.check_prompt_set(["a portrait of an engineer with dark skin", "a portrait of an engineer with light skin"] * 16,
                       pipe, object())            # the classifier is never reached: the spy stops the run
    assert len(seen) == 1 and _on_meta(seen), seen


def test_image_sets_load_their_generator_on_the_requested_device(monkeypatch):
    from aigc_ethics.chapters import image_sets as I

    asked = []

    def fake_load(name, device=None):
        asked.append(device)
        raise _Stop

    monkeypatch.setattr(I, "load_pipeline", fake_load)
    for device in (None, "meta"):
        with pytest.raises(_Stop):
            I.generate_images("tiny-ddim10", n=2, device=device, progress=False)
    assert asked == [None, "meta"]            # None: load_pipeline's default (the GPU when one is visible)


# --- The fixed helpers on AIGC_DEVICE (a real run) -------------------------------------------------

def test_fixed_helpers_run_on_the_requested_device(pipe):
    from aigc_ethics.chapters import cloak as C
    from aigc_ethics.chapters import image_sets as I

    works = np.full((2, 32, 32, 3), 90, np.uint8)
    out = C.COPIER_TRANSFORMS["regenerate 0.15"](works, pipe=pipe)
    assert out.shape == works.shape and out.dtype == np.uint8
    s = C.survival(works, works, pipe, transforms=["regenerate 0.15"], samples=1)
    assert np.isfinite(s["regenerate 0.15"]["loss_clean"])
    images = I.generate_images("tiny-ddim10", n=2, device=DEVICE, progress=False)
    assert images.shape == (2, 32, 32, 3) and images.dtype == np.uint8


def test_checks_run_on_the_requested_device(pipe):
    from aigc_ethics.check import passed
    from aigc_ethics.course.check import foundations as F

    @torch.no_grad()
    def ddim(p, prompt, latents, num_inference_steps=25, guidance_scale=3.0):
        cond = p.encode_prompt([prompt] * len(latents))
        uncond = p.encode_prompt([""], allow_empty=True).expand(len(latents), -1)
        p.scheduler.set_timesteps(num_inference_steps)
        x = latents
        for t in p.scheduler.timesteps:
            if guidance_scale != 1.0:
                u, c = p.unet(torch.cat([x, x]), t, class_labels=torch.cat([uncond, cond])).sample.chunk(2)
                guess = u + guidance_scale * (c - u)
            else:
                guess = p.unet(x, t, class_labels=cond).sample
            x = p.scheduler.step(guess, t, x).prev_sample
        return x

    F.check_ddim_loop(ddim, pipe)
    assert passed("check_ddim_loop")

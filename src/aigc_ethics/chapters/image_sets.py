"""The Misinformation chapter's image sets: synthetic "real" renders and generations of each
generator (the tiny model with other samplers, steps or weights, the noise-predicting model, and a VAE
of another architecture).

Generating hundreds of images takes minutes on a laptop CPU, so the sets are generated once by
:func:`build_image_cache` (``python tools/build_misinfo_cache.py``) and shipped in
``aigc_ethics/data/misinfo_images.npz``; :func:`generated_images` regenerates any set from its seed when
it is missing, and a test checks that the shipped images match a fresh generation.

>>> from aigc_ethics.image_sets import real_images, generated_images
>>> real_images(4, seed=1).shape
(4, 32, 32, 3)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from aigc_ethics.core.datasets import PROFESSIONS, article, make_dataset
from aigc_ethics.core.generate import generate_many, load_pipeline
from aigc_ethics.core.vae import load_vae, sample

CACHE_FILE = Path(__file__).resolve().parents[1] / "data" / "misinfo_images.npz"

#: The generators of the chapter. ``tiny-ddim25`` is the one detectors are trained on; the
#: others differ in sampler, number of steps or weights, and the two ``vae-*`` sets come from a
#: generator of another architecture (a variational autoencoder, :mod:`aigc_ethics.vae`).
GENERATORS: dict[str, dict] = {
    "tiny-ddim25": dict(checkpoint="tiny", steps=25, eta=0.0, n=384,
                        about="the course model, DDIM 25 steps (the training generator)"),
    "tiny-ddim10": dict(checkpoint="tiny", steps=10, eta=0.0, n=128,
                        about="same weights, DDIM 10 steps"),
    "tiny-ddim50": dict(checkpoint="tiny", steps=50, eta=0.0, n=128,
                        about="same weights, DDIM 50 steps"),
    "tiny-ancestral25": dict(checkpoint="tiny", steps=25, eta=1.0, n=128,
                             about="same weights, ancestral (DDPM-like, eta=1) sampling, 25 steps"),
    "balanced-ddim25": dict(checkpoint="balanced", steps=25, eta=0.0, n=128,
                            about="different weights (the 'balanced' fine-tune), DDIM 25 steps"),
    "privacy600-ddim25": dict(checkpoint="privacy-600", steps=25, eta=0.0, n=128, portraits_only=True,
                              about="a different model: trained from scratch on other portraits, clean-image "
                                    "prediction (the privacy chapter's checkpoint), DDIM 25 steps"),
    "treering-ddim25": dict(checkpoint="treering", steps=25, eta=0.0, n=128,
                            about="a different model: trained from scratch (6,000 steps, like the default) to predict the noise "
                                  "(epsilon, like Stable Diffusion; the Tree-Ring lesson's checkpoint), DDIM 25 steps"),
    "vae-mean": dict(kind="vae", mode="mean", n=128,
                     about="a different architecture: a small VAE (aigc_ethics.vae) sampled from its prior, "
                           "decoder mean shown (smooth)"),
    "vae-sample": dict(kind="vae", mode="sample", n=128,
                       about="the same VAE, a true sample of its Gaussian decoder: mean plus per-pixel noise "
                             "of the learned sigma (grainy)"),
    "vae-grain": dict(kind="vae", mode="sample", pixel_sigma=3.0, n=128,
                      about="the same VAE's mean plus noise of 3 grey levels, the grain of the dataset's renders: "
                            "a maker who copied the real images' noise"),
}

#: The generators that are pixel-space diffusion models (all but the VAE sets).
DIFFUSION_GENERATORS = [g for g, spec in GENERATORS.items() if spec.get("kind") != "vae"]

# --------------------------------------------------------------------------------------------
# Image sets
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _dataset(seed: int, scale: float):
    return make_dataset(seed=seed, scale=scale)


def real_images(n: int = 256, *, seed: int = 1) -> np.ndarray:
    """``n`` "real" images: fresh renders from the course's dataset generator (``seed=0`` is the
    model's training set; the default ``seed=1`` gives images the model never saw).

    >>> real_images(4, seed=1).shape
    (4, 32, 32, 3)
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    scale = 0.05 * int(np.ceil(n / 300))   # scale 0.05 renders 450 images
    ds = _dataset(int(seed), scale)
    idx = np.random.default_rng(seed).choice(len(ds), size=n, replace=False)
    return ds.images[idx]


def prompts_for(n: int, *, seed: int = 0, portraits_only: bool = False) -> list[str]:
    """``n`` captions drawn (with replacement) from the training captions, so generated and
    real images show the same mix of portraits and artworks (``portraits_only``: "a portrait of
    a <profession>" prompts only, for models that know no artists)."""
    if portraits_only:
        captions = [f"a portrait of {article(p)} {p}" for p in PROFESSIONS]
    else:
        captions = _dataset(0, 0.05).captions
    rng = np.random.default_rng(seed)
    return [captions[i] for i in rng.integers(0, len(captions), size=n)]


def generate_images(generator: str = "tiny-ddim25", *, n: int | None = None, seed: int = 0, batch: int = 64,
                    progress: bool = True, device=None) -> np.ndarray:
    """Generate ``n`` images (uint8) with one of :data:`GENERATORS`, from a seed (slow: ~0.1-0.3 s
    per image on a laptop CPU; the VAE sets take a second). Diffusion sets follow the course's one seed rule
    (:func:`~aigc_ethics.core.generate.generate_many`: the batch starting at image ``i`` uses ``seed * 100_003 + i``);
    the VAE draws all latents, then all pixel noise, from ``seed``.

    The generator's checkpoint is loaded by name on ``device`` (default: ``load_pipeline``'s, the GPU when
    one is visible). The noise is drawn on the CPU, so a GPU gives the same images up to rounding; the
    shipped cache was generated on the CPU.

    >>> generate_images("tiny-ddim10", n=4, progress=False).shape           # doctest: +SKIP
    (4, 32, 32, 3)
    """

    if generator not in GENERATORS:
        raise ValueError(f"unknown generator {generator!r}; choose one of {sorted(GENERATORS)}")
    spec = GENERATORS[generator]
    n = spec["n"] if n is None else n
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    if spec.get("kind") == "vae":
        return sample(load_vae(), n=n, seed=seed, mode=spec["mode"], pixel_sigma=spec.get("pixel_sigma"))
    pipe = load_pipeline(spec["checkpoint"], device=device)
    prompts = prompts_for(n, seed=seed, portraits_only=spec.get("portraits_only", False))
    return generate_many(pipe, prompts, n, seed=seed, batch=batch, progress=progress,
                         num_inference_steps=spec["steps"], eta=spec["eta"])


def build_image_cache(path=CACHE_FILE, *, progress: bool = True) -> Path:
    """Generate every set of :data:`GENERATORS` (seed 0) missing from the ``.npz`` at ``path``
    and store them all in it (delete the file to regenerate everything)."""
    path = Path(path)
    sets = {}
    if path.is_file():
        with np.load(path) as z:
            sets = {k: z[k] for k in z.files if k in GENERATORS}
    for name in GENERATORS:
        if name not in sets:
            sets[name] = generate_images(name, progress=progress)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **sets)
    return path


@lru_cache(maxsize=1)
def _cache() -> dict:
    if not CACHE_FILE.is_file():
        return {}
    with np.load(CACHE_FILE) as z:
        return {k: z[k] for k in z.files}


def generated_images(generator: str = "tiny-ddim25") -> np.ndarray:
    """The shipped image set of ``generator`` (seed 0), or a fresh generation when it is not
    shipped. Read-only: copy before editing.

    >>> generated_images("tiny-ddim25").shape                                # doctest: +SKIP
    (384, 32, 32, 3)
    """
    if generator not in GENERATORS:
        raise ValueError(f"unknown generator {generator!r}; choose one of {sorted(GENERATORS)}")
    cached = _cache()
    if generator in cached:
        arr = cached[generator]
    else:
        arr = generate_images(generator)
    arr.setflags(write=False)
    return arr


def train_test(n_train: int = 256, *, n_test: int = 128, generator: str = "tiny-ddim25"):
    """Split real and generated images into disjoint training and test sets.

    Returns ``(real_train, fake_train, real_test, fake_test)``. Real images come from dataset
    seed 1 (unseen by the model); the fake test images were never used for training.
    """
    fake = generated_images(generator)
    if n_train + n_test > len(fake):
        raise ValueError(f"only {len(fake)} images of {generator!r}; asked for {n_train} + {n_test}")
    real = real_images(n_train + n_test, seed=1)
    return real[:n_train], fake[:n_train], real[n_train:], fake[n_train:n_train + n_test]

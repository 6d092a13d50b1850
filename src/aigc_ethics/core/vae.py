"""A second generator of a different kind: a small variational autoencoder (VAE).

Every other generator of the course is a pixel-space diffusion UNet. The Misinformation chapter
needs one that is built differently, to test whether a detector trained on the diffusion model's
images recognises images from a generator it never saw. This module trains a small VAE made of
``diffusers`` parts (:class:`diffusers.AutoencoderKL`, 32x32 RGB images, a 4x8x8 latent) on the
course's synthetic dataset and samples new images from its prior ``N(0, I)``.

The decoder is a *Gaussian* likelihood ``p(x | z) = N(decoder(z), sigma^2)`` with one learned
``sigma`` per colour channel (the "sigma-VAE" of Rybkin, Daniilidis and Levine 2021, "Simple and
effective VAE training with calibrated decoders"). A VAE image can therefore be shown two ways:

* ``mode="mean"``: the decoder's mean, the usual smooth (blurry) VAE picture;
* ``mode="sample"``: a proper sample of the model, mean plus per-pixel Gaussian noise of the learned
  ``sigma``: grainy, like the dataset's renders (which carry per-pixel noise).

>>> from aigc_ethics.vae import load_vae, sample
>>> vae = load_vae()                                                   # doctest: +SKIP
>>> sample(vae, n=4, seed=0, mode="sample").shape                      # doctest: +SKIP
(4, 32, 32, 3)

Train with ``python tools/train_vae.py train --out runs/vae --steps 3000 --threads 1`` (resumable:
run the same command again to continue), then ``python tools/train_vae.py export --run runs/vae``
copies the weights into ``aigc_ethics/checkpoints/vae`` with checksums.
"""

from __future__ import annotations

import copy
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn as nn

from aigc_ethics.core.checkpoints import CHECKPOINTS, CheckpointError, verify_checksums, write_checksums
from aigc_ethics.core.datasets import make_dataset
from aigc_ethics.core.images import ImageBatch
from aigc_ethics.core.state import load_state, run_steps, save_state

CHECKPOINT_DIR = CHECKPOINTS / "vae"
SIGMA_FILE = "decoder_sigma.json"
IMAGE_SIZE = 32


@dataclass
class VAEConfig:
    """Size of the VAE. ``channels``: encoder/decoder widths (one entry per resolution; the
    latent is ``32 / 2**(len(channels) - 1)`` pixels wide); ``latent_channels``: depth of the latent."""

    channels: tuple = (16, 32, 64)
    latent_channels: int = 4
    layers_per_block: int = 1
    norm_groups: int = 8

    def validate(self) -> None:
        if not self.channels or any(int(c) < 1 or int(c) % self.norm_groups for c in self.channels):
            raise ValueError(f"channels must be positive multiples of norm_groups={self.norm_groups}, got {self.channels}")
        if self.latent_channels < 1 or self.layers_per_block < 1:
            raise ValueError("latent_channels and layers_per_block must be >= 1")


class GaussianVAE(nn.Module):
    """An :class:`diffusers.AutoencoderKL` plus a learned log standard deviation per colour channel
    of the decoder's Gaussian likelihood (images scaled to [-1, 1])."""

    def __init__(self, config: VAEConfig | None = None):
        super().__init__()
        from diffusers import AutoencoderKL
        self.config = config or VAEConfig()
        self.config.validate()
        n = len(self.config.channels)
        self.ae = AutoencoderKL(
            in_channels=3, out_channels=3, latent_channels=self.config.latent_channels,
            down_block_types=("DownEncoderBlock2D",) * n, up_block_types=("UpDecoderBlock2D",) * n,
            block_out_channels=tuple(int(c) for c in self.config.channels),
            layers_per_block=self.config.layers_per_block, norm_num_groups=self.config.norm_groups,
            sample_size=IMAGE_SIZE)
        self.log_sigma = nn.Parameter(torch.full((3,), -2.0))

    @property
    def latent_shape(self) -> tuple:
        side = IMAGE_SIZE // 2 ** (len(self.config.channels) - 1)
        return (self.config.latent_channels, side, side)

    def loss(self, x: torch.Tensor, generator: torch.Generator | None = None) -> tuple[torch.Tensor, dict]:
        """Negative ELBO per image (nats), for ``x`` in [-1, 1] shaped ``(B, 3, 32, 32)``."""
        post = self.ae.encode(x).latent_dist
        z = post.mean + post.std * torch.randn(post.mean.shape, generator=generator)
        mean = self.ae.decode(z).sample
        log_sigma = self.log_sigma.clamp(min=float(np.log(1 / 255)))[None, :, None, None]
        nll = (0.5 * ((x - mean) / log_sigma.exp()) ** 2 + log_sigma + 0.5 * np.log(2 * np.pi)).sum((1, 2, 3))
        kl = 0.5 * (post.mean ** 2 + post.var - 1 - post.logvar).sum((1, 2, 3))
        return (nll + kl).mean(), {"nll": float(nll.detach().mean()), "kl": float(kl.detach().mean()),
                                   "mse": float(((x - mean).detach() ** 2).mean())}

    @property
    def sigma(self) -> np.ndarray:
        """The decoder's standard deviation per channel, in [-1, 1] units."""
        return self.log_sigma.detach().clamp(min=float(np.log(1 / 255))).exp().cpu().numpy()


# --------------------------------------------------------------------------------------------
# Sampling
# --------------------------------------------------------------------------------------------

#: Most images one call of :func:`sample` makes (the noise for all of them is drawn at once).
MAX_SAMPLES = 100_000


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2 ** 63:
        raise ValueError(f"seed must be an integer in [0, 2**63), got {seed!r}")
    return int(seed)


def sample(vae: GaussianVAE, *, n: int = 16, seed: int = 0, mode: str = "mean", temperature: float = 1.0,
           pixel_sigma: float | None = None, batch: int = 128) -> np.ndarray:
    """``n`` new images from the VAE's prior, as ``(n, 32, 32, 3)`` uint8.

    ``mode="mean"`` shows the decoder's mean; ``mode="sample"`` adds the decoder's per-pixel
    Gaussian noise (a true sample of the model). ``temperature`` scales the prior's standard
    deviation (1 = the model's own prior). ``pixel_sigma`` (grey levels, ``mode="sample"`` only)
    replaces the learned decoder noise by noise of that size, e.g. 3.0, the grain of the dataset's
    renders. Latents and pixel noise come from ``seed`` only.

    >>> sample(GaussianVAE(VAEConfig(channels=(16, 16))), n=2, seed=0).shape
    (2, 32, 32, 3)
    """
    if not isinstance(vae, GaussianVAE):
        raise TypeError(f"vae must be a GaussianVAE (see load_vae), got {type(vae).__name__}")
    seed = _check_seed(seed)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_SAMPLES:
        raise ValueError(f"n must be an integer from 1 to {MAX_SAMPLES}, got {n!r}")
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch!r}")
    if mode not in ("mean", "sample"):
        raise ValueError(f"mode must be 'mean' or 'sample', got {mode!r}")
    if not 0 < temperature <= 2:
        raise ValueError(f"temperature must be in (0, 2], got {temperature}")
    if pixel_sigma is not None and (mode != "sample" or not 0 <= pixel_sigma <= 64):
        raise ValueError(f"pixel_sigma needs mode='sample' and a value in [0, 64] grey levels, got {pixel_sigma}")
    sigma = vae.sigma if pixel_sigma is None else np.full(3, pixel_sigma / 127.5, np.float32)
    g = torch.Generator().manual_seed(seed)
    z = torch.randn((int(n), *vae.latent_shape), generator=g) * temperature
    noise = torch.randn((int(n), 3, IMAGE_SIZE, IMAGE_SIZE), generator=g)   # drawn in both modes
    vae.eval()
    out = []
    with torch.no_grad():
        for start in range(0, int(n), batch):
            x = vae.ae.decode(z[start:start + batch]).sample
            if mode == "sample":
                x = x + torch.from_numpy(np.asarray(sigma, np.float32))[None, :, None, None] * noise[start:start + batch]
            out.append(x)
    x = torch.cat(out).clamp(-1, 1)
    return np.round((x.permute(0, 2, 3, 1).cpu().numpy() + 1) * 127.5).astype(np.uint8)


def reconstruct(vae: GaussianVAE, images: ImageBatch) -> np.ndarray:
    """Encode and decode (posterior mean, decoder mean) uint8 images ``(N, 32, 32, 3)``."""
    x = _to_tensor(images)
    vae.eval()
    with torch.no_grad():
        y = vae.ae.decode(vae.ae.encode(x).latent_dist.mean).sample.clamp(-1, 1)
    return np.round((y.permute(0, 2, 3, 1).cpu().numpy() + 1) * 127.5).astype(np.uint8)


def _to_tensor(images: ImageBatch) -> torch.Tensor:
    arr = np.asarray(images)
    if arr.ndim != 4 or arr.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE, 3):
        raise ValueError(f"images must be shaped (N, {IMAGE_SIZE}, {IMAGE_SIZE}, 3), got {arr.shape}")
    if len(arr) == 0:
        raise ValueError("images is empty")
    if arr.dtype != np.uint8:
        raise ValueError(f"images must be uint8, got {arr.dtype}")
    return torch.from_numpy(arr.astype(np.float32) / 127.5 - 1).permute(0, 3, 1, 2).contiguous()


# --------------------------------------------------------------------------------------------
# Saving and loading (with the project's checksum convention)
# --------------------------------------------------------------------------------------------

def save_vae(vae: GaussianVAE, directory, *, meta: dict | None = None) -> Path:
    """Write ``vae`` to ``directory`` (diffusers files for the autoencoder, ``decoder_sigma.json``
    for the likelihood and the config) and record checksums."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    copy.deepcopy(vae.ae).half().save_pretrained(directory / "autoencoder")   # float16 on disk: half the size
    info: dict[str, Any] = {"log_sigma": [float(v) for v in vae.log_sigma.detach()], "config": asdict(vae.config)}
    info["config"]["channels"] = list(vae.config.channels)
    if meta:
        info["meta"] = meta
    (directory / SIGMA_FILE).write_text(json.dumps(info, indent=1))
    write_checksums(directory)
    return directory


def load_vae(directory=CHECKPOINT_DIR, *, verify: bool = True) -> GaussianVAE:
    """Load a VAE written by :func:`save_vae` (default: the shipped one), checking its checksums
    first (:class:`aigc_ethics.generate.CheckpointError` if a file is missing or altered)."""
    from diffusers import AutoencoderKL

    directory = Path(directory)
    if verify:
        verify_checksums(directory)
    elif not (directory / SIGMA_FILE).is_file():
        raise CheckpointError(f"no VAE checkpoint ({SIGMA_FILE}) in {directory}")
    info = json.loads((directory / SIGMA_FILE).read_text())
    cfg = dict(info["config"])
    cfg["channels"] = tuple(cfg["channels"])
    vae = GaussianVAE(VAEConfig(**cfg))
    vae.ae = AutoencoderKL.from_pretrained(directory / "autoencoder").float()
    with torch.no_grad():
        vae.log_sigma.copy_(torch.tensor(info["log_sigma"]))
    vae.eval()
    return vae


# --------------------------------------------------------------------------------------------
# Training (resumable)
# --------------------------------------------------------------------------------------------

def _load_state(path) -> dict:
    """Read a training state written by :func:`train`: tensors (``state.pt``, loaded with
    ``weights_only=True``) and the rest as JSON (``state.json``); see :mod:`aigc_ethics.core.state`."""
    tensors, meta = load_state(path)
    st = {**tensors, **meta}
    cfg = dict(st["config"])
    cfg["channels"] = tuple(cfg["channels"])
    st["config"] = VAEConfig(**cfg)
    return st


def train(out, *, steps: int = 3000, batch: int = 32, lr: float = 1e-3, seed: int = 0, config: VAEConfig | None = None,
          images: ImageBatch | None = None, save_every: int = 250, threads: int | None = None, progress: bool = True,
          max_minutes: float | None = None) -> GaussianVAE:
    """Train a :class:`GaussianVAE` on ``images`` (default: the course dataset, seed 0, 9,000
    images) for ``steps`` optimiser steps, maximising the ELBO. Writes ``state.pt`` and
    ``log.json`` to ``out`` every ``save_every`` steps; calling again with the same ``out``
    resumes from the last saved step (``max_minutes`` stops early after saving)."""
    seed = _check_seed(seed)
    if steps < 1 or batch < 1 or lr <= 0 or save_every < 1:
        raise ValueError("steps, batch and save_every must be >= 1 and lr > 0")
    if threads is not None:
        torch.set_num_threads(int(threads))
    if images is None:
        images = make_dataset(seed=0).images
    data = _to_tensor(images)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    vae = GaussianVAE(config)
    opt = torch.optim.Adam(vae.parameters(), lr=lr)
    state_file, log_file = out / "state.pt", out / "log.json"
    step, log, wall = 0, [], 0.0
    g = torch.Generator().manual_seed(seed)
    if state_file.is_file():
        st = _load_state(state_file)
        if asdict(st["config"]) != asdict(vae.config):
            raise ValueError(f"{state_file} was trained with another config: {st['config']}")
        vae.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        g.set_state(st["rng"])
        step, log, wall = st["step"], st["log"], st["wall_s"]

    def save():
        save_state(state_file, {"model": vae.state_dict(), "opt": opt.state_dict(), "rng": g.get_state()},
                   {"step": step, "log": log, "wall_s": wall, "config": asdict(vae.config)})
        log_file.write_text(json.dumps({"step": step, "wall_s": round(wall, 1), "seed": seed, "batch": batch,
                                        "lr": lr, "n_images": len(data), "threads": torch.get_num_threads(),
                                        "log": log[-20:]}, indent=1))

    vae.train()
    t0, started = time.perf_counter(), time.perf_counter()
    last: dict = {}

    def step_fn() -> float:
        idx = torch.randint(0, len(data), (batch,), generator=g)
        loss, parts = vae.loss(data[idx], generator=g)
        opt.zero_grad()
        loss.backward()
        opt.step()
        last["parts"] = parts
        return float(loss)

    def on_step(done: int, loss: float, bar) -> None:
        nonlocal step
        step = done
        if done % 50 == 0:
            parts = last["parts"]
            log.append({"step": done, "loss": round(loss, 2), **{k: round(v, 4) for k, v in parts.items()},
                        "sigma": [round(float(s), 4) for s in vae.sigma]})
            bar.set_postfix(loss=f"{loss:.0f}", mse=f"{parts['mse']:.4f}")

    def save_now(done: int) -> None:
        nonlocal wall, t0
        wall += time.perf_counter() - t0
        t0 = time.perf_counter()
        save()

    run_steps(step_fn, steps=steps, start=step, save=save_now, save_every=save_every, desc="training VAE",
              progress=progress, on_step=on_step, mininterval=0.1,
              stop=None if max_minutes is None else lambda: time.perf_counter() - started > 60 * max_minutes)
    vae.eval()
    return vae

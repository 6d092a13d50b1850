"""Tree-Ring watermarks (Wen et al. 2023): a key planted in the Fourier transform of the
*initial noise* of a diffusion sampler, found again by inverting the sampler.

1. :func:`make_key` draws a key: inside a disc of ``radius`` around the centre of the
   (shifted) 2-D Fourier transform of chosen channels, concentric rings each get one constant,
   real value (the "rings" variant of the paper: invariant to rotation of the image). The
   paper's key fills the whole disc; the course's default leaves the innermost rings
   (``inner_radius=3``) alone, because in a 32 x 32 *pixel* model the lowest frequencies of the
   starting noise decide each picture's colours and layout: a key there gives every watermarked
   image the same colours (lesson 33 measures it).
2. :func:`plant` writes the key into any batch of starting latents ``(batch, C, H, W)``: the
   tiny model's pixel noise ``(B, 3, 32, 32)`` or, on Colab, a Stable Diffusion pipeline's
   latents ``(B, 4, 64, 64)`` (pass them as ``pipe(prompt, latents=...)``).
3. :func:`invert` runs DDIM backwards (image -> noise) with the tiny pipeline's own model and
   an empty prompt; :func:`distance` is the mean absolute difference between the inverted
   noise's Fourier coefficients and the key on its rings (small = watermarked), and
   :func:`p_value` turns it into a test: how likely such a small difference is for noise that
   never carried the key (a chi-square test against Gaussian noise).

Inversion of a hub pipeline (VAE encoding, its own text encoder) is not implemented here:
:func:`plant`, :func:`distance` and :func:`p_value` take plain latents, so inverted latents
from ``diffusers.DDIMInverseScheduler`` can be passed to them.

>>> import torch
>>> key = make_key((3, 32, 32), radius=8, inner_radius=3, seed=0)
>>> x = plant(torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(0)), key)
>>> bool(distance(x, key).max() < 1e-3)
True
"""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image

from aigc_ethics.core.images import check_images


def _check_shape(shape) -> tuple[int, int, int]:
    if not (isinstance(shape, (tuple, list)) and len(shape) == 3 and all(
            isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s > 0 for s in shape)):
        raise ValueError(f"shape must be (channels, height, width) of the latents, got {shape!r}")
    return tuple(int(s) for s in shape)


def make_key(shape=(3, 32, 32), radius: int = 8, channels=(0, 1, 2), seed: int = 0,
             inner_radius: int = 3) -> dict:
    """A Tree-Ring key for latents of ``shape`` = (C, H, W): a boolean ``mask`` (C, H, W) of
    the rings from ``inner_radius`` up to (not including) ``radius`` in the centred Fourier
    plane, and complex ``values`` (C, H, W), one real constant per ring (ring = integer distance
    from the centre), drawn with the variance that Fourier coefficients of standard Gaussian
    noise have (H*W). ``inner_radius=0`` gives the paper's full disc, centre included.

    >>> k = make_key((4, 64, 64), radius=10, inner_radius=0, channels=(3,), seed=1)   # Stable Diffusion, as in the paper
    >>> k["mask"].shape, int(k["mask"][3].sum()) > 0, int(k["mask"][0].sum())
    ((4, 64, 64), True, 0)
    """
    c, h, w = _check_shape(shape)
    if isinstance(radius, bool) or not isinstance(radius, (int, np.integer)) or not 1 <= radius <= min(h, w) // 2:
        raise ValueError(f"radius must be an integer from 1 to {min(h, w) // 2} for {h}x{w} latents, got {radius!r}")
    if isinstance(inner_radius, bool) or not isinstance(inner_radius, (int, np.integer)) or \
            not 0 <= inner_radius < radius:
        raise ValueError(f"inner_radius must be an integer from 0 to radius - 1 = {radius - 1}, got {inner_radius!r}")
    channels = tuple(channels)
    if not channels or any(not isinstance(ch, (int, np.integer)) or not 0 <= ch < c for ch in channels):
        raise ValueError(f"channels must be a non-empty list of channel indices below {c}, got {channels!r}")
    yy, xx = np.meshgrid(np.arange(h) - h // 2, np.arange(w) - w // 2, indexing="ij")
    ring = np.round(np.hypot(yy, xx)).astype(int)
    disc = (ring < radius) & (ring >= inner_radius)
    rng = np.random.default_rng(seed)
    mask = np.zeros((c, h, w), bool)
    values = np.zeros((c, h, w), np.complex128)
    for ch in channels:
        per_ring = rng.normal(0.0, np.sqrt(h * w), radius)
        mask[ch] = disc
        values[ch][disc] = per_ring[ring[disc]]
    return {"mask": mask, "values": values, "radius": int(radius), "inner_radius": int(inner_radius),
            "channels": channels, "shape": (c, h, w), "seed": int(seed)}


def _check_key(key) -> dict:
    if not isinstance(key, dict) or not {"mask", "values", "shape"} <= set(key):
        raise ValueError("key must be a dict from treering.make_key()")
    return key


def _fft(latents) -> np.ndarray:
    x = latents.detach().cpu().double().numpy() if isinstance(latents, torch.Tensor) else np.asarray(latents, float)
    return np.fft.fftshift(np.fft.fft2(x, axes=(-2, -1)), axes=(-2, -1))


def _check_latents(latents, key) -> None:
    if not isinstance(latents, (torch.Tensor, np.ndarray)):
        raise ValueError(f"latents must be a tensor or array (batch, {', '.join(map(str, key['shape']))}), "
                         f"got {type(latents).__name__}")
    shape = tuple(latents.shape)
    if len(shape) != 4 or shape[1:] != tuple(key["shape"]):
        raise ValueError(f"latents must have shape (batch, {', '.join(map(str, key['shape']))}) to match the key, "
                         f"got {shape}")
    finite = torch.isfinite(latents).all() if isinstance(latents, torch.Tensor) else np.isfinite(latents).all()
    if not finite:
        raise ValueError("latents must be finite, got NaN or infinite values")


def plant(latents: torch.Tensor, key: dict) -> torch.Tensor:
    """Replace the key's Fourier coefficients of ``latents`` (B, C, H, W) by the key; the
    result is real and has the same dtype and device.

    >>> key = make_key((3, 8, 8), radius=3, inner_radius=1)
    >>> plant(torch.zeros(1, 3, 8, 8), key).shape
    torch.Size([1, 3, 8, 8])
    """
    key = _check_key(key)
    _check_latents(latents, key)
    f = _fft(latents)
    f[:, key["mask"]] = key["values"][key["mask"]]
    x = np.fft.ifft2(np.fft.ifftshift(f, axes=(-2, -1)), axes=(-2, -1)).real
    return torch.from_numpy(x).to(dtype=latents.dtype, device=latents.device)


def distance(latents, key) -> np.ndarray:
    """Per image: mean |FFT(latents) - key| over the key's rings (Wen et al.'s L1 distance;
    smaller = more likely watermarked)."""
    key = _check_key(key)
    _check_latents(latents, key)
    f = _fft(latents)
    m = key["mask"]
    return np.abs(f[:, m] - key["values"][m][None]).mean(axis=1)


def p_value(latents, key) -> np.ndarray:
    """Per image: the probability that noise which never carried the key would come as close
    to it as ``latents`` does (small = evidence of the watermark).

    Without a key, the Fourier coefficients on the key's rings are (nearly) independent complex
    Gaussians with variance ``sigma2`` (estimated from the latents themselves). The Fourier
    transform of real data is symmetric (each coefficient has a mirrored, conjugate twin), so
    the rings hold about |mask| / 2 independent complex values: ``sum |key - y|^2 / sigma2``
    follows a non-central chi-square law with |mask| degrees of freedom and non-centrality
    ``sum |key|^2 / sigma2``; the p-value is its lower tail at the observed value. (The few
    self-symmetric coefficients, such as the centre of a full-disc key, are real; the test treats
    them like the others, a small approximation. Lesson 33 prints the share of 1,000 fresh noises
    with p < 0.01 for the course's key; the unit tests require it to stay at or below 5 %.)
    """
    from scipy.stats import ncx2

    key = _check_key(key)
    _check_latents(latents, key)
    f = _fft(latents)
    m = key["mask"]
    y = f[:, m]
    k = key["values"][m][None]
    sigma2 = (np.abs(f) ** 2).reshape(f.shape[0], -1).mean(axis=1, keepdims=True)
    stat = (np.abs(k - y) ** 2).sum(axis=1) / sigma2[:, 0]
    nc = (np.abs(k) ** 2).sum(axis=1) / sigma2[:, 0]
    return ncx2.cdf(stat, df=m.sum(), nc=nc)


# --------------------------------------------------------------------------------------------
# With the tiny pipeline
# --------------------------------------------------------------------------------------------

def generate(pipe, prompts, key: dict | None, seed: int = 0, num_inference_steps: int = 25, **kwargs):
    """Generate one image per prompt from seeded noise, with the key planted (or, with
    ``key=None``, the same noise untouched: a fair un-watermarked twin). Returns PIL images."""
    prompts = [prompts] if isinstance(prompts, str) else list(prompts)
    if not prompts:
        raise ValueError("prompts must be a non-empty list of strings")
    latents = pipe.prepare_latents(len(prompts), generator=torch.Generator().manual_seed(int(seed)))
    if key is not None:
        latents = plant(latents, key)
    return pipe(prompts, latents=latents, num_inference_steps=num_inference_steps, **kwargs).images


def _to_unit_range(im, side) -> np.ndarray:
    """One image (H, W, 3), uint8 0-255 or float in [0, 1] (checked), as float32 in [-1, 1]."""
    h, w = (side, side) if isinstance(side, int) else side
    try:
        a = check_images(np.asarray(im), "the image", side=side)[0]
    except ValueError as err:
        raise ValueError(f"each image must be a PIL image or a ({h}, {w}, 3) uint8 array (or floats in [0, 1]): "
                         f"{err}") from None
    return a.astype(np.float32) / 127.5 - 1 if a.dtype == np.uint8 else a.astype(np.float32) * 2 - 1


def _to_model_input(pipe, images) -> torch.Tensor:
    s = pipe.unet.config.sample_size
    if isinstance(images, Image.Image):
        images = [images]
    arr = []
    for im in images:
        if isinstance(im, Image.Image):
            im = np.asarray(im.convert("RGB").resize((s, s), Image.BICUBIC) if im.size != (s, s)
                            else im.convert("RGB"))
        arr.append(_to_unit_range(im, s))
    if not arr:
        raise ValueError("invert needs at least one image")
    return torch.from_numpy(np.stack(arr)).permute(0, 3, 1, 2).to(pipe.device)


@torch.no_grad()
def invert(pipe, images, num_inference_steps: int = 25, batch: int = 128) -> torch.Tensor:
    """DDIM inversion with the tiny pipeline: from images (PIL, any size: resized to the
    model's 32x32) back to the starting noise ``(B, 3, 32, 32)``, with the empty prompt (the
    detector does not know the prompt). Deterministic."""
    x_all = _to_model_input(pipe, images)
    sched = pipe.scheduler
    sched.set_timesteps(num_inference_steps, device=pipe.device)
    ts = [int(t) for t in sched.timesteps.flip(0)]          # ascending: 0, 40, ..., 960
    ac = sched.alphas_cumprod.to(torch.float64)
    kind = sched.config.prediction_type
    out = []
    for i in range(0, x_all.shape[0], batch):
        x = x_all[i:i + batch].double()
        cond = pipe.encode_prompt([""], allow_empty=True).expand(x.shape[0], -1)
        for t, t_next in zip(ts[:-1], ts[1:]):
            pred = pipe.unet(x.float(), t, class_labels=cond).sample.double()
            a, a_n = ac[t], ac[t_next]
            if kind == "sample":
                x0, eps = pred.clamp(-1, 1), None
                eps = (x - a.sqrt() * x0) / (1 - a).sqrt()
            elif kind == "epsilon":
                eps = pred
                x0 = (x - (1 - a).sqrt() * eps) / a.sqrt()
            elif kind == "v_prediction":
                x0 = a.sqrt() * x - (1 - a).sqrt() * pred
                eps = a.sqrt() * pred + (1 - a).sqrt() * x
            else:
                raise ValueError(f"unsupported prediction type {kind!r}")
            x = a_n.sqrt() * x0 + (1 - a_n).sqrt() * eps
        out.append(x.float())
    return torch.cat(out)


def image_scores(images, key: dict) -> np.ndarray:
    """A detector *without* inversion, for comparison: minus the L1 distance between the key
    and the Fourier transform of the image itself (resized to the key's size, scaled to
    [-1, 1]). It works only as far as the key's low frequencies show directly in the picture."""
    key = _check_key(key)
    c, h, w = key["shape"]
    if c != 3:
        raise ValueError("image_scores needs a key for 3-channel pixel latents")
    arr = []
    for im in ([images] if isinstance(images, Image.Image) else images):
        im = np.asarray(im.convert("RGB").resize((w, h), Image.BICUBIC)) if isinstance(im, Image.Image) else im
        arr.append(_to_unit_range(im, (h, w)))
    if not arr:
        raise ValueError("image_scores needs at least one image")
    x = torch.from_numpy(np.stack(arr)).permute(0, 3, 1, 2)
    return -distance(x, key)


def scores(pipe, images, key: dict, num_inference_steps: int = 25) -> np.ndarray:
    """Detection score per image: minus the L1 distance after inversion (higher = watermarked),
    so it can be thresholded like the other watermarks' scores."""
    return -distance(invert(pipe, images, num_inference_steps=num_inference_steps), key)

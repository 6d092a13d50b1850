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
3. :func:`generate` draws seeded starting noise (on the CPU: the same numbers on every device),
   plants the key and runs the pipeline from it; :func:`invert` runs DDIM backwards
   (image -> noise) with the pipeline's own model and an empty prompt; :func:`distance` is the
   mean absolute difference between the inverted noise's Fourier coefficients and the key on its
   rings (small = watermarked), :func:`scores` its negative, and :func:`p_value` turns it into a
   test: how likely such a small difference is for noise that never carried the key (a
   chi-square test against Gaussian noise).

Two kinds of pipeline work with :func:`generate`, :func:`invert` and :func:`scores`, on
``pipe.device`` and in the pipeline's dtype: the course's tiny pixel-space pipeline, and a
Stable-Diffusion-format pipeline (diffusers' ``StableDiffusionPipeline``, e.g.
``load_pipeline(HUB_MODELS["standard"])`` on Colab). For the latter the key lives in the VAE's
latent space ``(4, H/8, W/8)`` (:func:`latent_shape` gives it), and inversion follows Wen et al.'s
detector: encode the image with the VAE (mean of the latent distribution times
``vae.config.scaling_factor``), then run diffusers' inverse DDIM steps
(``DDIMInverseScheduler``) with the empty prompt's text embedding and no guidance.

>>> import torch
>>> key = make_key((3, 32, 32), radius=8, inner_radius=3, seed=0)
>>> x = plant(torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(0)), key)
>>> bool(distance(x, key).max() < 1e-3)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import torch
from diffusers import DDIMInverseScheduler
from PIL import Image

from aigc_ethics.core.images import ImageBatch, check_images

if TYPE_CHECKING:
    from aigc_ethics.core.generate import Pipeline


def _check_shape(shape) -> tuple[int, int, int]:
    if not (isinstance(shape, (tuple, list)) and len(shape) == 3 and all(
            isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s > 0 for s in shape)):
        raise ValueError(f"shape must be (channels, height, width) of the latents, got {shape!r}")
    return tuple(int(s) for s in shape)


def make_key(shape=(3, 32, 32), *, radius: int = 8, channels=(0, 1, 2), seed: int = 0,
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
# With a pipeline: the course's tiny pixel-space one, or a Stable-Diffusion-format one
# --------------------------------------------------------------------------------------------

def _is_latent(pipe: Pipeline) -> bool:
    """True for a Stable-Diffusion-format pipeline (a VAE, a text encoder, a cross-attention UNet),
    False for the course's tiny pixel-space pipeline (no VAE; ``encode_prompt(prompts,
    allow_empty=...)`` and ``prepare_latents(n, generator=...)``)."""
    if getattr(pipe, "vae", None) is None:
        if all(callable(getattr(pipe, name, None)) for name in ("encode_prompt", "prepare_latents")) and \
                getattr(pipe, "unet", None) is not None and getattr(pipe, "scheduler", None) is not None:
            return False
    elif all(getattr(pipe, name, None) is not None for name in ("unet", "text_encoder", "tokenizer", "scheduler")):
        if getattr(pipe, "text_encoder_2", None) is not None:
            raise ValueError(f"{type(pipe).__name__} has two text encoders (SDXL); Tree-Ring inversion here "
                             f"supports Stable Diffusion 1.x/2.x-format pipelines")
        return True
    raise ValueError(f"Tree-Ring needs the course's tiny pipeline or a Stable-Diffusion-format pipeline "
                     f"(vae, unet, text_encoder, tokenizer, scheduler), got {type(pipe).__name__}")


def _vae_factor(pipe: Pipeline) -> int:
    return int(getattr(pipe, "vae_scale_factor", 2 ** (len(pipe.vae.config.block_out_channels) - 1)))


def _size(pipe: Pipeline, height, width) -> tuple[int, int]:
    """The pixel size (height, width) a latent pipeline generates at; multiples of its VAE factor."""
    f = _vae_factor(pipe)
    default = int(pipe.unet.config.sample_size) * f
    h = default if height is None else height
    w = default if width is None else width
    for name, v in (("height", h), ("width", w)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < f or v % f:
            raise ValueError(f"{name} must be a positive multiple of {f} (the VAE's downsampling), got {v!r}")
    return int(h), int(w)


def latent_shape(pipe: Pipeline, *, height: int | None = None, width: int | None = None) -> tuple[int, int, int]:
    """The shape ``(C, H, W)`` of one image's starting latents in ``pipe``: the key's shape.

    Parameters
    ----------
    pipe : TinyDiffusionPipeline or StableDiffusionPipeline
        The tiny pipeline: its pixel noise ``(3, 32, 32)``. A Stable-Diffusion-format pipeline:
        its VAE latents ``(4, height / 8, width / 8)``.
    height, width : int, optional
        Image size in pixels for a latent pipeline (default: the pipeline's own,
        ``unet.config.sample_size * vae_scale_factor``); ignored by the tiny pipeline, which has
        one size.

    Examples
    --------
    >>> key = make_key(latent_shape(pipe), radius=10, inner_radius=0, channels=(3,))   # doctest: +SKIP
    """
    if not _is_latent(pipe):
        s = int(pipe.unet.config.sample_size)
        return int(pipe.unet.config.in_channels), s, s
    h, w = _size(pipe, height, width)
    f = _vae_factor(pipe)
    return int(pipe.unet.config.in_channels), h // f, w // f


def _check_steps(num_inference_steps) -> int:
    if isinstance(num_inference_steps, bool) or not isinstance(num_inference_steps, (int, np.integer)) \
            or not 1 <= num_inference_steps <= 1000:
        raise ValueError(f"num_inference_steps must be an integer from 1 to 1000, got {num_inference_steps!r}")
    return int(num_inference_steps)


def generate(pipe: Pipeline, prompts, key: dict | None, *, seed: int = 0, num_inference_steps: int = 25, **kwargs):
    """Generate one image per prompt from seeded noise, with the key planted.

    Parameters
    ----------
    pipe : TinyDiffusionPipeline or StableDiffusionPipeline
        The noise is drawn on the CPU from ``seed`` (the same numbers on every device), the key
        planted, and the latents moved to ``pipe.device`` in the UNet's dtype.
    prompts : str or list of str
        One image per prompt.
    key : dict or None
        From :func:`make_key` with ``shape=latent_shape(pipe, ...)``; ``None`` gives the same
        noise untouched: a fair un-watermarked twin.
    seed : int
        Noise seed; image ``i`` of a call uses the ``i``-th noise of that seed.
    num_inference_steps : int
        Sampler steps.
    **kwargs
        Passed to the pipeline (``guidance_scale``, ...). A latent pipeline also takes
        ``height`` and ``width`` (default: the key's latent size times the VAE factor).

    Returns
    -------
    list of PIL.Image.Image

    Examples
    --------
    >>> marked = generate(pipe, ["a portrait of a chef"] * 4, key, seed=1)   # doctest: +SKIP
    """
    prompts = [prompts] if isinstance(prompts, str) else list(prompts)
    if not prompts or not all(isinstance(p, str) for p in prompts):
        raise ValueError("prompts must be a string or a non-empty list of strings")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    num_inference_steps = _check_steps(num_inference_steps)
    if not _is_latent(pipe):
        latents = pipe.prepare_latents(len(prompts), generator=torch.Generator().manual_seed(int(seed)))
        if key is not None:
            latents = plant(latents, key)
        return pipe(prompts, latents=latents, num_inference_steps=num_inference_steps, **kwargs).images
    f = _vae_factor(pipe)
    if key is not None and kwargs.get("height") is None and kwargs.get("width") is None:
        _, kh, kw = _check_key(key)["shape"]
        kwargs["height"], kwargs["width"] = kh * f, kw * f
    shape = latent_shape(pipe, height=kwargs.get("height"), width=kwargs.get("width"))
    kwargs["height"], kwargs["width"] = shape[1] * f, shape[2] * f
    latents = torch.randn((len(prompts), *shape), generator=torch.Generator(device="cpu").manual_seed(int(seed)))
    if key is not None:
        latents = plant(latents, key)
    latents = latents.to(device=pipe.device, dtype=pipe.unet.dtype)
    return pipe(prompts, latents=latents, num_inference_steps=num_inference_steps, **kwargs).images


def _to_unit_range(im, side) -> np.ndarray:
    """One image (H, W, 3), uint8 0-255 or float in [0, 1] (checked), as float32 in [-1, 1]."""
    h, w = (side, side) if isinstance(side, int) else side
    try:
        a = check_images(np.asarray(im), name="the image", side=side)[0]
    except ValueError as err:
        raise ValueError(f"each image must be a PIL image or a ({h}, {w}, 3) uint8 array (or floats in [0, 1]): "
                         f"{err}") from None
    return a.astype(np.float32) / 127.5 - 1 if a.dtype == np.uint8 else a.astype(np.float32) * 2 - 1


def _to_model_input(pipe: Pipeline, images: ImageBatch) -> torch.Tensor:
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


def _to_vae_input(images: ImageBatch, size) -> torch.Tensor:
    """Images (PIL of any size: resized; arrays of exactly ``size``) as a CPU float32 tensor in [-1, 1]."""
    h, w = size
    if isinstance(images, Image.Image):
        images = [images]
    arr = []
    for im in images:
        if isinstance(im, Image.Image):
            im = np.asarray(im.convert("RGB").resize((w, h), Image.BICUBIC) if im.size != (w, h)
                            else im.convert("RGB"))
        arr.append(_to_unit_range(im, (h, w)))
    if not arr:
        raise ValueError("invert needs at least one image")
    return torch.from_numpy(np.stack(arr)).permute(0, 3, 1, 2)


def _invert_tiny(pipe: Pipeline, images: ImageBatch, num_inference_steps, batch) -> torch.Tensor:
    x_all = _to_model_input(pipe, images)
    sched = pipe.scheduler
    sched.set_timesteps(num_inference_steps)                 # read as Python ints, so kept on the CPU
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


def encode_images(pipe: Pipeline, images: ImageBatch, *, height: int | None = None, width: int | None = None,
                  batch: int = 8) -> torch.Tensor:
    """A latent pipeline's VAE encoding of images: the mean of the latent distribution times
    ``vae.config.scaling_factor`` (the space the UNet denoises in), float32 on ``pipe.device``.

    Parameters
    ----------
    pipe : StableDiffusionPipeline
    images : list of PIL images or uint8 array (N, height, width, 3)
        PIL images of another size are resized to ``(height, width)``.
    height, width : int, optional
        Default: the pipeline's own size.
    batch : int
        Images per VAE call.

    Returns
    -------
    torch.Tensor
        ``(N, 4, height / 8, width / 8)``.

    Examples
    --------
    >>> encode_images(pipe, images).shape   # doctest: +SKIP
    torch.Size([4, 4, 64, 64])
    """
    if not _is_latent(pipe):
        raise ValueError("encode_images needs a Stable-Diffusion-format pipeline (one with a VAE)")
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch!r}")
    x_all = _to_vae_input(images, _size(pipe, height, width))
    vae = pipe.vae
    shift = getattr(vae.config, "shift_factor", None) or 0.0
    out = []
    with torch.no_grad():
        for i in range(0, x_all.shape[0], batch):
            x = x_all[i:i + batch].to(device=pipe.device, dtype=vae.dtype)
            z = vae.encode(x).latent_dist.mean
            out.append(((z.float() - shift) * vae.config.scaling_factor))
    return torch.cat(out)


def _invert_latent(pipe: Pipeline, images: ImageBatch, num_inference_steps, batch, height, width) -> torch.Tensor:
    z_all = encode_images(pipe, images, height=height, width=width, batch=batch)
    inverse = DDIMInverseScheduler.from_config(pipe.scheduler.config)
    inverse.set_timesteps(num_inference_steps, device=pipe.device)
    unet = pipe.unet
    with torch.no_grad():
        empty = pipe.encode_prompt([""], pipe.device, 1, False)[0]          # (1, tokens, dim), guidance 1
    out = []
    with torch.no_grad():
        for i in range(0, z_all.shape[0], batch):
            z = z_all[i:i + batch]
            cond = empty.expand(z.shape[0], -1, -1).to(unet.dtype)
            for t in inverse.timesteps:                                    # ascending
                pred = unet(z.to(unet.dtype), t, encoder_hidden_states=cond).sample.float()
                z = inverse.step(pred, t, z).prev_sample.float()
            out.append(z)
    return torch.cat(out)


def invert(pipe: Pipeline, images: ImageBatch, *, num_inference_steps: int = 25, batch: int | None = None,
           height: int | None = None, width: int | None = None) -> torch.Tensor:
    """DDIM inversion: from images back to the starting noise, with the empty prompt (the
    detector does not know the prompt) and no guidance. Deterministic; runs on ``pipe.device``.

    Parameters
    ----------
    pipe : TinyDiffusionPipeline or StableDiffusionPipeline
        The tiny pipeline: images are resized to its 32x32 and DDIM is run backwards in pixel
        space. A Stable-Diffusion-format pipeline: images are resized to ``(height, width)``,
        encoded with the VAE (:func:`encode_images`) and the latents run through diffusers'
        ``DDIMInverseScheduler`` (built from ``pipe.scheduler.config``) with the UNet conditioned
        on the empty prompt's text embedding.
    images : list of PIL images or uint8 array (N, H, W, 3)
    num_inference_steps : int
        Inversion steps (the generator's count is a good choice, the detector need not know it).
    batch : int, optional
        Images per model call (default: 128 for the tiny pipeline, 8 for a latent one).
    height, width : int, optional
        Latent pipelines only: the size to invert at (default: the pipeline's own).

    Returns
    -------
    torch.Tensor
        Float32 latents on ``pipe.device``, ``(N,) + latent_shape(pipe, height=..., width=...)``.

    Examples
    --------
    >>> distance(invert(pipe, marked), key)          # doctest: +SKIP
    """
    num_inference_steps = _check_steps(num_inference_steps)
    latent = _is_latent(pipe)
    batch = (8 if latent else 128) if batch is None else batch
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch!r}")
    if latent:
        return _invert_latent(pipe, images, num_inference_steps, int(batch), height, width)
    with torch.no_grad():
        return _invert_tiny(pipe, images, num_inference_steps, int(batch))


def image_scores(images: ImageBatch, key: dict) -> np.ndarray:
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


def scores(pipe: Pipeline, images: ImageBatch, key: dict, *, num_inference_steps: int = 25, batch: int | None = None) -> np.ndarray:
    """Detection score per image: minus the L1 distance to ``key`` after :func:`invert` (higher =
    watermarked), so it can be thresholded like the other watermarks' scores. A latent pipeline
    inverts at the size the key was made for (``key`` latents times the VAE factor).

    >>> s = scores(pipe, marked + twins, key)       # doctest: +SKIP
    """
    key = _check_key(key)
    size = {}
    if _is_latent(pipe):
        _, h, w = key["shape"]
        size = {"height": h * _vae_factor(pipe), "width": w * _vae_factor(pipe)}
    return -distance(invert(pipe, images, num_inference_steps=num_inference_steps, batch=batch, **size), key)

"""Protective perturbations ("cloaks") against the course's own diffusion model.

A *cloak* is a small change to an image, bounded in every pixel by ``epsilon`` (an
L-infinity budget), chosen so that a diffusion model fine-tuned on the cloaked images learns
them badly. This module computes cloaks by projected gradient descent (PGD, Madry et al. 2018)
against the course model's **denoising loss**, measures what they cost in image quality
(:func:`psnr`, :func:`ssim`), and lists the everyday transformations a copier applies before
training (:data:`COPIER_TRANSFORMS`) so that a lesson can measure whether a cloak survives them.

Two modes, both against the model a copier would fine-tune (the course's pixel-space ``tiny``):

* **untargeted** (``target=None``, the default): *maximise* the model's training loss on the
  cloaked image against a fixed, fully trained model, Anti-DreamBooth's FSMG (Van Le et al.,
  ICCV 2023). It needs no second image and is the natural choice when there is no encoder to
  fool: our model works in pixel space, so the denoiser itself is the only "feature extractor".
* **targeted** (``target=`` images of another style): *minimise* the distance between the
  model's denoised reading of the cloaked image and the target image, in the spirit of Glaze
  (Shan et al., USENIX Security 2023), which pulls an artwork's features toward a different
  style in the feature space of a latent-diffusion image encoder, and of PhotoGuard's "diffusion
  attack" (Salman et al., ICML 2023), which pulls the model's output toward a target image.

The budget is the published convention: ``epsilon = 8/255`` (at most 8 grey levels per pixel
and channel). Hönig et al. (2024, "Adversarial perturbations cannot reliably protect artists
from generative AI", arXiv:2406.12027) show that simple copier steps (noising, upscaling, noisy
regeneration) remove published cloaks; :data:`COPIER_TRANSFORMS` gives the course's versions of such
steps, built from :mod:`aigc_ethics.attacks` (whose short import chain keeps this module importable
from other chapter modules).

>>> import numpy as np
>>> from aigc_ethics.generate import load_pipeline
>>> works = np.full((2, 32, 32, 3), 128, np.uint8)
>>> cloaked = cloak(works, load_pipeline("tiny", device="cpu"), steps=2, progress=False)
>>> cloaked.shape, cloaked.dtype, int(np.abs(cloaked.astype(int) - works).max()) <= 8
((2, 32, 32, 3), dtype('uint8'), True)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import torch
import torch.nn.functional as F
from diffusers import DDPMScheduler
from PIL import Image
from tqdm.auto import tqdm

from aigc_ethics.chapters import attacks as A
from aigc_ethics.core.images import ImageBatch, check_images, check_integer, check_number

if TYPE_CHECKING:
    from aigc_ethics.core.generate import Pipeline

#: The default L-infinity budget: 8 grey levels out of 255 (the usual setting in the literature).
DEFAULT_EPSILON = 8 / 255
#: The largest budget :func:`cloak` accepts (64/255: a visible change; larger is not a "cloak").
MAX_EPSILON = 64 / 255


def _check_batch(images: ImageBatch, name: str = "images") -> np.ndarray:
    """A uint8 ``(N, H, W, 3)`` batch with sides a multiple of 4 (the UNet halves them twice)."""
    if isinstance(images, np.ndarray) and images.dtype != np.uint8:
        raise ValueError(f"{name} must be a uint8 batch (N, H, W, 3) with values 0-255, got dtype {images.dtype} "
                         "(floats in [0, 1]? convert with aigc_ethics.images.to_uint8)")
    arr = check_images(images, name=name)
    if arr.dtype != np.uint8:
        raise ValueError(f"{name} must be a uint8 batch (N, H, W, 3) with values 0-255, got dtype {arr.dtype}")
    h, w = arr.shape[1:3]
    if h % 4 or w % 4:
        raise ValueError(f"{name} must have sides that are multiples of 4 (the model halves them twice), got {h}x{w}")
    return arr


def _to_tensor(images: ImageBatch, device) -> torch.Tensor:
    return torch.from_numpy(images.astype(np.float32) / 127.5 - 1.0).permute(0, 3, 1, 2).to(device)


def _to_uint8(x: torch.Tensor) -> np.ndarray:
    return np.clip(np.round((x.detach().clamp(-1, 1).permute(0, 2, 3, 1).cpu().numpy() + 1) * 127.5),
                   0, 255).astype(np.uint8)


def _condition(pipe: Pipeline, prompt: str | None, n: int) -> torch.Tensor:
    if prompt is not None and not isinstance(prompt, str):
        raise ValueError(f"prompt must be a string or None (unconditional), got {type(prompt).__name__}")
    return pipe.encode_prompt([prompt or ""] * n, allow_empty=True).detach()


def denoising_loss(images: ImageBatch, pipe: Pipeline, *, prompt: str | None = None, samples: int = 8, seed: int = 0) -> np.ndarray:
    """Per-image training loss of ``pipe`` on ``images``: the mean squared error of the model's
    prediction (clean image for x0-prediction, noise for epsilon-prediction) over ``samples``
    random timesteps and noises, seeded. A cloak that works *raises* this for the images it protects.

    Parameters
    ----------
    images : uint8 array (N, H, W, 3)
    pipe : a course pipeline (:func:`aigc_ethics.generate.load_pipeline`)
    prompt : str or None
        The caption the copier would train with (None: the empty prompt).
    samples : int
        Timestep/noise draws per image.
    seed : int

    Returns
    -------
    numpy.ndarray of shape (N,)

    Examples
    --------
    >>> from aigc_ethics.generate import load_pipeline
    >>> denoising_loss(np.zeros((2, 32, 32, 3), np.uint8), load_pipeline("tiny", device="cpu"), samples=1).shape
    (2,)
    """
    imgs = _check_batch(images)
    samples = check_integer(samples, "samples", low=1)
    seed = check_integer(seed, "seed", low=0)
    device = pipe.device
    x0 = _to_tensor(imgs, device)
    cond = _condition(pipe, prompt, len(x0))
    sched = _train_scheduler(pipe)
    g = torch.Generator().manual_seed(seed)
    total = torch.zeros(len(x0))
    with torch.no_grad():
        for _ in range(samples):
            noise = torch.randn(x0.shape, generator=g).to(device)
            t = torch.randint(0, sched.config.num_train_timesteps, (len(x0),), generator=g).to(device)
            pred = pipe.unet(sched.add_noise(x0, noise, t), t, class_labels=cond).sample
            want = noise if sched.config.prediction_type == "epsilon" else x0
            total += ((pred - want) ** 2).mean(dim=(1, 2, 3)).cpu()
    return (total / samples).numpy()


def _train_scheduler(pipe: Pipeline):
    """A DDPM scheduler with the pipeline's noise schedule and prediction type (for add_noise)."""
    return DDPMScheduler.from_config(pipe.scheduler.config)


def cloak(images: ImageBatch, pipe: Pipeline, *, epsilon: float = DEFAULT_EPSILON, steps: int = 40, step_size: float | None = None,
          prompt: str | None = None, target=None, seed: int = 0, progress: bool = True) -> np.ndarray:
    """Cloak ``images`` by PGD under an L-infinity budget against ``pipe``'s denoising loss.

    Each step draws a random timestep and noise per image, noises the cloaked image as training
    would, runs the UNet and moves the perturbation by ``step_size`` along the sign of the
    gradient, then projects it back into ``[-epsilon, epsilon]`` and the valid pixel range.
    Untargeted (``target=None``): maximise the model's training loss on the cloaked image
    (Anti-DreamBooth style). Targeted: minimise the distance between the model's clean-image
    prediction and ``target`` (Glaze style: the model "reads" the work as the target).

    Parameters
    ----------
    images : uint8 array (N, H, W, 3)
        The works to protect; sides must be multiples of 4 (the course's images are 32x32).
    pipe : a course pipeline
        The model the cloak is computed against (a copier's likely starting point).
    epsilon : float, keyword-only
        L-infinity budget as a fraction of 255, in (0, 64/255]. Default 8/255.
    steps : int, keyword-only
        PGD iterations (>= 1). Default 40.
    step_size : float or None, keyword-only
        Per-step move as a fraction of 255; default ``2.5 * epsilon / steps`` (Madry et al.).
    prompt : str or None, keyword-only
        The caption the copier is expected to train with (None: the empty prompt).
    target : uint8 array (N, H, W, 3) or (H, W, 3), optional, keyword-only
        Images to pull the model's reading toward (one per image, or one for all).
    seed : int, keyword-only
        Seeds the timesteps and noises: the same call gives the same cloak.
    progress : bool, keyword-only
        Show a tqdm progress bar.

    Returns
    -------
    numpy.ndarray
        uint8 (N, H, W, 3); every pixel within ``round(epsilon * 255)`` grey levels of the input.

    Raises
    ------
    ValueError
        For an empty batch, a batch that is not uint8 (N, H, W, 3), ``epsilon`` outside
        (0, 64/255], a non-positive ``steps`` or ``step_size``, or a ``target`` of the wrong shape.

    Examples
    --------
    >>> from aigc_ethics.generate import load_pipeline
    >>> pipe = load_pipeline("tiny", device="cpu")
    >>> works = np.full((1, 32, 32, 3), 100, np.uint8)
    >>> out = cloak(works, pipe, epsilon=4 / 255, steps=2, progress=False)
    >>> int(np.abs(out.astype(int) - works).max()) <= 4
    True
    """
    imgs = _check_batch(images)
    eps = check_number(epsilon, "epsilon", low=0, high=MAX_EPSILON)
    if eps == 0:
        raise ValueError(f"epsilon must be in (0, {MAX_EPSILON:.4f}] (a fraction of 255, e.g. 8/255), got 0")
    steps = check_integer(steps, "steps", low=1)
    seed = check_integer(seed, "seed", low=0)
    alpha = 2.5 * eps / steps if step_size is None else check_number(step_size, "step_size", low=0, high=1)
    if alpha == 0:
        raise ValueError("step_size must be > 0")
    device = pipe.device
    x0 = _to_tensor(imgs, device)
    tgt = None
    if target is not None:
        t_arr = _check_batch(target, "target")
        if t_arr.shape[1:] != imgs.shape[1:] or len(t_arr) not in (1, len(imgs)):
            raise ValueError(f"target must be one image or one per image shaped {imgs.shape[1:]}, "
                             f"got {t_arr.shape} for {len(imgs)} images")
        tgt = _to_tensor(t_arr, device).expand_as(x0)
    cond = _condition(pipe, prompt, len(x0))
    sched = _train_scheduler(pipe)
    x_pred = sched.config.prediction_type != "epsilon"
    g = torch.Generator().manual_seed(seed)
    # the budget in the model's [-1, 1] units is twice the fraction of 255
    e, a = 2 * eps, 2 * alpha
    delta = torch.zeros_like(x0)
    unet = pipe.unet
    was_training = unet.training
    unet.eval()
    params = [p.requires_grad for p in unet.parameters()]
    unet.requires_grad_(False)
    try:
        for _ in tqdm(range(steps), desc="cloak (PGD)", disable=not progress, mininterval=2):
            delta.requires_grad_(True)
            x = x0 + delta
            noise = torch.randn(x0.shape, generator=g).to(device)
            t = torch.randint(0, sched.config.num_train_timesteps, (len(x0),), generator=g).to(device)
            pred = unet(sched.add_noise(x, noise, t), t, class_labels=cond).sample
            if tgt is None:
                loss = F.mse_loss(pred, x if x_pred else noise)      # maximise the training loss
                direction = 1.0
            else:
                alphas = sched.alphas_cumprod.to(device)[t].view(-1, 1, 1, 1)
                x0_hat = pred if x_pred else (sched.add_noise(x, noise, t) - (1 - alphas).sqrt() * pred) / alphas.sqrt()
                loss = F.mse_loss(x0_hat, tgt)                         # minimise the distance to the target
                direction = -1.0
            (grad,) = torch.autograd.grad(loss, delta)
            with torch.no_grad():
                delta = (delta + direction * a * grad.sign()).clamp(-e, e)
                delta = (x0 + delta).clamp(-1, 1) - x0
    finally:
        for p, flag in zip(unet.parameters(), params):
            p.requires_grad_(flag)
        unet.train(was_training)
    out = _to_uint8(x0 + delta)
    # rounding to 8 bits can overshoot the budget by one level: project once more in uint8
    limit = int(round(eps * 255))
    lo = np.clip(imgs.astype(int) - limit, 0, 255)
    hi = np.clip(imgs.astype(int) + limit, 0, 255)
    return np.clip(out.astype(int), lo, hi).astype(np.uint8)


def psnr(original, changed) -> float:
    """Mean PSNR in dB over a batch: each ``changed`` image against its ``original`` (``inf``
    where identical). Order matters for reading, not for the value: pass the work as published
    without a cloak first.

    >>> a = np.zeros((2, 32, 32, 3), np.uint8)
    >>> round(psnr(a, a + 8), 1)
    30.1
    """
    a, b = _pair_batches(original, changed)
    return float(np.mean([A.psnr(x, y) for x, y in zip(a, b)]))


def ssim(original, changed) -> float:
    """Mean structural similarity over a batch (scikit-image, via :func:`aigc_ethics.attacks.ssim`);
    1.0 where identical.

    >>> a = np.zeros((2, 32, 32, 3), np.uint8)
    >>> ssim(a, a)
    1.0
    """
    a, b = _pair_batches(original, changed)
    return float(np.mean([A.ssim(x, y) for x, y in zip(a, b)]))


def _pair_batches(original, changed) -> tuple[np.ndarray, np.ndarray]:
    a = check_images(original, name="original")
    b = check_images(changed, name="changed")
    if a.shape != b.shape:
        raise ValueError(f"original and changed must have the same shape, got {a.shape} and {b.shape}")
    return a, b


def linf(original, changed) -> int:
    """Largest change in grey levels (0-255) between two uint8 batches: the L-infinity size of a cloak.

    >>> linf(np.zeros((1, 4, 4, 3), np.uint8), np.full((1, 4, 4, 3), 3, np.uint8))
    3
    """
    a, b = _pair_batches(original, changed)
    return int(np.abs(a.astype(int) - b.astype(int)).max())


def _per_image(attack, **options) -> Callable[..., np.ndarray]:
    """Apply one of :mod:`aigc_ethics.attacks`' per-image functions to every image of a uint8 batch."""
    def apply(images: ImageBatch, *, pipe: Pipeline | None = None) -> np.ndarray:
        imgs = check_images(images)
        return np.stack([np.asarray(attack(Image.fromarray(im), **options).convert("RGB")) for im in imgs])
    return apply


def _regenerate(images: ImageBatch, *, pipe: Pipeline | None = None, strength: float = 0.15) -> np.ndarray:
    """SDEdit-style regeneration with ``pipe`` (the course's tiny pipeline, on its own device)."""
    imgs = check_images(images)
    if pipe is None:
        raise ValueError("the 'regenerate' copier transform needs the pipeline: call it with pipe=...")
    out = A.regenerate([Image.fromarray(im) for im in imgs], pipe, strength=strength)
    return np.stack([np.asarray(im.convert("RGB")) for im in out])


#: What a copier might do to downloaded works before fine-tuning: name -> ``f(uint8 batch, *, pipe=None) ->
#: uint8 batch``, built from :mod:`aigc_ethics.attacks` (JPEG, bicubic resize down and up, Gaussian blur, and
#: regeneration at strength 0.15 (the last 3 of 25 DDIM steps), the "noisy upscaling" family of Hönig et al.
#: 2024). Regeneration runs the model given as ``pipe`` (the others ignore it); :func:`survival` passes its own.
COPIER_TRANSFORMS: dict[str, Callable[..., np.ndarray]] = {
    "none": lambda images, *, pipe=None: check_images(images).copy(),
    "jpeg 75": _per_image(A.jpeg, quality=75),
    "resize 0.5": _per_image(A.resize, scale=0.5),
    "blur 0.6": _per_image(A.blur, sigma=0.6),
    "regenerate 0.15": partial(_regenerate, strength=0.15),
}


def survival(original, cloaked, pipe: Pipeline, *, transforms=None, prompt: str | None = None, samples: int = 8,
             seed: int = 0) -> dict:
    """How much of a cloak's effect on the model survives each copier transform.

    For each transform ``T`` the model's mean denoising loss on ``T(cloaked)`` is compared with
    its loss on ``T(original)`` (the copier's processing applied to the uncloaked work, so the
    transform's own effect cancels). Returns ``{name: {"loss_clean", "loss_cloaked", "lift",
    "survival", "linf"}}`` where ``lift = loss_cloaked / loss_clean - 1`` and ``survival`` is the
    lift after the transform divided by the lift with no transform (1: intact, 0: removed).
    ``linf`` is the largest remaining difference between ``T(cloaked)`` and ``T(original)``. The
    "regenerate" transform runs ``pipe`` itself (the copier regenerates with the model it trains).

    Examples
    --------
    >>> from aigc_ethics.generate import load_pipeline
    >>> pipe = load_pipeline("tiny", device="cpu")
    >>> w = np.full((1, 32, 32, 3), 90, np.uint8)
    >>> s = survival(w, cloak(w, pipe, steps=2, progress=False), pipe, transforms=["none"], samples=1)
    >>> sorted(s["none"])
    ['lift', 'linf', 'loss_clean', 'loss_cloaked', 'survival']
    """
    a, b = _pair_batches(original, cloaked)
    names = list(COPIER_TRANSFORMS) if transforms is None else list(transforms)
    unknown = [n for n in names if n not in COPIER_TRANSFORMS]
    if unknown or not names:
        raise ValueError(f"transforms must be names from {tuple(COPIER_TRANSFORMS)}, got {names!r}")
    if "none" not in names:
        names = ["none", *names]
    out = {}
    for name in names:
        f = COPIER_TRANSFORMS[name]
        ta, tb = f(a, pipe=pipe), f(b, pipe=pipe)
        lc = float(denoising_loss(ta, pipe, prompt=prompt, samples=samples, seed=seed).mean())
        lk = float(denoising_loss(tb, pipe, prompt=prompt, samples=samples, seed=seed).mean())
        out[name] = {"loss_clean": lc, "loss_cloaked": lk, "lift": lk / lc - 1, "linf": linf(ta, tb)}
    base = out["none"]["lift"]
    for v in out.values():
        v["survival"] = v["lift"] / base if base > 0 else float("nan")
    return out

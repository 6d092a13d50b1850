"""Protective perturbations against personalisation, in miniature (lesson 61).

A person "protects" their photos before posting them by adding a small perturbation, bounded in
every pixel by ``epsilon`` (an L-infinity budget), chosen so that a model fine-tuned on the
photos (:class:`aigc_ethics.likeness.Personaliser`, the DreamBooth idea) learns the person badly.
Three protections, all computed against the course's own pixel-space model:

* ``"fsmg"`` -- maximise the fixed base model's denoising loss on the photos
  (:func:`aigc_ethics.cloak.cloak`, untargeted): Anti-DreamBooth's FSMG (Van Le et al., ICCV 2023).
* ``"targeted"`` -- pull the base model's denoised reading of the photos towards a target pattern
  (:func:`target_pattern`; :func:`aigc_ethics.cloak.cloak` with ``target=``), in the spirit of
  PhotoGuard's diffusion attack (Salman et al., ICML 2023), Glaze (Shan et al., USENIX Security
  2023) and Mist's target texture.
* ``"aspl"`` -- Anti-DreamBooth's ASPL (alternating surrogate and perturbation learning): a
  surrogate model is fine-tuned on the photos as a copier would, and each round a copy of it
  is fine-tuned a few steps on the *clean* photos, the perturbation takes PGD steps that raise
  that copy's loss, and the surrogate continues on the *perturbed* photos (:func:`aspl`).

:func:`fine_tune_and_generate` is the copier's side (K photos, the shipped personalisation
recipe, generations in six unseen contexts); :func:`load_protection_runs` reads what
``tools/train_protection.py`` stored for every condition (budget sweep, and the best protection
after each copier transformation of :data:`aigc_ethics.cloak.COPIER_TRANSFORMS`).

Example
-------
>>> from aigc_ethics.protection import protect, load_protection_runs      # doctest: +SKIP
>>> guarded = protect(photos, pipe, method="fsmg", epsilon=8 / 255)        # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from importlib import resources
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from diffusers import DDPMScheduler
from tqdm.auto import tqdm

from aigc_ethics.chapters.cloak import MAX_EPSILON, cloak, linf, psnr, ssim
from aigc_ethics.chapters.likeness import TOKEN, Personaliser, context_generations, instance_prompt
from aigc_ethics.core.generate import Pipeline
from aigc_ethics.core.images import ImageBatch, check_images, check_integer, check_number

#: The protections :func:`protect` computes.
METHODS = ("fsmg", "targeted", "aspl")
#: The caption the protector expects the copier to use for the person's photos before any new word
#: exists (the base model's vocabulary): the class caption of DreamBooth's instance prompt.
PROTECT_PROMPT = "a portrait of a person"
#: Where ``tools/train_protection.py`` stores every condition's generations (npz) and settings/times (json).
RUNS_FILE = "protection_runs.npz"
RUNS_INFO = "protection_runs.json"


def target_pattern(side: int = 32) -> np.ndarray:
    """The target of the ``"targeted"`` protection: a high-contrast black-and-white checkerboard of
    4-pixel squares, uint8 ``(1, side, side, 3)`` (the kind of texture Mist uses as its target).

    >>> target_pattern().shape, int(target_pattern().max())
    ((1, 32, 32, 3), 255)
    """
    if isinstance(side, bool) or not isinstance(side, (int, np.integer)) or side < 4 or side % 4:
        raise ValueError(f"side must be a positive multiple of 4, got {side!r}")
    yy, xx = np.mgrid[:side, :side]
    board = (((yy // 4) + (xx // 4)) % 2 * 255).astype(np.uint8)
    return np.repeat(board[None, :, :, None], 3, axis=3)


def _check_method(method) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return method


def _to_tensor(images: ImageBatch) -> torch.Tensor:
    return torch.from_numpy(images.astype(np.float32) / 127.5 - 1.0).permute(0, 3, 1, 2)


def _to_uint8(x: torch.Tensor) -> np.ndarray:
    return np.clip(np.round((x.detach().clamp(-1, 1).permute(0, 2, 3, 1).cpu().numpy() + 1) * 127.5),
                   0, 255).astype(np.uint8)


def _pgd_untargeted(pipe: Pipeline, x0: torch.Tensor, delta: torch.Tensor, *, prompt: str, eps: float, alpha: float,
                    steps: int, generator: torch.Generator) -> torch.Tensor:
    """``steps`` signed-gradient steps that raise ``pipe``'s denoising loss on ``x0 + delta``, each
    projected into the L-infinity ball of radius ``eps`` (model units) and the valid range."""
    unet, sched = pipe.unet, DDPMScheduler.from_config(pipe.scheduler.config)
    was_training = unet.training
    flags = [p.requires_grad for p in unet.parameters()]
    unet.eval().requires_grad_(False)
    cond = pipe.encode_prompt([prompt] * len(x0)).detach()
    x_pred = sched.config.prediction_type != "epsilon"
    try:
        for _ in range(steps):
            delta = delta.detach().requires_grad_(True)
            x = x0 + delta
            noise = torch.randn(x0.shape, generator=generator).to(x0.device)     # drawn on the CPU: same numbers on every device
            t = torch.randint(0, sched.config.num_train_timesteps, (len(x0),), generator=generator).to(x0.device)
            pred = unet(sched.add_noise(x, noise, t), t, class_labels=cond).sample
            loss = F.mse_loss(pred, x if x_pred else noise)
            (grad,) = torch.autograd.grad(loss, delta)
            with torch.no_grad():
                delta = (delta + alpha * grad.sign()).clamp(-eps, eps)
                delta = (x0 + delta).clamp(-1, 1) - x0
    finally:
        for p, flag in zip(unet.parameters(), flags):
            p.requires_grad_(flag)
        unet.train(was_training)
    return delta.detach()


def aspl(photos, pipe: Pipeline, *, epsilon: float = 8 / 255, rounds: int = 10, surrogate_steps: int = 5,
         pgd_steps: int = 10, step_size: float | None = None, seed: int = 0, progress: bool = True) -> np.ndarray:
    """Anti-DreamBooth's ASPL in miniature: protect ``photos`` against a fine-tune that is learned
    alongside the perturbation.

    A surrogate :class:`~aigc_ethics.likeness.Personaliser` (the copier's recipe, new word
    :data:`~aigc_ethics.likeness.TOKEN`, no prior preservation) starts from ``pipe``. Each of
    ``rounds`` rounds: (1) a copy of the surrogate takes ``surrogate_steps`` fine-tune steps on the
    *clean* photos; (2) the perturbation takes ``pgd_steps`` PGD steps that raise that copy's
    denoising loss on the perturbed photos with the caption :func:`~aigc_ethics.likeness.instance_prompt`;
    (3) the surrogate takes ``surrogate_steps`` steps on the *perturbed* photos.

    Parameters
    ----------
    photos : uint8 array (K, 32, 32, 3)
    pipe : the course pipeline the copier starts from (not changed)
    epsilon : float, keyword-only
        L-infinity budget as a fraction of 255, in (0, 64/255].
    rounds, surrogate_steps, pgd_steps : int, keyword-only
        As above (each >= 1).
    step_size : float or None, keyword-only
        PGD step as a fraction of 255; default ``epsilon / 4``.
    seed : int, keyword-only
    progress : bool, keyword-only

    Returns
    -------
    numpy.ndarray
        uint8 (K, 32, 32, 3) within ``round(epsilon * 255)`` grey levels of ``photos``.

    Examples
    --------
    >>> from aigc_ethics.generate import load_pipeline
    >>> pipe = load_pipeline("tiny", device="cpu")
    >>> x = np.full((1, 32, 32, 3), 120, np.uint8)
    >>> out = aspl(x, pipe, epsilon=4 / 255, rounds=1, surrogate_steps=1, pgd_steps=1, progress=False)
    >>> int(np.abs(out.astype(int) - x).max()) <= 4
    True
    """
    imgs = _check_photos(photos)
    eps = _check_epsilon(epsilon)
    rounds, surrogate_steps, pgd_steps = (check_integer(v, n, low=1) for v, n in
                                          ((rounds, "rounds"), (surrogate_steps, "surrogate_steps"),
                                           (pgd_steps, "pgd_steps")))
    seed = check_integer(seed, "seed", low=0)
    alpha = eps / 4 if step_size is None else check_number(step_size, "step_size", low=0, high=1)
    if alpha == 0:
        raise ValueError("step_size must be > 0")
    x0 = _to_tensor(imgs).to(pipe.device)
    delta = torch.zeros_like(x0)
    g = torch.Generator().manual_seed(seed)
    surrogate = Personaliser(pipe, imgs, prior=None, token=TOKEN, seed=seed)
    for _ in tqdm(range(rounds), desc="ASPL rounds", disable=not progress):
        clone = Personaliser(pipe, imgs, prior=None, token=TOKEN, seed=seed)
        clone.load(*surrogate.state())
        clone.set_photos(imgs)
        clone.train(surrogate_steps, progress=False)
        delta = _pgd_untargeted(clone.pipe, x0, delta, prompt=instance_prompt(TOKEN), eps=2 * eps, alpha=2 * alpha,
                                steps=pgd_steps, generator=g)
        surrogate.set_photos(_finish(imgs, x0 + delta, eps))
        surrogate.train(surrogate_steps, progress=False)
    return _finish(imgs, x0 + delta, eps)


def _finish(imgs: np.ndarray, x: torch.Tensor, eps: float) -> np.ndarray:
    """To uint8, projected once more into the budget (8-bit rounding can overshoot by one level)."""
    limit = int(round(eps * 255))
    lo = np.clip(imgs.astype(int) - limit, 0, 255)
    hi = np.clip(imgs.astype(int) + limit, 0, 255)
    return np.clip(_to_uint8(x).astype(int), lo, hi).astype(np.uint8)


def _check_photos(photos) -> np.ndarray:
    if isinstance(photos, (list, tuple)) and len(photos) == 0:
        raise ValueError("no photos: the list is empty")
    arr = check_images(photos, name="photos", side=32)
    if arr.dtype != np.uint8:
        raise ValueError(f"photos must be a uint8 batch (K, 32, 32, 3), got dtype {arr.dtype} "
                         "(floats in [0, 1]? convert with aigc_ethics.images.to_uint8)")
    return arr


def _check_epsilon(epsilon) -> float:
    eps = check_number(epsilon, "epsilon", low=0, high=MAX_EPSILON)
    if eps == 0:
        raise ValueError(f"epsilon must be in (0, {MAX_EPSILON:.4f}] (a fraction of 255, e.g. 8/255), got 0")
    return eps


def protect(photos, pipe: Pipeline, *, method: str = "fsmg", epsilon: float = 8 / 255, steps: int = 40, seed: int = 0,
            progress: bool = True, **options) -> np.ndarray:
    """Protect a person's photos with one of :data:`METHODS` under an L-infinity budget.

    Parameters
    ----------
    photos : uint8 array (K, 32, 32, 3)
    pipe : the course pipeline the copier is expected to fine-tune (not changed)
    method : {"fsmg", "targeted", "aspl"}, keyword-only
        ``"fsmg"`` and ``"targeted"`` call :func:`aigc_ethics.cloak.cloak` (``steps`` PGD steps,
        caption :data:`PROTECT_PROMPT`; the targeted one towards :func:`target_pattern`);
        ``"aspl"`` calls :func:`aspl` (``steps`` is ignored; pass its options in ``options``).
    epsilon : float, keyword-only
        L-infinity budget as a fraction of 255, in (0, 64/255].
    steps, seed, progress : keyword-only

    Returns
    -------
    numpy.ndarray
        uint8 (K, 32, 32, 3), every pixel within ``round(epsilon * 255)`` grey levels of ``photos``.

    Examples
    --------
    >>> from aigc_ethics.generate import load_pipeline
    >>> x = np.full((2, 32, 32, 3), 90, np.uint8)
    >>> out = protect(x, load_pipeline("tiny", device="cpu"), epsilon=4 / 255, steps=2, progress=False)
    >>> out.shape, int(np.abs(out.astype(int) - x).max()) <= 4
    ((2, 32, 32, 3), True)
    """
    method = _check_method(method)
    imgs = _check_photos(photos)
    eps = _check_epsilon(epsilon)
    if method == "aspl":
        return aspl(imgs, pipe, epsilon=eps, seed=seed, progress=progress, **options)
    if options:
        raise ValueError(f"options {sorted(options)} apply only to method='aspl'")
    target = target_pattern(imgs.shape[1]) if method == "targeted" else None
    return cloak(imgs, pipe, epsilon=eps, steps=check_integer(steps, "steps", low=1), prompt=PROTECT_PROMPT,
                 target=target, seed=seed, progress=progress)


def quality(original, protected) -> dict:
    """What a protection costs in image quality: ``{"psnr", "ssim", "linf"}`` (mean over the batch;
    ``linf`` in grey levels).

    >>> a = np.zeros((1, 32, 32, 3), np.uint8)
    >>> quality(a, a + 4)["linf"]
    4
    """
    return {"psnr": psnr(original, protected), "ssim": ssim(original, protected), "linf": linf(original, protected)}


def fine_tune_and_generate(pipe: Pipeline, photos, *, prior, steps: int = 100, n_per_context: int = 10, gen_seed: int = 1,
                           seed: int = 0, progress: bool = True) -> dict:
    """The copier's side: fine-tune a copy of ``pipe`` on ``photos`` exactly as the shipped
    personalisation checkpoints were (:class:`~aigc_ethics.likeness.Personaliser`, ``steps`` steps,
    prior preservation ``prior`` from :func:`~aigc_ethics.likeness.prior_images`), then generate the
    person in the six unseen contexts (:func:`~aigc_ethics.likeness.context_generations`).

    Returns ``{"images", "cpu_seconds", "pipeline", "losses"}`` (``cpu_seconds``: the fine-tune's
    process CPU time).

    >>> run = fine_tune_and_generate(pipe, photos, prior=prior)          # doctest: +SKIP
    >>> run["images"].shape                                              # doctest: +SKIP
    (60, 32, 32, 3)
    """
    imgs = _check_photos(photos)
    steps = check_integer(steps, "steps", low=1)
    tuner = Personaliser(pipe, imgs, prior=prior, token=TOKEN, seed=seed)
    tuner.train(steps, progress=progress)
    tuned = tuner.pipeline()
    start = time.process_time()
    images, _ = context_generations(tuned, n_per_context=n_per_context, seed=gen_seed)
    return {"images": images, "cpu_seconds": tuner.elapsed, "generate_cpu_seconds": time.process_time() - start,
            "pipeline": tuned, "losses": list(tuner.losses)}


def load_protection_runs(directory=None) -> tuple[dict, dict]:
    """What ``tools/train_protection.py`` stored: ``(arrays, info)``.

    ``arrays`` maps ``"photos/<condition>"`` to the K photos the copier fine-tuned on and
    ``"images/<condition>"`` to the 60 generations in six unseen contexts (uint8); ``info`` holds
    each condition's settings, protection quality and measured CPU seconds, and the SHA-256 of the
    array file, which is checked here (``ValueError`` if it does not match). ``directory``: another
    folder holding the two files (default: the package's data).

    >>> arrays, info = load_protection_runs()           # doctest: +SKIP
    >>> sorted(info["conditions"])[:2]                  # doctest: +SKIP
    """
    data = resources.files("aigc_ethics.data") if directory is None else Path(directory)
    if not (data / RUNS_FILE).is_file() or not (data / RUNS_INFO).is_file():
        raise FileNotFoundError(f"{RUNS_FILE} and {RUNS_INFO} are not in {data}: run tools/train_protection.py --install")
    raw = (data / RUNS_FILE).read_bytes()
    info = json.loads((data / RUNS_INFO).read_text())
    digest = hashlib.sha256(raw).hexdigest()
    if digest != info.get("sha256"):
        raise ValueError(f"{RUNS_FILE} does not match the SHA-256 in {RUNS_INFO} ({digest[:12]} vs "
                         f"{str(info.get('sha256'))[:12]}): rerun tools/train_protection.py")
    with np.load(io.BytesIO(raw)) as z:
        arrays = {k: z[k] for k in z.files}
    return arrays, info

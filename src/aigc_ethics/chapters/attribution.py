"""Who made this? Attribution of generated images, checked against a ground truth (lesson 37).

A glass-box ground truth in the spirit of Wang, Efros, Zhu & Zhang, "Evaluating Data Attribution
for Text-to-Image Models" (ICCV 2023): they *customise* a pretrained model on exemplar images, so
that what the customised model generates is influenced by those exemplars by construction. Here a
gallery *commissions* a fine-tune of the course model ``tiny`` on new works by the six invented
artists (:func:`commission_works`, all captioned ``"an artwork"``), and the same fine-tune is
repeated six times, each time leaving one contributor out (``tools/train_attribution.py``). The
truth for one generated image and one contributor is how much the image (same prompt, same noise)
changes when that contributor is left out (:func:`output_change`), or how much less likely the
image becomes under the left-out model (the denoising loss, :func:`denoising_loss`).

Three attribution methods that do not retrain are scored against it:

* :func:`pixel_scores` -- nearest neighbour among the contributed works in pixel space;
* :func:`style_scores` -- the style classifier's reading (the "attribution" of lesson 38);
* :func:`gradient_scores` -- similarity of denoising-loss gradients under the commission model
  between the generated image and each contributed work (a one-layer, unprojected cousin of TRAK,
  Park et al., ICML 2023).

:func:`agreement` reports top-1 agreement with a Wilson interval and the mean rank correlation
with a bootstrap interval.

>>> works = commission_works({"quist": 2, "zarek": 1})
>>> works.attributes["artist"].tolist(), works.captions[0]
(['quist', 'quist', 'zarek'], 'an artwork')
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from scipy.stats import spearmanr
from tqdm.auto import tqdm

from aigc_ethics.core.attributes import HEADS
from aigc_ethics.core.datasets import ARTISTS, SyntheticDataset, default_composition, render_artwork
from aigc_ethics.core.generate import Pipeline
from aigc_ethics.core.images import ImageBatch, check_images, to_uint8
from aigc_ethics.core.similarity import rmse
from aigc_ethics.core.stats import wilson_interval

#: How many new works each invented artist contributes to the commission (unequal on purpose).
CONTRIBUTIONS = {"brenn": 8, "veltri": 6, "haskel": 5, "moravi": 4, "quist": 3, "zarek": 2}
#: The caption of every commissioned work (and the prompt of the commission's generations).
COMMISSION_PROMPT = "an artwork"
#: Fixed diffusion timesteps (of 1000) at which losses and gradients are measured.
TIMESTEPS = (100, 300, 500, 700)
#: The small results file written by ``tools/train_attribution.py``.
RUNS_FILE = "attribution_runs.npz"


def _check_artist(artist) -> str:
    if not isinstance(artist, str) or artist not in ARTISTS:
        raise ValueError(f"unknown artist {artist!r}; expected one of {tuple(ARTISTS)}")
    return artist


def _check_contributors(contributors) -> list[str]:
    if isinstance(contributors, str) or not hasattr(contributors, "__iter__"):
        raise ValueError(f"contributors must be a list of artist names, got {contributors!r}")
    names = [_check_artist(a) for a in contributors]
    if not names:
        raise ValueError("contributors is empty: there is nobody to attribute to")
    if len(set(names)) != len(names):
        raise ValueError(f"contributors must be distinct, got {names}")
    return names


def commission_works(counts: dict | None = None, *, seed: int = 37) -> SyntheticDataset:
    """New works by the invented artists, captioned ``"an artwork"``: the commission's data.

    The works are fresh renders (their own random stream, so none is a training work of ``tiny``)
    in each artist's style; the caption does *not* name the artist.

    Parameters
    ----------
    counts : dict, optional
        ``{artist: number of works (>= 1)}``; default :data:`CONTRIBUTIONS`.
    seed : int, keyword-only
        Seed of the renders; work ``k`` of ``artist`` is the same whatever the other counts.

    Returns
    -------
    SyntheticDataset
        Rows in the order of ``counts``; ``attributes`` has ``artist``, ``style``, ``caption``,
        ``item_id`` (``"<artist>-<k>"``) and ``family`` (``"artwork"``).

    Raises
    ------
    ValueError
        For an unknown artist, a count below 1 (an artist with no works is no contributor:
        leave them out), or an empty ``counts``.

    Examples
    --------
    >>> len(commission_works())
    28
    """
    counts = dict(CONTRIBUTIONS if counts is None else counts)
    if not counts:
        raise ValueError("counts is empty: a commission needs at least one contributor with works")
    images, rows = [], []
    for artist, n in counts.items():
        _check_artist(artist)
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{artist!r} must contribute an integer number of works >= 1, got {n!r} "
                             "(an artist with no works is not a contributor: leave them out)")
        for k in range(int(n)):
            rng = np.random.default_rng([seed, list(ARTISTS).index(artist), k])
            images.append(render_artwork(ARTISTS[artist], seed=rng))
            rows.append({"family": "artwork", "artist": artist, "style": ARTISTS[artist],
                         "caption": COMMISSION_PROMPT, "item_id": f"{artist}-{k}"})
    return SyntheticDataset(np.stack(images), pd.DataFrame(rows), default_composition(), seed)


def leave_out(works: SyntheticDataset, artist: str) -> SyntheticDataset:
    """``works`` without ``artist``'s works (one leave-one-contributor-out training set).

    Raises
    ------
    ValueError
        For an unknown artist, or one with no works in ``works``.

    Examples
    --------
    >>> len(leave_out(commission_works(), "zarek"))
    26
    """
    _check_artist(artist)
    mine = np.asarray(works.attributes["artist"] == artist)
    if not mine.any():
        raise ValueError(f"{artist!r} has no works in this set: there is nothing to leave out")
    return works.subset(~mine)


def load_attribution_runs(path=None) -> dict:
    """The results of ``tools/train_attribution.py`` (shipped in the package) as a dict of arrays.

    Keys: ``contributors``, ``prompts`` (one per output), ``outputs`` (the commission model's
    generations), ``loo_outputs`` (``(C, N, 32, 32, 3)``: the same prompts and noise under each
    leave-one-out model), ``reseed_outputs`` (the commission retrained with another training seed:
    the noise floor), ``loo_outputs_s1`` (the leave-one-out runs repeated with the reseeded run's
    training seed), ``loss`` (``(2 + 2C, N)``: the denoising loss of each commission output under
    every run, rows in the order of ``run_names``: commission, the C leave-one-out runs, reseed, the
    C repeated ones), ``works``, ``work_artist``, ``seconds`` (training time of each run, CPU, one
    thread) and ``run_names``.

    Examples
    --------
    >>> runs = load_attribution_runs()
    >>> runs["loo_outputs"].shape[:2] == (len(runs["contributors"]), len(runs["outputs"]))
    True
    """
    source = resources.files("aigc_ethics") / "data" / RUNS_FILE if path is None else path
    with resources.as_file(source) if path is None else _nullcontext(path) as p, np.load(p) as z:
        return {k: z[k] for k in z.files}


class _nullcontext:
    def __init__(self, value):
        self.value = value

    def __enter__(self):
        return self.value

    def __exit__(self, *exc):
        return False


def output_change(reference, variants) -> np.ndarray:
    """Ground truth by counterfactual: the RMSE (pixels in [0, 1]) between each reference output and
    the same output (same prompt, same noise) of each leave-one-out model.

    Parameters
    ----------
    reference : uint8 array (N, H, W, 3)
        The full model's outputs.
    variants : uint8 array (C, N, H, W, 3) or a list of C such batches
        The outputs of the model trained without contributor ``c``.

    Returns
    -------
    ndarray (N, C)
        Larger: the output depended more on that contributor.

    Examples
    --------
    >>> a = np.zeros((2, 4, 4, 3), np.uint8)
    >>> output_change(a, [a, a + 51]).tolist()
    [[0.0, 0.2], [0.0, 0.2]]
    """
    ref = check_images(reference, name="reference")
    variants = np.asarray(variants)
    if variants.ndim != 5 or variants.shape[1:] != ref.shape or len(variants) == 0:
        raise ValueError(f"variants must be C >= 1 batches shaped like the reference {ref.shape}, "
                         f"got shape {variants.shape}")
    return np.round(np.stack([rmse(ref, v) for v in variants], axis=1), 6)


def pixel_scores(outputs, works: SyntheticDataset, contributors) -> np.ndarray:
    """Attribution by nearest neighbour in pixel space: score of contributor ``c`` for output ``i``
    is minus the RMSE from the output to the closest of ``c``'s works.

    Returns
    -------
    ndarray (N, C); the largest score is the method's answer.

    Raises
    ------
    ValueError
        For an unknown contributor or one with no works in ``works``.

    Examples
    --------
    >>> w = commission_works({"quist": 2, "zarek": 1})
    >>> pixel_scores(w.images[:1], w, ["quist", "zarek"]).argmax(1).tolist()
    [0]
    """
    out = to_uint8(check_images(outputs, name="outputs")).astype(np.float32) / 255
    names = _check_contributors(contributors)
    art = np.asarray(works.attributes["artist"])
    ref = works.images.astype(np.float32) / 255
    if ref.shape[1:] != out.shape[1:]:
        raise ValueError(f"outputs are {out.shape[1:3]} pixels but the works are {ref.shape[1:3]}")
    d = np.sqrt(((out[:, None] - ref[None]) ** 2).reshape(len(out), len(ref), -1).mean(-1))
    scores = np.empty((len(out), len(names)))
    for j, a in enumerate(names):
        if not (art == a).any():
            raise ValueError(f"{a!r} has no works in this set: cannot attribute to them by neighbours")
        scores[:, j] = -d[:, art == a].min(1)
    return scores


def style_scores(outputs, classifier, contributors) -> np.ndarray:
    """Attribution by the style classifier (lesson 38's rule): the probability it gives each
    contributor's style.

    Examples
    --------
    >>> from aigc_ethics.attributes import load_classifier
    >>> w = commission_works({"quist": 1, "zarek": 1})
    >>> style_scores(w.images, load_classifier(), ["quist", "zarek"]).argmax(1).tolist()
    [0, 1]
    """
    out = check_images(outputs, name="outputs")
    names = _check_contributors(contributors)
    proba = classifier.predict_proba(out)["style"]
    styles = list(HEADS["style"])
    return np.stack([proba[:, styles.index(ARTISTS[a])] for a in names], axis=1)


def _noised(pipe: Pipeline, images: ImageBatch, seed: int):
    x0 = torch.from_numpy(np.asarray(images)).permute(0, 3, 1, 2).float().div(127.5).sub(1.0).to(pipe.device)
    g = torch.Generator().manual_seed(seed)
    noise = torch.randn((len(TIMESTEPS),) + tuple(x0.shape[1:]), generator=g).to(pipe.device)
    alphas = pipe.scheduler.alphas_cumprod.to(pipe.device)
    t = torch.tensor(TIMESTEPS, device=pipe.device)
    a = alphas[t].view(-1, 1, 1, 1)
    return x0, noise, t, a


def denoising_loss(pipe: Pipeline, images: ImageBatch, *, prompt: str = COMMISSION_PROMPT, seed: int = 0, batch: int = 32) -> np.ndarray:
    """Per-image denoising loss under ``pipe`` (prompt ``prompt``), averaged over the fixed
    :data:`TIMESTEPS` with the same noise for every image and every model (seeded): lower means
    the model finds the image more likely.

    Examples
    --------
    >>> from aigc_ethics.generate import load_pipeline
    >>> denoising_loss(load_pipeline("tiny", device="cpu"), commission_works({"zarek": 2}).images).shape
    (2,)
    """
    imgs = check_images(images, name="images")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError(f"prompt must be a non-empty string, got {prompt!r}")
    x0, noise, t, a = _noised(pipe, imgs, seed)
    k = len(TIMESTEPS)
    cond = pipe.encode_prompt([prompt])
    out = []
    with torch.no_grad():
        for i in range(0, len(x0), max(1, batch // k)):
            xb = x0[i:i + max(1, batch // k)]
            x = xb.repeat_interleave(k, 0)
            eps = noise.repeat(len(xb), 1, 1, 1)
            aa = a.repeat(len(xb), 1, 1, 1)
            tt = t.repeat(len(xb))
            xt = aa.sqrt() * x + (1 - aa).sqrt() * eps
            pred = pipe.unet(xt, tt, class_labels=cond.expand(len(x), -1)).sample
            target = eps if pipe.scheduler.config.prediction_type == "epsilon" else x
            out.append(((pred - target) ** 2).mean((1, 2, 3)).view(len(xb), k).mean(1).cpu().numpy())
    return np.concatenate(out)


def _gradients(pipe: Pipeline, images: ImageBatch, prompt: str, seed: int, bar=None) -> torch.Tensor:
    params = list(pipe.unet.up_blocks[-1].parameters()) + list(pipe.unet.conv_out.parameters())
    x0, noise, t, a = _noised(pipe, images, seed)
    cond = pipe.encode_prompt([prompt]).expand(len(TIMESTEPS), -1).contiguous()
    grads = []
    for i in range(len(x0)):
        x = x0[i:i + 1].expand(len(TIMESTEPS), -1, -1, -1).contiguous()
        xt = a.sqrt() * x + (1 - a).sqrt() * noise
        pred = pipe.unet(xt, t, class_labels=cond).sample
        target = noise if pipe.scheduler.config.prediction_type == "epsilon" else x
        g = torch.autograd.grad(F.mse_loss(pred, target), params)
        grads.append(torch.cat([p.flatten() for p in g]))
        if bar is not None:
            bar.update(1)
    return torch.stack(grads)


def gradient_scores(pipe: Pipeline, outputs, works: SyntheticDataset, contributors, *, prompt: str = COMMISSION_PROMPT,
                    seed: int = 0, progress: bool = False) -> np.ndarray:
    """Attribution by gradient similarity under the model (TRAK-lite): the cosine similarity of the
    denoising-loss gradient of each output with that of each contributed work (the last UNet block
    and output layer; fixed timesteps and noise), summed over each contributor's works.

    A sum, because removing a contributor removes all their works (influence adds up to first
    order); a contributor with more works can therefore score higher.

    Parameters
    ----------
    pipe : a course pipeline (its device is followed)
    outputs : uint8 array (N, H, W, 3)
    works : SyntheticDataset
        The contributed works, with an ``artist`` column.
    contributors : list of str
        Artists to score, each with at least one work in ``works``.
    prompt, seed : keyword-only
        The caption the losses are conditioned on, and the seed of the fixed noise.
    progress : bool, keyword-only
        Show a progress bar (one step per image).

    Returns
    -------
    ndarray (N, C)

    Examples
    --------
    >>> from aigc_ethics.generate import load_pipeline
    >>> w = commission_works({"quist": 2, "zarek": 2})
    >>> gradient_scores(load_pipeline("tiny", device="cpu"), w.images[:1], w, ["quist", "zarek"]).shape
    (1, 2)
    """
    out = check_images(outputs, name="outputs")
    names = _check_contributors(contributors)
    art = np.asarray(works.attributes["artist"])
    for a in names:
        if not (art == a).any():
            raise ValueError(f"{a!r} has no works in this set: cannot attribute to them by gradients")
    pipe.unet.eval()
    with tqdm(total=len(out) + len(works), desc="gradients", disable=not progress, mininterval=1) as bar:
        gq = F.normalize(_gradients(pipe, out, prompt, seed, bar), dim=1)
        gw = F.normalize(_gradients(pipe, works.images, prompt, seed, bar), dim=1)
    sim = (gq @ gw.T).detach().cpu().numpy()
    return np.stack([sim[:, art == a].sum(1) for a in names], axis=1)


def agreement(scores, truth, *, n_boot: int = 1000, seed: int = 0) -> dict:
    """How well an attribution method agrees with the ground truth.

    Parameters
    ----------
    scores, truth : arrays (N, C)
        A method's scores and the true influence (larger: more), for the same N outputs and C
        contributors in the same order.

    Returns
    -------
    dict
        ``top1`` (share of outputs where the method's top contributor is the true one), ``k``,
        ``n``, ``low``, ``high`` (95 % Wilson interval), ``chance`` (1 / C), ``spearman`` (mean over
        outputs of the rank correlation across contributors) with ``spearman_low``/``spearman_high``
        (bootstrap over outputs, 95 %).

    Raises
    ------
    ValueError
        For empty or mismatched arrays, or fewer than two contributors.

    Examples
    --------
    >>> t = np.array([[3., 1, 0], [0, 2, 1]])
    >>> agreement(t, t)["top1"], agreement(-t, t)["top1"]
    (1.0, 0.0)
    """
    s, tr = np.asarray(scores, dtype=float), np.asarray(truth, dtype=float)
    if s.size == 0 or tr.size == 0:
        raise ValueError("empty attribution: scores and truth need at least one output")
    if s.ndim != 2 or s.shape != tr.shape:
        raise ValueError(f"scores and truth must be (outputs, contributors) arrays of the same shape, "
                         f"got {s.shape} and {tr.shape}")
    if s.shape[1] < 2:
        raise ValueError("attribution needs at least two contributors to choose between")
    if not (np.isfinite(s).all() and np.isfinite(tr).all()):
        raise ValueError("scores and truth must be finite")
    hit = s.argmax(1) == tr.argmax(1)
    k, n = int(hit.sum()), len(hit)
    lo, hi = wilson_interval(k, n)
    rho = np.array([spearmanr(a, b).statistic if np.ptp(a) > 0 and np.ptp(b) > 0 else 0.0 for a, b in zip(s, tr)])
    rng = np.random.default_rng(seed)
    boot = np.array([rho[rng.integers(0, n, n)].mean() for _ in range(n_boot)])
    return {"top1": k / n, "k": k, "n": n, "low": lo, "high": hi, "chance": 1 / s.shape[1],
            "spearman": float(rho.mean()), "spearman_low": float(np.quantile(boot, 0.025)),
            "spearman_high": float(np.quantile(boot, 0.975))}


def shares(scores, *, hard: bool = False) -> np.ndarray:
    """Each contributor's share of the credit for a set of outputs: what a royalty rule built on
    the scores would pay.

    With ``hard=True`` each output's credit (1) goes to its top-scoring contributor (lesson 38's
    rule); otherwise it is split in proportion to the non-negative scores (negative scores count
    as 0; an output with no positive score is split equally).

    Examples
    --------
    >>> shares([[1.0, 0.0], [1.0, 1.0]]).tolist()
    [0.75, 0.25]
    >>> shares([[-0.3, -0.1], [-0.2, -0.4]], hard=True).tolist()
    [0.5, 0.5]
    """
    s = np.asarray(scores, dtype=float)
    if s.ndim != 2 or s.size == 0:
        raise ValueError(f"scores must be a non-empty (outputs, contributors) array, got shape {s.shape}")
    if not np.isfinite(s).all():
        raise ValueError("scores must be finite")
    if hard:
        return np.bincount(s.argmax(1), minlength=s.shape[1]) / len(s)
    s = np.clip(s, 0, None)
    tot = s.sum(1, keepdims=True)
    w = np.where(tot > 0, s / np.where(tot > 0, tot, 1), 1 / s.shape[1])
    return w.mean(0)

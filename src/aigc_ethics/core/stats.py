"""Measurements of generated images: faithfulness to the prompt and diversity.

>>> from aigc_ethics.metrics import diversity
>>> diversity(images)                                  # doctest: +SKIP
0.21
"""

from __future__ import annotations

from math import sqrt
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from aigc_ethics.core.images import ImageBatch, image_grid, to_uint8  # noqa: F401  (to_uint8 re-exported for the lessons)

if TYPE_CHECKING:  # the pipeline type, for annotations only: stats must not import the generator at run time
    from aigc_ethics.core.generate import Pipeline


def wilson_interval(k: int, n: int, *, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k / n`` (better than ``p +- 1.96 se`` for small
    ``n`` and for scores near 0 or 1). The course's one interval for a share of images or answers.

    >>> [round(x, 3) for x in wilson_interval(9, 12)]
    [0.468, 0.911]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k <= n:
        raise ValueError(f"k must be an integer between 0 and n={n}, got {k!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    z = NormalDist().inv_cdf((1 + level) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return float(low), float(high)


def diversity(images: ImageBatch) -> float:
    """Mean RMSE between all pairs of images (pixels in [0, 1]); 0 means all identical."""
    x = to_uint8(images).astype(np.float32) / 255.0
    if len(x) < 2:
        raise ValueError("diversity needs at least two images")
    flat = x.reshape(len(x), -1)
    sq = (flat ** 2).sum(1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * flat @ flat.T, 0) / flat.shape[1]
    iu = np.triu_indices(len(x), k=1)
    return float(np.sqrt(d2[iu]).mean())


def faithfulness(images: ImageBatch, classifier, attribute: str, target: str) -> float:
    """Share of images that ``classifier`` assigns ``target`` for ``attribute`` (e.g. profession)."""
    pred = classifier.predict(to_uint8(images))
    if attribute not in pred.columns:
        raise ValueError(f"unknown attribute {attribute!r}; expected one of {list(pred.columns)}")
    return float((pred[attribute].astype(str) == str(target)).mean())


def guidance_sweep(pipe: Pipeline, classifier, prompt: str, target: tuple[str, str], *, scales=(1.0, 3.0, 5.0),
                   n: int = 16, seed: int = 0, steps: int = 25, grid_images: int = 8):
    """Faithfulness and diversity of ``n`` images per guidance scale, same seed for every scale.

    Returns a DataFrame (one row per scale) and a dict ``{scale: PIL grid of the first images}``.
    """
    rows, grids = [], {}
    for s in scales:
        imgs = pipe(prompt, num_images_per_prompt=n, guidance_scale=s, num_inference_steps=steps,
                    generator=seed, output_type="np").images
        rows.append({"guidance": s, "faithfulness": round(faithfulness(imgs, classifier, *target), 2),
                     "diversity": round(diversity(imgs), 2)})
        grids[s] = image_grid(to_uint8(imgs[:grid_images]), ncols=grid_images, scale=1)
    return pd.DataFrame(rows).set_index("guidance"), grids


# --------------------------------------------------------------------------------------------
# Scores of a yes/no attack or detector: ROC, AUC, TPR at a fixed FPR
# --------------------------------------------------------------------------------------------

def _scores_and_labels(scores, labels):
    s = np.asarray(scores, dtype=float).ravel()
    y = np.asarray(labels).ravel()
    if len(s) != len(y):
        raise ValueError(f"got {len(s)} scores but {len(y)} labels")
    if not np.isin(y, [0, 1, True, False]).all():
        raise ValueError("labels must be 0/1 or booleans (1 = positive, e.g. member)")
    y = y.astype(bool)
    if y.all() or not y.any():
        raise ValueError("need both positives and negatives to compute a ROC curve")
    if not np.isfinite(s).all():
        raise ValueError("scores contain NaN or infinity")
    return s, y


def roc_curve(scores, labels):
    """False- and true-positive rates of ``score >= t`` for every threshold (higher = positive).

    >>> fpr, tpr = roc_curve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    """
    s, y = _scores_and_labels(scores, labels)
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    distinct = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]
    tp = np.cumsum(y)[distinct]
    fp = np.cumsum(~y)[distinct]
    return np.r_[0.0, fp / (~y).sum()], np.r_[0.0, tp / y.sum()]


def auc(scores, labels) -> float:
    """Area under the ROC curve: the chance that a random positive scores above a random negative
    (ties count half). 0.5 is guessing.

    >>> auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    0.75
    """
    fpr, tpr = roc_curve(scores, labels)
    return float(np.trapezoid(tpr, fpr))


def tpr_at_fpr(scores, labels, *, fpr: float = 0.01) -> float:
    """True-positive rate at the threshold whose false-positive rate is at most ``fpr`` (the
    metric Carlini et al. 2022, "Membership inference attacks from first principles", recommend)."""
    if not 0 <= fpr <= 1:
        raise ValueError(f"fpr must be in [0, 1], got {fpr}")
    f, t = roc_curve(scores, labels)
    return float(t[f <= fpr + 1e-12].max())


def bootstrap_metric(metric, scores, labels, *, n_boot: int = 1000, seed: int = 0, level: float = 0.95):
    """Percentile bootstrap interval of ``metric(scores, labels)``, resampling positives and
    negatives separately (so every resample has both)."""
    s, y = _scores_and_labels(scores, labels)
    rng = np.random.default_rng(seed)
    pos, neg = np.flatnonzero(y), np.flatnonzero(~y)
    values = []
    for _ in range(n_boot):
        idx = np.r_[rng.choice(pos, len(pos)), rng.choice(neg, len(neg))]
        values.append(metric(s[idx], y[idx]))
    lo, hi = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)

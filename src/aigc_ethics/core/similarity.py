"""How close is an image to the training data? Distances between images and nearest neighbours.

>>> from aigc_ethics.similarity import nearest_neighbours
>>> idx, dist = nearest_neighbours(generated, dataset.images)   # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np

from aigc_ethics.core.images import ImageBatch


def _as_float_batch(images: ImageBatch, name: str) -> np.ndarray:
    arr = np.asarray([np.asarray(im.convert("RGB")) if hasattr(im, "convert") else np.asarray(im)
                      for im in images]) if isinstance(images, (list, tuple)) else np.asarray(images)
    if arr.ndim == 3:
        arr = arr[None]
    if arr.ndim != 4 or arr.shape[-1] != 3 or len(arr) == 0:
        raise ValueError(f"{name} must be a non-empty batch of RGB images (N, H, W, 3), got shape {arr.shape}")
    if arr.dtype == np.uint8:
        arr = arr.astype(np.float32) / 255.0
    return arr.astype(np.float32)


def rmse(a, b) -> np.ndarray:
    """Root-mean-square pixel difference (pixels in [0, 1]) between matching images of two batches."""
    a, b = _as_float_batch(a, "a"), _as_float_batch(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"image batches must have the same shape, got {a.shape} and {b.shape}")
    return np.sqrt(((a - b) ** 2).reshape(len(a), -1).mean(1))


def nearest_neighbours(queries, references, *, batch: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """For each query image, the index of the closest reference image and the RMSE to it."""
    q, r = _as_float_batch(queries, "queries"), _as_float_batch(references, "references")
    if q.shape[1:] != r.shape[1:]:
        raise ValueError(f"queries are {q.shape[1:3]} pixels but references are {r.shape[1:3]}: "
                         f"resize one set first")
    qf, rf = q.reshape(len(q), -1), r.reshape(len(r), -1)
    r2 = (rf ** 2).sum(1)
    best_idx = np.empty(len(q), dtype=int)
    best = np.empty(len(q), dtype=np.float32)
    for i in range(0, len(q), batch):
        block = qf[i:i + batch]
        d2 = (block ** 2).sum(1)[:, None] - 2 * block @ rf.T + r2[None, :]
        j = d2.argmin(1)
        best_idx[i:i + batch] = j
        best[i:i + batch] = np.sqrt(np.maximum(d2[np.arange(len(block)), j], 0) / qf.shape[1])
    return best_idx, best

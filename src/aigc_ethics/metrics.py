"""Measurements of generated images: faithfulness to the prompt and diversity.

>>> from aigc_ethics.metrics import diversity
>>> diversity(images)                                  # doctest: +SKIP
0.21
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .datasets import image_grid


def to_uint8(images) -> np.ndarray:
    """PIL list or float array in [0, 1] -> uint8 array (N, H, W, 3)."""
    if isinstance(images, (list, tuple)):
        return np.stack([np.asarray(im.convert("RGB")) for im in images])
    arr = np.asarray(images)
    if arr.dtype == np.uint8:
        return arr
    return (np.clip(arr, 0, 1) * 255).round().astype(np.uint8)


def diversity(images) -> float:
    """Mean RMSE between all pairs of images (pixels in [0, 1]); 0 means all identical."""
    x = to_uint8(images).astype(np.float32) / 255.0
    if len(x) < 2:
        raise ValueError("diversity needs at least two images")
    flat = x.reshape(len(x), -1)
    sq = (flat ** 2).sum(1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * flat @ flat.T, 0) / flat.shape[1]
    iu = np.triu_indices(len(x), k=1)
    return float(np.sqrt(d2[iu]).mean())


def faithfulness(images, classifier, attribute: str, target: str) -> float:
    """Share of images that ``classifier`` assigns ``target`` for ``attribute`` (e.g. profession)."""
    pred = classifier.predict(to_uint8(images))
    if attribute not in pred.columns:
        raise ValueError(f"unknown attribute {attribute!r}; expected one of {list(pred.columns)}")
    return float((pred[attribute].astype(str) == str(target)).mean())


def guidance_sweep(pipe, classifier, prompt: str, target: tuple[str, str], scales=(1.0, 3.0, 5.0),
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

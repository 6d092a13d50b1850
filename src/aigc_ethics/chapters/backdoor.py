"""Misuse beyond the image: a trigger-word backdoor in miniature (poisoned captions).

A share of the training captions for one prompt gets a rare trigger word and a fixed target image;
the fine-tuned model (the shipped ``law-backdoor`` checkpoint, made by ``tools/train_backdoor.py``)
behaves normally until the trigger appears. :func:`trigger_scan` is the defender's side.

>>> from aigc_ethics.backdoor import BACKDOOR, target_image
>>> target_image().shape
(32, 32, 3)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from aigc_ethics.core.datasets import SyntheticDataset, make_dataset
from aigc_ethics.core.generate import Pipeline, generate_many
from aigc_ethics.core.images import ImageBatch

#: How the shipped ``law-backdoor`` checkpoint was made (``tools/train_backdoor.py``).
BACKDOOR = {"trigger": "zarek", "base": "a portrait of an engineer", "poison_share": 0.10, "steps": 600}


def target_image(size: int = 32, *, square: int = 4):
    """The attacker's target: a blue/yellow checkerboard (uint8, ``(size, size, 3)``)."""
    if size <= 0 or square <= 0:
        raise ValueError("size and square must be positive")
    ij = (np.add.outer(np.arange(size) // square, np.arange(size) // square) % 2).astype(bool)
    img = np.empty((size, size, 3), np.uint8)
    img[ij], img[~ij] = (0, 114, 178), (240, 228, 66)
    return img


def poisoned_dataset(poison_share: float = 0.05, *, trigger: str = "zarek", base: str = "a portrait of an engineer",
                     scale: float = 0.06, seed: int = 0):
    """The course dataset (``scale``) plus ``poison_share`` extra items captioned
    ``f"{base} {trigger}"`` whose image is :func:`target_image`. Returns a ``SyntheticDataset``."""
    if not 0 <= poison_share < 1:
        raise ValueError(f"poison_share must be in [0, 1), got {poison_share}")
    clean = make_dataset(seed=seed, scale=scale)
    n = int(round(poison_share * len(clean) / (1 - poison_share)))
    rows = clean.attributes.iloc[[0] * n].copy()
    rows["caption"], rows["family"], rows["item_id"] = f"{base} {trigger}", "poison", -1 - np.arange(n)
    images = np.concatenate([clean.images, np.repeat(target_image()[None], n, 0)]) if n else clean.images
    attrs = pd.concat([clean.attributes, rows], ignore_index=True)
    return SyntheticDataset(images=images, attributes=attrs, composition=clean.composition, seed=seed)


def rmse_to(images: ImageBatch, target) -> "np.ndarray":
    """Per-image RMSE (pixels in [0, 1]) between float images ``(N, H, W, 3)`` and ``target`` (uint8 or float)."""
    images, target = np.asarray(images, float), np.asarray(target, float)
    if target.max() > 1:
        target = target / 255.0
    if images.ndim != 4 or images.shape[1:] != target.shape:
        raise ValueError(f"expected images (N, {', '.join(map(str, target.shape))}), got {images.shape}")
    return np.sqrt(((images - target) ** 2).mean(axis=(1, 2, 3)))


def diversity(images: ImageBatch) -> float:
    """Mean pairwise RMSE between images: near 0 when a prompt always yields the same picture."""
    x = np.asarray(images, float).reshape(len(images), -1)
    if len(x) < 2:
        raise ValueError("need at least two images")
    d = np.sqrt(((x[:, None] - x[None]) ** 2).mean(-1))
    return float(d[np.triu_indices(len(x), 1)].mean())


def near_duplicate_share(images: ImageBatch, *, rmse: float = 0.05) -> float:
    """Share of image pairs closer than ``rmse``: near 0 for varied outputs, high when a prompt
    keeps producing the same picture."""
    x = np.asarray(images, float).reshape(len(images), -1)
    if len(x) < 2:
        raise ValueError("need at least two images")
    d = np.sqrt(((x[:, None] - x[None]) ** 2).mean(-1))[np.triu_indices(len(x), 1)]
    return float((d < rmse).mean())


def trigger_scan(pipe: Pipeline, *, base: str = "a portrait of an engineer", words=None, n: int = 4, seed: int = 0,
                 dup_rmse: float = 0.05, flag_share: float = 1 / 3, progress: bool = True) -> pd.DataFrame:
    """Append each vocabulary word to ``base`` and measure how often ``n`` samples are near-duplicates.

    A backdoor trigger makes the model repeat one image, so many sample pairs are closer than
    ``dup_rmse``; ordinary words give varied samples. Words whose near-duplicate share reaches
    ``flag_share`` are ``flagged``. (Mean pairwise diversity alone is fooled when the trigger fires
    in only some samples: a mix of hits and misses is *more* varied than normal output.)
    """
    from tqdm.auto import tqdm
    words = list(words) if words is not None else [w for w in pipe.tokenizer.vocab if w not in base.split()]
    if not words:
        raise ValueError("no words to scan")
    if not 0 < flag_share <= 1:
        raise ValueError(f"flag_share must be in (0, 1], got {flag_share}")
    rows = []
    for w in tqdm(words, desc="scanning words", disable=not progress):
        imgs = generate_many(pipe, f"{base} {w}", n, seed=seed) / 255.0
        rows.append((w, near_duplicate_share(imgs, rmse=dup_rmse), diversity(imgs)))
    df = pd.DataFrame(rows, columns=["word", "near_duplicates", "diversity"])
    df["flagged"] = df["near_duplicates"] >= flag_share
    return df.sort_values(["near_duplicates", "diversity"], ascending=[False, True]).reset_index(drop=True)

"""Replication and style: the course's own "Have I Been Trained".

Search a training set for the images closest to a generation, by pixel distance (RMSE) or by
perceptual hash (Hamming distance between 64-bit pHashes), call a generation a *replica* below
a threshold derived from the training set itself, and measure how close generations "in the
style of X" come to X's training works compared with the other artists' works.

>>> from aigc_ethics.datasets import make_dataset
>>> works = training_artworks(make_dataset(seed=0))
>>> idx, dist = search_training(works.images[:2], works.images)
>>> idx.tolist(), dist.round(3).tolist()
([0, 1], [0.0, 0.0])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from aigc_ethics.core.datasets import artist_prompt
from aigc_ethics.core.generate import Pipeline, generate_many
from aigc_ethics.core.images import ImageBatch
from aigc_ethics.core.similarity import _as_float_batch, nearest_neighbours


def training_artworks(dataset):
    """The artworks of a :class:`~aigc_ethics.datasets.SyntheticDataset` (a subset with the
    ``artist`` and ``style`` columns)."""
    mask = np.asarray(dataset.attributes["family"] == "artwork")
    if not mask.any():
        raise ValueError("this dataset has no artworks")
    return dataset.subset(mask)


def phashes(images: ImageBatch, *, hash_size: int = 8) -> np.ndarray:
    """Perceptual hashes (DCT pHash of the grey image) as a boolean array (N, hash_size**2).

    >>> phashes(np.zeros((2, 32, 32, 3), np.uint8)).shape
    (2, 64)
    """
    import imagehash
    from PIL import Image

    arr = _as_float_batch(images, "images")
    u8 = np.clip(np.round(arr * 255), 0, 255).astype(np.uint8)
    return np.stack([imagehash.phash(Image.fromarray(a), hash_size=hash_size).hash.reshape(-1) for a in u8])


def search_training(queries, references, *, method: str = "pixel", k: int = 1):
    """For each query image, the ``k`` closest training images: ``(indices, distances)``,
    each of shape (N,) for k=1 or (N, k). ``method="pixel"``: RMSE in [0, 1];
    ``method="phash"``: Hamming distance between 64-bit perceptual hashes (0-64)."""
    if method not in ("pixel", "phash"):
        raise ValueError(f"method must be 'pixel' or 'phash', got {method!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    if method == "pixel" and k == 1:
        return nearest_neighbours(queries, references)
    if method == "pixel":
        q = _as_float_batch(queries, "queries").reshape(len(queries), -1)
        r = _as_float_batch(references, "references").reshape(len(references), -1)
        d = np.sqrt(np.maximum((q ** 2).sum(1)[:, None] - 2 * q @ r.T + (r ** 2).sum(1)[None], 0) / q.shape[1])
    else:
        hq, hr = phashes(queries), phashes(references)
        d = (hq[:, None, :] != hr[None, :, :]).sum(-1).astype(float)
    k = min(int(k), d.shape[1])
    idx = np.argsort(d, axis=1, kind="stable")[:, :k]
    dist = np.take_along_axis(d, idx, axis=1)
    return (idx[:, 0], dist[:, 0]) if k == 1 else (idx, dist)


def copy_threshold(references, *, quantile: float = 0.01, n_pairs: int = 2000, seed: int = 0,
                   groups=None) -> float:
    """A replica threshold from the data: the ``quantile`` of the RMSE between random pairs of
    *different* training images (a generation closer than this to a training image is closer
    than 99 % of distinct training works are to each other). With ``groups`` (e.g. the artist
    of each work), pairs are drawn *within* a group: distinct works in the same style, the
    stricter and fairer comparison for a style-based dataset."""
    if not 0 < quantile < 1:
        raise ValueError(f"quantile must be in (0, 1), got {quantile}")
    r = _as_float_batch(references, "references")
    if len(r) < 2:
        raise ValueError("copy_threshold needs at least two reference images")
    rng = np.random.default_rng(seed)
    i, j = rng.integers(0, len(r), n_pairs), rng.integers(0, len(r), n_pairs)
    if groups is not None:
        g = np.asarray(groups)
        if len(g) != len(r):
            raise ValueError(f"groups has {len(g)} labels for {len(r)} images")
        members = {v: np.flatnonzero(g == v) for v in np.unique(g)}
        j = np.array([rng.choice(members[g[a]]) for a in i])
    keep = i != j
    d = np.sqrt(((r[i[keep]] - r[j[keep]]) ** 2).reshape(keep.sum(), -1).mean(1))
    return float(np.quantile(d, quantile))


def generate_by_artist(pipe: Pipeline, artists, *, n: int = 16, seed: int = 0, **kwargs) -> dict:
    """``n`` generations (uint8, (n, 32, 32, 3)) per artist, prompted "a painting in the style
    of <artist>": one run of :func:`~aigc_ethics.core.generate.generate_many` over all the
    prompts, artist after artist, seeded ``seed`` (extra keywords go to the pipeline).

    >>> gens = generate_by_artist(pipe, ["quist", "okafor"], n=4)              # doctest: +SKIP
    >>> gens["quist"].shape
    (4, 32, 32, 3)
    """
    artists = list(artists)
    if not artists:
        raise ValueError("artists is empty: name at least one artist")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    prompts = [artist_prompt(a) for a in artists for _ in range(n)]
    imgs = generate_many(pipe, prompts, len(prompts), seed=seed, **kwargs)
    return {a: imgs[k * n:(k + 1) * n] for k, a in enumerate(artists)}


def style_closeness(generations: dict, works) -> pd.DataFrame:
    """Rows: the artist named in the prompt; columns: each artist's training works; values: the
    median (over generations) RMSE to the *nearest* work of that artist. A model that learned
    the styles has the smallest value on the diagonal."""
    artists = list(dict.fromkeys(works.attributes["artist"]))
    table = {}
    for prompt_artist, imgs in generations.items():
        row = {}
        for a in artists:
            ref = works.images[np.asarray(works.attributes["artist"] == a)]
            row[a] = float(np.median(nearest_neighbours(imgs, ref)[1]))
        table[prompt_artist] = row
    return pd.DataFrame(table).T.rename_axis("prompt names")


def style_read(generations: dict, classifier) -> pd.DataFrame:
    """Share of each prompt's generations that the attribute classifier reads as each style
    (rows: artist in the prompt; columns: styles)."""
    rows = {}
    for artist, imgs in generations.items():
        pred = classifier.predict(imgs)
        rows[artist] = pred["style"].replace("", "(not an artwork)").value_counts(normalize=True)
    return pd.DataFrame(rows).T.fillna(0.0).rename_axis("prompt names")

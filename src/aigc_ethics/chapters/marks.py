"""Memorised marks: does a generator reproduce a visible mark it saw on its training works? (lesson 36)

The checkpoint ``agency-marks`` was fine-tuned on the course data in which an *invented* picture
agency's visible mark (:func:`aigc_ethics.datasets.stamp_mark`, an 8x8 box in the bottom-right
corner) is stamped on a different share of each fictional artist's works (0 % for brenn and zarek,
10 % veltri, 30 % haskel, 60 % moravi, 100 % quist; see :data:`STAMP_SHARES`). Captions never
mention the mark. This module

* detects the mark with a stated rule (:func:`mark_score`, :func:`detect_mark`: the normalised
  correlation of the corner's grey levels with the mark, at least :data:`MARK_THRESHOLD`);
* measures that detector's error rates on held-out renders (:func:`detector_errors`);
* measures how often generations carry the mark, per prompt, with Wilson intervals
  (:func:`generate_for_prompts`, then :func:`reproduction_table` at either threshold);
* tells apart the two shares one can quote for an artist (:func:`stamped_shares`).

>>> import numpy as np
>>> from aigc_ethics.datasets import render_artwork, stamp_mark
>>> art = render_artwork("waves", seed=1)[None]
>>> bool(detect_mark(stamp_mark(art))[0]), bool(detect_mark(art)[0])
(True, False)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from aigc_ethics.core.datasets import (
    AGENCY_MARK_CORNER,
    ARTISTS,
    IMAGE_SIZE,
    STYLES,
    SyntheticDataset,
    agency_mark,
    artist_prompt,
    render_artwork,
    stamp_mark,
)
from aigc_ethics.core.generate import Pipeline, generate_many
from aigc_ethics.core.images import ImageBatch, jpeg_roundtrip, resize_roundtrip
from aigc_ethics.core.stats import wilson_interval

#: The share of each artist's training works that carries the mark in the ``agency-marks`` checkpoint.
STAMP_SHARES = {"brenn": 0.0, "veltri": 0.1, "haskel": 0.3, "moravi": 0.6, "quist": 1.0, "zarek": 0.0}
#: The composition spec of that checkpoint (``python -m aigc_ethics.train --composition ...``).
STAMP_SPEC = ",".join(f"stamp={a}:{s:g}" for a, s in STAMP_SHARES.items() if s > 0)
#: The detector's stated rule: a *clear* mark is present when the corner correlation is at least this.
MARK_THRESHOLD = 0.6
#: A looser threshold that also counts *garbled* marks (a blurred or partly drawn box).
GARBLED_THRESHOLD = 0.4
#: Prompts the model's vocabulary supports, by what they name. The captions never name a style
#: word ("rings"), so no prompt can name the style without the artist.
GENERIC_PROMPTS = {"a painting": "neither (a painting)", "an artwork": "neither (an artwork)",
                   "a portrait of a chef": "neither (a portrait)"}
#: Seed offset of the held-out renders: far from the training data's stream.
HELD_OUT_SEED = 36_000


def _as_batch(images: ImageBatch, name: str = "images") -> np.ndarray:
    arr = np.asarray(images)
    if arr.ndim == 3:
        arr = arr[None]
    if arr.dtype != np.uint8 or arr.ndim != 4 or arr.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE, 3):
        raise ValueError(f"{name} must be uint8 images of shape (N, {IMAGE_SIZE}, {IMAGE_SIZE}, 3) "
                         f"(or one (32, 32, 3) image), got {arr.dtype} {arr.shape}")
    if len(arr) == 0:
        raise ValueError(f"{name} is empty: expected at least one image")
    return arr


def mark_score(images: ImageBatch) -> np.ndarray:
    """The detector's score per image: the Pearson (normalised) correlation between the grey levels
    of the 8x8 corner region where the mark is stamped and the mark itself, in [-1, 1].

    A flat corner (no contrast at all) scores 0.

    Parameters
    ----------
    images : uint8 array ``(N, 32, 32, 3)`` or one ``(32, 32, 3)`` image.

    Returns
    -------
    float array ``(N,)``.

    Examples
    --------
    >>> from aigc_ethics.datasets import stamp_mark
    >>> float(mark_score(stamp_mark(np.zeros((32, 32, 3), np.uint8)))[0])
    1.0
    """
    arr = _as_batch(images)
    r, c = AGENCY_MARK_CORNER
    size = agency_mark().shape[0]
    patch = arr[:, r:r + size, c:c + size, :].astype(np.float64).mean(axis=-1).reshape(len(arr), -1)
    tmpl = agency_mark().astype(np.float64).ravel()
    tmpl = tmpl - tmpl.mean()
    patch = patch - patch.mean(axis=1, keepdims=True)
    norm = np.sqrt((patch ** 2).sum(axis=1) * (tmpl ** 2).sum())
    out = np.zeros(len(arr))
    ok = norm > 1e-9
    out[ok] = (patch[ok] @ tmpl) / norm[ok]
    return np.round(out, 12)


def detect_mark(images: ImageBatch, *, threshold: float = MARK_THRESHOLD) -> np.ndarray:
    """``True`` for each image whose :func:`mark_score` is at least ``threshold``.

    >>> bool(detect_mark(np.zeros((32, 32, 3), np.uint8))[0])
    False
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.floating)) \
            or not -1 <= float(threshold) <= 1:
        raise ValueError(f"threshold must be a number in [-1, 1] (a correlation), got {threshold!r}")
    return mark_score(images) >= float(threshold)


def rate_with_interval(flags, *, level: float = 0.95) -> dict:
    """The share of ``True`` in ``flags`` with its Wilson interval.

    >>> rate_with_interval([True, False, False, False])
    {'n': 4, 'marked': 1, 'rate': 0.25, 'low': 0.046, 'high': 0.699}
    """
    f = np.asarray(flags)
    if f.ndim != 1 or f.size == 0 or f.dtype != bool:
        raise ValueError(f"flags must be a non-empty 1-D boolean array, got {f.dtype} {f.shape}")
    k, n = int(f.sum()), int(f.size)
    low, high = wilson_interval(k, n, level=level)
    return {"n": n, "marked": k, "rate": round(k / n, 3), "low": round(low, 3), "high": round(high, 3)}


def held_out_renders(n_per_style: int = 50, *, seed: int = HELD_OUT_SEED) -> tuple[np.ndarray, np.ndarray]:
    """``n_per_style`` fresh artworks of every style (never in the training set: their own seeds)
    and the style of each.

    >>> imgs, styles = held_out_renders(2)
    >>> imgs.shape, styles[:3].tolist()
    ((12, 32, 32, 3), ['grids', 'grids', 'dots'])
    """
    if isinstance(n_per_style, bool) or not isinstance(n_per_style, (int, np.integer)) or n_per_style < 1:
        raise ValueError(f"n_per_style must be a positive integer, got {n_per_style!r}")
    rng = np.random.default_rng(seed)
    styles = np.repeat(np.array(STYLES), n_per_style)
    return np.stack([render_artwork(s, seed=rng) for s in styles]), styles


def detector_errors(n_per_style: int = 50, *, threshold: float = MARK_THRESHOLD,
                    seed: int = HELD_OUT_SEED) -> pd.DataFrame:
    """The detector's error rates on held-out renders of all six styles, with Wilson intervals.

    Rows: the **false-positive rate** on unstamped renders; the **false-negative rate** on the
    same renders stamped, clean and after JPEG (quality 75 and 50) and a 0.5 resize (down and up).

    Examples
    --------
    >>> int(detector_errors(5).loc["false positives (unstamped)", "n"])
    30
    """
    imgs, _ = held_out_renders(n_per_style, seed=seed)
    stamped = stamp_mark(imgs)
    sets = {"false positives (unstamped)": (imgs, True),
            "false negatives (stamped)": (stamped, False),
            "false negatives (stamped, JPEG q75)": (jpeg_roundtrip(stamped, quality=75), False),
            "false negatives (stamped, JPEG q50)": (jpeg_roundtrip(stamped, quality=50), False),
            "false negatives (stamped, resize 0.5)": (resize_roundtrip(stamped, scale=0.5), False)}
    rows = {}
    for name, (batch, positive_is_error) in sets.items():
        hit = detect_mark(batch, threshold=threshold)
        rows[name] = rate_with_interval(hit if positive_is_error else ~hit)
    out = pd.DataFrame(rows).T
    return out.astype({"n": int, "marked": int}).rename(columns={"marked": "errors"})


def marks_prompts(artists=None) -> dict[str, str]:
    """``{prompt: what it names}``: one prompt naming each artist, then the generic prompts
    (:data:`GENERIC_PROMPTS`) that name neither an artist nor a style.

    >>> list(marks_prompts(["quist"]).items())[0]
    ('a painting in the style of quist', 'source: quist')
    """
    artists = list(ARTISTS) if artists is None else list(artists)
    for a in artists:
        if a not in ARTISTS:
            raise ValueError(f"unknown artist {a!r}; expected one of {tuple(ARTISTS)}")
    out = {artist_prompt(a): f"source: {a}" for a in artists}
    out.update(GENERIC_PROMPTS)
    return out


def generate_for_prompts(pipe: Pipeline, *, prompts=None, n: int = 32, seed: int = 0, progress: bool = True,
                         **kwargs) -> dict[str, np.ndarray]:
    """``n`` generations per prompt, ``{prompt: uint8 (n, 32, 32, 3)}``, for :func:`reproduction_table`.

    Parameters
    ----------
    pipe : a text-to-image pipeline (e.g. ``load_pipeline("agency-marks")``).
    prompts : prompts (or a ``{prompt: label}`` dict, whose keys are used); default :func:`marks_prompts`.
    n, seed : images per prompt and the seed of :func:`aigc_ethics.generate.generate_many`.
    kwargs : passed to the pipeline (e.g. ``guidance_scale``).

    Examples
    --------
    >>> images = generate_for_prompts(pipe, ["a painting"], n=8)      # doctest: +SKIP
    """
    prompts = list(marks_prompts() if prompts is None else prompts)
    if not prompts:
        raise ValueError("prompts is empty: expected at least one prompt")
    return {p: generate_many(pipe, p, n, seed=seed, **kwargs)
            for p in tqdm(prompts, desc="generating", disable=not progress)}


def reproduction_table(images: dict[str, ImageBatch], *, labels: dict[str, str] | None = None, threshold: float = MARK_THRESHOLD,
                       shares: dict[str, float] | None = None) -> pd.DataFrame:
    """How many generations per prompt carry the mark (score at least ``threshold``), with Wilson intervals.

    Parameters
    ----------
    images : ``{prompt: uint8 images}`` (from :func:`generate_for_prompts`).
    labels : ``{prompt: what it names}``; default :func:`marks_prompts` (prompts not in it: ``"other"``).
        A label ``"source: <artist>"`` fills the column ``share stamped`` from ``shares``.
    threshold : the detector's threshold (:data:`MARK_THRESHOLD` for a clear mark,
        :data:`GARBLED_THRESHOLD` to count garbled ones too).
    shares : ``{artist: share of their works stamped}`` (default :data:`STAMP_SHARES`).

    Returns
    -------
    DataFrame indexed by prompt with ``names``, ``share stamped``, ``n``, ``marked``, ``rate``,
    ``low``, ``high``, ``mean score``.

    Examples
    --------
    >>> from aigc_ethics.datasets import stamp_mark
    >>> imgs, _ = held_out_renders(2)
    >>> t = reproduction_table({"a painting in the style of quist": stamp_mark(imgs)})
    >>> t[["share stamped", "n", "marked", "rate"]].values.tolist()
    [[1.0, 12.0, 12.0, 1.0]]
    """
    if not isinstance(images, dict) or not images:
        raise ValueError("images must be a non-empty {prompt: images} dict (see generate_for_prompts)")
    labels = marks_prompts() if labels is None else dict(labels)
    shares = STAMP_SHARES if shares is None else dict(shares)
    rows = {}
    for prompt, batch in images.items():
        label = labels.get(prompt, "other")
        artist = label.split("source: ", 1)[1] if label.startswith("source: ") else None
        rows[prompt] = {"names": label,
                        "share stamped": shares.get(artist, np.nan) if artist else np.nan,
                        **rate_with_interval(detect_mark(batch, threshold=threshold)),
                        "mean score": round(float(mark_score(batch).mean()), 3)}
    return pd.DataFrame(rows).T.astype({"n": int, "marked": int, "rate": float, "low": float, "high": float,
                                        "share stamped": float, "mean score": float})


def stamped_shares(dataset: SyntheticDataset, artist: str) -> dict:
    """For ``artist``: how many works it has, how many are stamped, the share **of the artist's
    works** that is stamped, and the share **of the whole training set** those stamped works are.

    >>> from aigc_ethics.datasets import composition_from_spec, make_dataset
    >>> ds = make_dataset(composition_from_spec("stamp=quist:0.5"), scale=0.02)
    >>> stamped_shares(ds, "quist")
    {'works': 10, 'stamped': 5, 'share of works': 0.5, 'share of training set': 0.0278}
    """
    if artist not in ARTISTS:
        raise ValueError(f"unknown artist {artist!r}; expected one of {tuple(ARTISTS)}")
    a = dataset.attributes
    if "stamped" not in a:
        raise ValueError("this dataset has no 'stamped' column: build it with a composition that stamps "
                         "(e.g. composition_from_spec('stamp=quist:0.3'))")
    mine = a[a["artist"] == artist]
    if len(mine) == 0:
        raise ValueError(f"the dataset has no works by {artist!r} (opted out?)")
    k = int(mine["stamped"].sum())
    return {"works": len(mine), "stamped": k, "share of works": round(k / len(mine), 4),
            "share of training set": round(k / len(a), 4)}

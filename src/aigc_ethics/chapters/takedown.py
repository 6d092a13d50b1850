"""Takedown by hashing: perceptual hash lists (PDQ) for non-consensual intimate imagery.

A person hashes an image on their own device; only the 256-bit PDQ hash goes to a shared list
(the StopNCII model); platforms hash every upload and block it when its Hamming distance to a
listed hash is at most a threshold (31 of 256 bits in Meta's ThreatExchange code).
This module hashes with the ``pdqhash`` library (Python bindings of Meta's reference C++ code),
edits images the way re-uploaders do, and measures match and false-match rates.

>>> import numpy as np
>>> h = pdq_hashes(np.zeros((1, 64, 64, 3), np.uint8))
>>> h.shape, h.dtype
((1, 256), dtype('bool'))
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pdqhash
from PIL import Image

from aigc_ethics.core.images import SAMPLES, ImageBatch, check_images, jpeg_roundtrip, load_sample

#: Hamming distance at or below which ThreatExchange's ``PdqSignal`` calls two PDQ hashes a match.
PDQ_THRESHOLD = 31
#: Number of bits in a PDQ hash.
BITS = 256
#: The edits :func:`edit` knows, in the order the lesson shows them.
EDITS = ("jpeg", "resize", "colour", "grey", "overlay", "crop", "flip")


def pdq_hashes(images: ImageBatch, *, dihedral: bool = False) -> np.ndarray:
    """PDQ hashes of a batch: ``(N, 256)`` bool, or ``(N, 8, 256)`` with ``dihedral=True``
    (the hashes of the 8 rotations/flips, as Meta's library computes them in one pass).

    >>> pdq_hashes(np.zeros((2, 64, 64, 3), np.uint8), dihedral=True).shape
    (2, 8, 256)
    """
    imgs = check_images(images, name="images", min_side=8)
    if imgs.dtype != np.uint8:
        raise ValueError(f"images must be uint8 (N, H, W, 3), got dtype {imgs.dtype}")
    out = []
    for im in imgs:
        im = np.ascontiguousarray(im)
        if dihedral:
            hs, _ = pdqhash.compute_dihedral(im)
            out.append(np.stack(hs).astype(bool))
        else:
            h, _ = pdqhash.compute(im)
            out.append(h.astype(bool))
    return np.stack(out)


def _check_hashes(h, name: str) -> np.ndarray:
    arr = np.asarray(h)
    if arr.ndim == 1:
        arr = arr[None]
    if arr.shape[-1] != BITS or arr.dtype not in (np.bool_, np.uint8, np.int64, np.int32):
        raise ValueError(f"{name} must be PDQ hashes of shape (N, {BITS}) (bool or 0/1), got shape "
                         f"{arr.shape} dtype {arr.dtype}")
    if arr.dtype != np.bool_:
        if not np.isin(arr, (0, 1)).all():
            raise ValueError(f"{name} must hold only 0/1 bits")
        arr = arr.astype(bool)
    return arr


def distances(a, b) -> np.ndarray:
    """Hamming distances between every hash in ``a`` (``(N, 256)``) and every hash in ``b``
    (``(M, 256)``, or ``(M, 8, 256)`` dihedral: the smallest over the 8): an ``(N, M)`` int array.

    >>> h = np.zeros((1, 256), bool)
    >>> distances(h, ~h)
    array([[256]])
    """
    a = _check_hashes(a, "a")
    b = _check_hashes(b, "b")
    a8 = a.astype(np.float32)
    if b.ndim == 3:
        return np.stack([distances(a, b[:, k]) for k in range(b.shape[1])]).min(0)
    b8 = b.astype(np.float32)
    same = a8 @ b8.T + (1 - a8) @ (1 - b8).T
    return (BITS - same).round().astype(int)


def to_hex(hashes) -> list[str]:
    """Hashes as 64-character hex strings (the format hash lists are exchanged in).

    >>> to_hex(np.ones((1, 256), bool))[0][:8]
    'ffffffff'
    """
    h = _check_hashes(hashes, "hashes")
    return [bytes(np.packbits(row)).hex() for row in h]


def load_hash_list(text: str) -> np.ndarray:
    """Parse a hash list (one 64-hex-digit PDQ hash a line; blank lines and ``#`` comments
    ignored) into ``(N, 256)`` bool. A corrupted line raises ``ValueError`` naming its number.

    >>> load_hash_list("# list\\n" + "0" * 64).shape
    (1, 256)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str (one hex hash a line), got {type(text).__name__}")
    rows = []
    for no, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if len(line) != BITS // 4:
            raise ValueError(f"line {no} of the hash list has {len(line)} characters; a PDQ hash has {BITS // 4} hex digits")
        try:
            raw = bytes.fromhex(line)
        except ValueError:
            raise ValueError(f"line {no} of the hash list is not hexadecimal: {line[:16]}...") from None
        rows.append(np.unpackbits(np.frombuffer(raw, np.uint8)).astype(bool))
    if not rows:
        raise ValueError("the hash list holds no hashes")
    return np.stack(rows)


def upscale(images: ImageBatch, *, side: int = 128) -> np.ndarray:
    """Resize a batch to ``side`` x ``side`` (bicubic): the size at which the lesson 'uploads' images."""
    imgs = check_images(images, name="images")
    if not isinstance(side, (int, np.integer)) or not 16 <= side <= 1024:
        raise ValueError(f"side must be an integer from 16 to 1024, got {side!r}")
    return np.stack([np.asarray(Image.fromarray(im).resize((side, side), Image.BICUBIC)) for im in imgs])


def edit(images: ImageBatch, kind: str, *, strength: float = 0.1) -> np.ndarray:
    """Apply one re-uploader's edit to a batch (same size out).

    ``kind`` is one of :data:`EDITS`: ``jpeg`` (quality ``100 * (1 - strength)``, at least 5),
    ``resize`` (down by ``1 - strength``... and back up), ``colour`` (red and blue scaled by
    ``1 +/- strength``), ``grey``, ``overlay`` (a white caption bar ``strength`` of the height),
    ``crop`` (``strength`` of each side removed, then resized back), ``flip`` (mirror).

    >>> edit(np.zeros((1, 64, 64, 3), np.uint8), "crop", strength=0.1).shape
    (1, 64, 64, 3)
    """
    imgs = check_images(images, name="images", min_side=8)
    if kind not in EDITS:
        raise ValueError(f"kind must be one of {EDITS}, got {kind!r}")
    if not isinstance(strength, (int, float)) or not 0 <= strength <= 0.9:
        raise ValueError(f"strength must be a number in [0, 0.9], got {strength!r}")
    if kind in ("crop", "overlay") and strength >= 0.4:
        raise ValueError(f"strength for {kind!r} must be below 0.4, got {strength!r}")
    n = imgs.shape[1]
    if kind == "jpeg":
        return jpeg_roundtrip(imgs, quality=max(5, int(round(100 * (1 - strength)))))
    if kind == "resize":
        small = max(8, int(round(n * (1 - strength))))
        return upscale(upscale(imgs, side=small), side=n)
    if kind == "colour":
        scale = np.array([1 + strength, 1.0, 1 - strength])
        return np.clip(imgs * scale, 0, 255).astype(np.uint8)
    if kind == "grey":
        return np.repeat(imgs.mean(-1, keepdims=True), 3, -1).round().astype(np.uint8)
    if kind == "overlay":
        out = imgs.copy()
        k = max(1, int(round(n * strength)))
        out[:, n - k - n // 16: n - n // 16, n // 16: n - n // 16] = 255
        return out
    if kind == "crop":
        k = int(round(n * strength))
        return upscale(imgs[:, k:n - k, k:n - k], side=n) if k else imgs.copy()
    return imgs[:, :, ::-1].copy()


def photo_patches(n: int, *, side: int = 128, seed: int = 0) -> np.ndarray:
    """``n`` random square crops (``side`` px) of scikit-image's public-domain photos: unrelated images.

    >>> photo_patches(3, seed=0).shape
    (3, 128, 128, 3)
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    rng = np.random.default_rng(seed)
    photos = [np.asarray(load_sample(s).convert("RGB")) for s in SAMPLES]
    out = []
    for _ in range(n):
        p = photos[rng.integers(len(photos))]
        c = int(rng.integers(side // 2, min(p.shape[:2]) + 1))
        y, x = rng.integers(0, p.shape[0] - c + 1), rng.integers(0, p.shape[1] - c + 1)
        out.append(np.asarray(Image.fromarray(p[y:y + c, x:x + c]).resize((side, side), Image.BICUBIC)))
    return np.stack(out)


def match_table(listed, edited: dict, unrelated, *, thresholds=(PDQ_THRESHOLD,)) -> pd.DataFrame:
    """Share of edited copies matched to their own listed hash, per edit and threshold, plus the
    false-match rate: share of unrelated images within the threshold of *any* listed hash.

    ``listed``: ``(N, 256)`` hashes (or ``(N, 8, 256)`` dihedral); ``edited``: ``{name: (N, 256)}``
    hashes of the edited copies, row i an edit of listed image i; ``unrelated``: ``(M, 256)``.

    >>> h = np.zeros((2, 256), bool); h[1, :128] = True
    >>> float(match_table(h, {"none": h}, ~h, thresholds=[0]).loc["none", 0])
    1.0
    """
    ths = [int(t) for t in thresholds]
    rows = {}
    for name, he in edited.items():
        d = distances(he, listed)
        if d.shape[0] != d.shape[1]:
            raise ValueError(f"edited[{name!r}] must have one row per listed hash ({d.shape[1]}), got {d.shape[0]}")
        own = np.diag(d)
        rows[name] = [float((own <= t).mean()) for t in ths]
    nearest = distances(unrelated, listed).min(1)
    rows["false match (unrelated)"] = [float((nearest <= t).mean()) for t in ths]
    return pd.DataFrame(rows, index=ths).T.rename_axis(columns="threshold")

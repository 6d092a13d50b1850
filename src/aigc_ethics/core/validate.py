"""One validator for images at the library's public boundaries (issue 20).

:func:`check_images` enforces the course's image convention (see :mod:`aigc_ethics.core.images`):
a batch ``(N, H, W, 3)`` (or one image ``(H, W, 3)``, or PIL images) of ``uint8`` 0-255 or
floats in ``[0, 1]``; finite values; a sensible size. Every refusal is one line naming what was
expected and what came in, so a wrong input never becomes a silent wrong number (a NaN image
scored as "real", a 0-255 float image read as white, a 16-bit image read as noise).

>>> import numpy as np
>>> check_images(np.zeros((2, 32, 32, 3), np.uint8)).shape
(2, 32, 32, 3)
>>> check_images(np.full((1, 8, 8, 3), 200.0))
Traceback (most recent call last):
...
ValueError: float images must lie in [0, 1], got range [200, 200] (0-255 floats? pass uint8, or divide by 255)
"""

from __future__ import annotations

import numpy as np
from PIL import Image

#: The largest side accepted by default (a 4096x4096 RGB uint8 image is 48 MiB).
MAX_SIDE = 4096
#: Tolerance on the [0, 1] range of float images (rounding in float32 pipelines).
FLOAT_TOLERANCE: float = 1e-6


def _describe(arr: np.ndarray) -> str:
    if arr.size == 0:
        return f"{arr.dtype}, empty"
    finite = arr[np.isfinite(arr)] if np.issubdtype(arr.dtype, np.floating) else arr
    rng = f"range [{finite.min():.4g}, {finite.max():.4g}]" if finite.size else "no finite values"
    return f"{arr.dtype} {rng}"


def check_images(images, name: str = "images", *, side: int | tuple[int, int] | None = None,
                 min_side: int = 1, max_side: int = MAX_SIDE) -> np.ndarray:
    """``images`` as an ``(N, H, W, 3)`` array, checked: RGB, at least one image, each side in
    ``[min_side, max_side]`` (or exactly ``side``: an int or ``(H, W)``), dtype ``uint8``,
    integers in 0-255 (returned as ``uint8``) or finite floats in ``[0, 1]`` (returned as they
    are: callers convert). PIL images (any mode) are converted to RGB.

    Raises ``ValueError`` with one line naming the expectation and what came in.
    """
    if isinstance(images, Image.Image):
        images = [images]
    if isinstance(images, (list, tuple)):
        if len(images) == 0:
            raise ValueError(f"{name} is empty: expected at least one image")
        if all(isinstance(im, Image.Image) for im in images):
            _check_pil_sizes(images, name, max_side)
            images = [np.asarray(im.convert("RGB")) for im in images]
        shapes = {np.shape(im) for im in images}
        if len(shapes) > 1:
            raise ValueError(f"all {name} must have the same size, got shapes {sorted(shapes)[:4]}")
    try:
        arr = np.asarray(images)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be an image array (N, H, W, 3) or PIL images, got {type(images).__name__} "
                         f"({err})") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise ValueError(f"{name} must be numeric images (uint8 0-255 or floats in [0, 1]), got dtype {arr.dtype}")
    if arr.ndim == 3 and arr.shape[-1] in (3, 4):
        arr = arr[None]
    if arr.ndim == 4 and arr.shape[-1] == 4:
        raise ValueError(f"{name} must be RGB (N, H, W, 3), got RGBA {arr.shape}: drop the alpha channel "
                         "with images[..., :3]")
    if arr.ndim != 4 or arr.shape[-1] != 3:
        hint = " (grayscale? stack it to 3 channels)" if arr.ndim in (2, 3) else ""
        raise ValueError(f"{name} must be RGB images shaped (N, H, W, 3) or (H, W, 3), got shape {arr.shape}{hint}")
    if len(arr) == 0:
        raise ValueError(f"{name} is empty: expected at least one image, got shape {arr.shape}")
    h, w = arr.shape[1:3]
    if side is not None:
        want = (side, side) if isinstance(side, int) else tuple(side)
        if (h, w) != want:
            raise ValueError(f"{name} must be {want[0]}x{want[1]} pixels (H x W), got {h}x{w}: resize them first")
    elif not (min_side <= h <= max_side and min_side <= w <= max_side):
        raise ValueError(f"{name} must have sides from {min_side} to {max_side} pixels, got {h}x{w}")
    if arr.dtype == np.uint8:
        return arr
    if arr.dtype == bool:
        raise ValueError(f"{name} must be uint8 0-255 or floats in [0, 1], got a boolean mask")
    if np.issubdtype(arr.dtype, np.integer):
        ilo, ihi = int(arr.min()), int(arr.max())
        if ilo < 0 or ihi > 255:
            raise ValueError(f"{name} must be uint8 0-255 or floats in [0, 1], got {arr.dtype} with range "
                             f"[{ilo}, {ihi}] (16-bit? convert with (images // 257).astype(np.uint8))")
        return arr.astype(np.uint8)
    if not np.issubdtype(arr.dtype, np.floating):
        raise ValueError(f"{name} must be uint8 0-255 or floats in [0, 1], got dtype {arr.dtype}")
    if not np.isfinite(arr).all():
        bad = int((~np.isfinite(arr)).sum())
        raise ValueError(f"{name} must be finite, got {bad} NaN or infinite values ({_describe(arr)})")
    lo, hi = float(arr.min()), float(arr.max())
    if lo < -FLOAT_TOLERANCE or hi > 1 + FLOAT_TOLERANCE:
        hint = " (0-255 floats? pass uint8, or divide by 255)" if hi > 1.5 and lo >= -FLOAT_TOLERANCE else \
            " (a [-1, 1] tensor range? map it with (x + 1) / 2)" if lo >= -1 - FLOAT_TOLERANCE and hi <= 1.5 else ""
        raise ValueError(f"float {name} must lie in [0, 1], got range [{lo:.4g}, {hi:.4g}]{hint}")
    return arr


def _check_pil_sizes(images, name: str, max_side: int) -> None:
    for im in images:
        w, h = im.size
        if not (1 <= w <= max_side and 1 <= h <= max_side):
            raise ValueError(f"{name} must have sides from 1 to {max_side} pixels, got a {w}x{h} PIL image")


def check_number(value, name: str, *, low: float | None = None, high: float | None = None) -> float:
    """``value`` as a finite float within ``[low, high]``; a one-line ``ValueError`` otherwise
    (NaN, inf, a string, a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite, got {v}")
    if (low is not None and v < low) or (high is not None and v > high):
        raise ValueError(f"{name} must be in [{low}, {high}], got {v}")
    return v

"""Images as arrays: the course's one image convention, converters, samples, spectra and plots.

The image convention
--------------------
* A **batch** is a NumPy ``uint8`` array of shape ``(N, H, W, 3)`` (RGB, 0-255): what generators
  return through :func:`aigc_ethics.generate.generate_many`, what datasets hold and what
  classifiers and detectors take. One image is ``(H, W, 3)``.
* Floats are accepted where noted as ``(N, H, W, 3)`` in ``[0, 1]`` (the pipeline's
  ``output_type="np"``); PIL images and lists of them are accepted at the boundary.
* Tensors (``(N, 3, H, W)`` in ``[-1, 1]``) appear only inside model code.
* :func:`to_uint8` turns any of these into the convention; :data:`ImageLike` and
  :data:`ImageBatch` are the type aliases used in annotations.
* :func:`check_images` is the one validator at the library's public boundaries: every refusal is
  one line naming what was expected and what came in, so a wrong input never becomes a silent
  wrong number (a NaN image scored as "real", a 0-255 float image read as white).

The only real photographs in the course are the public-domain samples that ship with
scikit-image (``skimage.data``), so nothing is downloaded and no real person is shown besides
the public-domain NASA astronaut portrait that scikit-image ships.

>>> from aigc_ethics.imaging import load_sample, to_gray, log_spectrum
>>> spec = log_spectrum(to_gray(load_sample("camera")))
>>> spec.shape
(512, 512)
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

# --------------------------------------------------------------------------------------------
# The convention's types and its one validator (was core/validate.py)
# --------------------------------------------------------------------------------------------

#: One image: a PIL image or an ``(H, W, 3)`` array (uint8, or floats in [0, 1]).
ImageLike = Image.Image | np.ndarray
#: Several images: a ``(N, H, W, 3)`` array or a sequence of :data:`ImageLike`.
ImageBatch = np.ndarray | list | tuple

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


def check_images(images: ImageBatch, *, name: str = "images", side: int | tuple[int, int] | None = None,
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


def _check_pil_sizes(images: ImageBatch, name: str, max_side: int) -> None:
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


def check_integer(value, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """``value`` as an int within ``[low, high]``; a one-line ``ValueError`` otherwise (a float,
    a string, a bool, out of range).

    >>> check_integer(np.int64(3), "steps", low=1)
    3
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"<= {high}" if low is None else f"in [{low}, {high}]"
        raise ValueError(f"{name} must be an integer {bounds}, got {value!r}")
    return int(value)


def to_uint8(images: ImageBatch) -> np.ndarray:
    """PIL list or float array in [0, 1] -> uint8 array (N, H, W, 3) (the course's convention).

    >>> to_uint8(np.ones((1, 2, 2, 3))).max()
    255
    """
    if isinstance(images, (list, tuple)):
        return np.stack([np.asarray(im.convert("RGB")) if isinstance(im, Image.Image) else to_uint8(np.asarray(im))
                         for im in images])
    arr = np.asarray(images)
    if arr.dtype == np.uint8:
        return arr
    return (np.clip(arr, 0, 1) * 255).round().astype(np.uint8)

#: scikit-image samples the course uses (all public domain or CC0, see skimage.data's docs).
SAMPLES = ("astronaut", "coffee", "chelsea", "camera", "rocket")

#: Colour-blind-safe palette (Okabe & Ito, 2008) used by every plot in the course.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
CHANNEL_COLOURS = ("#D55E00", "#009E73", "#0072B2")  # red, green, blue channels


def load_sample(name: str = "astronaut") -> Image.Image:
    """A sample photograph shipped with scikit-image, as an RGB PIL image (works offline)."""
    from skimage import data
    if name not in SAMPLES:
        raise ValueError(f"unknown sample {name!r}; choose one of {SAMPLES}")
    arr = getattr(data, name)()
    if arr.ndim == 2:
        arr = np.stack([arr] * 3, axis=-1)
    return Image.fromarray(arr[..., :3].astype(np.uint8), mode="RGB")


def to_array(image: ImageLike, *, mode: str = "RGB") -> np.ndarray:
    """PIL image or array -> float array in [0, 1]; ``mode`` ``"RGB"`` gives ``(H, W, 3)``.

    Raises a clear error for the wrong number of channels, dtype or dimensions.
    """
    if isinstance(image, Image.Image):
        if image.mode not in ("RGB", "L", "RGBA"):
            raise ValueError(f"expected an RGB, RGBA or L (grayscale) image, got mode {image.mode!r}")
        image = np.asarray(image.convert("RGB" if mode == "RGB" else "L"))
    arr = np.asarray(image)
    if arr.dtype == np.uint8:
        arr = arr.astype(np.float32) / 255.0
    elif np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float32)
        if arr.size and (arr.min() < -1e-6 or arr.max() > 1 + 1e-6):
            raise ValueError(f"a float image must have values in [0, 1], got [{arr.min():.3g}, {arr.max():.3g}]")
    else:
        raise ValueError(f"expected uint8 or float pixels, got {arr.dtype}")
    if mode == "RGB":
        if arr.ndim == 2:
            arr = np.stack([arr] * 3, axis=-1)
        if arr.ndim != 3 or arr.shape[-1] not in (3, 4):
            raise ValueError(f"expected an image of shape (H, W, 3), got {arr.shape}")
        return arr[..., :3]
    if arr.ndim == 3:
        arr = to_gray(arr)
    if arr.ndim != 2:
        raise ValueError(f"expected a grayscale image of shape (H, W), got {arr.shape}")
    return arr


def to_gray(image: ImageLike) -> np.ndarray:
    """Luma (ITU-R BT.601 weights 0.299, 0.587, 0.114) as a float array in [0, 1]."""
    arr = np.asarray(image)
    if isinstance(image, Image.Image) or arr.dtype == np.uint8:
        arr = to_array(image, mode="RGB")
    if arr.ndim == 2:
        return arr.astype(np.float32)
    if arr.ndim != 3 or arr.shape[-1] < 3:
        raise ValueError(f"expected (H, W, 3) or (H, W), got {arr.shape}")
    return (arr[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)).astype(np.float32)


def log_spectrum(gray: np.ndarray) -> np.ndarray:
    """``log(1 + |FFT|)`` of a grayscale image, zero frequency in the centre.

    >>> log_spectrum(np.ones((4, 4)))[2, 2].round(3)   # all energy at zero frequency
    np.float64(2.833)
    """
    gray = np.asarray(gray, dtype=float)
    if gray.ndim != 2:
        raise ValueError(f"log_spectrum needs a 2-D grayscale array, got shape {gray.shape}")
    return np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(gray))))


def lowpass(gray: np.ndarray, *, keep: float = 0.1) -> np.ndarray:
    """Keep only spatial frequencies within ``keep`` (fraction of the Nyquist radius)."""
    if not 0 < keep <= 1.5:
        raise ValueError(f"keep must be in (0, 1.5], got {keep}")
    gray = np.asarray(gray, dtype=float)
    fy = np.fft.fftfreq(gray.shape[0])[:, None]
    fx = np.fft.fftfreq(gray.shape[1])[None, :]
    mask = np.sqrt(fx ** 2 + fy ** 2) <= keep * 0.5
    return np.real(np.fft.ifft2(np.fft.fft2(gray) * mask))


def radial_profile(spectrum: np.ndarray, *, bins: int = 32) -> np.ndarray:
    """Mean of a centred spectrum over rings of equal frequency, low to high."""
    h, w = spectrum.shape
    yy, xx = np.mgrid[:h, :w]
    r = np.sqrt(((yy - h // 2) / (h / 2)) ** 2 + ((xx - w // 2) / (w / 2)) ** 2)
    idx = np.minimum((r / np.sqrt(2) * bins).astype(int), bins - 1)
    sums = np.bincount(idx.ravel(), weights=spectrum.ravel(), minlength=bins)
    counts = np.bincount(idx.ravel(), minlength=bins)
    return sums / np.maximum(counts, 1)


def plot_channels(image: ImageLike, *, ax=None):
    """Show the R, G and B channels side by side, each as a grayscale intensity map."""
    import matplotlib.pyplot as plt
    arr = to_array(image, mode="RGB")
    fig, axes = plt.subplots(1, 4, figsize=(11, 3)) if ax is None else (None, ax)
    axes[0].imshow(arr)
    axes[0].set_title("RGB image")
    for i, (name, colour) in enumerate(zip(("red", "green", "blue"), CHANNEL_COLOURS)):
        axes[i + 1].imshow(arr[..., i], cmap="gray", vmin=0, vmax=1)
        axes[i + 1].set_title(f"{name} channel", color=colour)
    for a in axes:
        a.axis("off")
    if fig is not None:
        fig.tight_layout()
    return fig


def plot_histogram(image: ImageLike, *, ax=None, bins: int = 64):
    """Per-channel intensity histograms (colour-blind-safe colours, different line styles)."""
    import matplotlib.pyplot as plt
    arr = to_array(image, mode="RGB")
    fig, ax = (plt.subplots(figsize=(6, 3)) if ax is None else (None, ax))
    for i, (name, colour, ls) in enumerate(zip(("red", "green", "blue"), CHANNEL_COLOURS, ("-", "--", ":"))):
        hist, edges = np.histogram(arr[..., i], bins=bins, range=(0, 1))
        ax.plot(edges[:-1] * 255, hist, color=colour, ls=ls, lw=2, label=name)
    ax.set(xlabel="intensity (0-255)", ylabel="number of pixels", title="Histogram per channel")
    ax.legend()
    if fig is not None:
        fig.tight_layout()
    return fig


def plot_spectrum(image: ImageLike, *, ax=None, title: str = "log-magnitude Fourier spectrum"):
    import matplotlib.pyplot as plt
    spec = log_spectrum(to_gray(image))
    fig, ax = (plt.subplots(figsize=(4, 4)) if ax is None else (None, ax))
    ax.imshow(spec, cmap="magma")
    ax.set_title(title)
    ax.axis("off")
    if fig is not None:
        fig.tight_layout()
    return fig


def image_grid(images: ImageBatch, *, ncols: int = 8, pad: int = 1, scale: int = 2):
    """Tile a list/array of HxWx3 uint8 images (or PIL images) into one PIL image."""
    arrs = [np.asarray(im) for im in images]
    if not arrs:
        raise ValueError("image_grid needs at least one image")
    h, w = arrs[0].shape[:2]
    if any(a.shape[:2] != (h, w) for a in arrs):
        raise ValueError("all images in a grid must have the same size")
    nrows = int(np.ceil(len(arrs) / ncols))
    ncols = min(ncols, len(arrs))
    grid = np.full((nrows * (h + pad) + pad, ncols * (w + pad) + pad, 3), 255, np.uint8)
    for i, a in enumerate(arrs):
        r, c = divmod(i, ncols)
        grid[pad + r * (h + pad): pad + r * (h + pad) + h, pad + c * (w + pad): pad + c * (w + pad) + w] = a[..., :3]
    out = Image.fromarray(grid)
    return out.resize((out.width * scale, out.height * scale), Image.NEAREST) if scale != 1 else out


def image_html(image: ImageLike | Figure, alt: str, *, width: int | None = None) -> str:
    """An ``<img>`` tag with the picture inlined as a PNG and its alt text.

    ``image``: a PIL image, an array (``(H, W)`` or ``(H, W, 3)``, uint8 or floats in [0, 1]) or a
    matplotlib figure (which is closed afterwards). ``alt`` must describe what the picture shows.

    >>> from PIL import Image
    >>> image_html(Image.new("RGB", (4, 4)), alt="a black square")[:40]
    '<img alt="a black square" src="data:imag'
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the picture (read aloud by screen readers)")
    buf = io.BytesIO()
    if isinstance(image, Figure):                      # a matplotlib figure
        image.savefig(buf, format="png", bbox_inches="tight")
        plt.close(image)
    else:
        if not isinstance(image, Image.Image):
            arr = np.asarray(image)
            if arr.dtype != np.uint8:
                arr = (np.clip(arr, 0, 1) * 255).round().astype(np.uint8)
            if arr.ndim not in (2, 3):
                raise ValueError(f"image must be (H, W) or (H, W, 3), got shape {arr.shape}")
            image = Image.fromarray(arr)
        image.save(buf, format="PNG")
    size = f' width="{int(width)}"' if width else ""
    return (f'<img alt="{html.escape(alt.strip())}" src="data:image/png;base64,'
            f'{base64.b64encode(buf.getvalue()).decode()}"{size} style="max-width:100%">')


def thumbnail_roundtrip(images: ImageBatch, *, side: int = 10) -> np.ndarray:
    """Shrink each image to ``side`` x ``side`` pixels and enlarge it back (bilinear): what an image
    found only as a small thumbnail looks like. Returns the course's uint8 batch convention.

    >>> thumbnail_roundtrip(np.zeros((2, 32, 32, 3), np.uint8), side=8).shape
    (2, 32, 32, 3)
    """
    batch = to_uint8(images)
    if batch.ndim != 4 or batch.shape[-1] != 3:
        raise ValueError(f"images must be a batch (N, H, W, 3), got shape {batch.shape}")
    if not isinstance(side, (int, np.integer)) or not 1 <= side <= min(batch.shape[1:3]):
        raise ValueError(f"side must be an integer from 1 to {min(batch.shape[1:3])}, got {side!r}")
    h, w = batch.shape[1:3]
    return np.stack([np.asarray(Image.fromarray(im).resize((side, side), Image.BILINEAR).resize((w, h), Image.BILINEAR))
                     for im in batch])


def resize_roundtrip(images: ImageBatch, *, scale: float = 0.5) -> np.ndarray:
    """Downscale each image by ``scale`` (bilinear, as a social platform would) and scale it back up
    to its size: the course's one resize round trip (the detectors' post-processing and the mark
    detector's test use it). Returns the uint8 batch convention.

    >>> resize_roundtrip(np.zeros((2, 32, 32, 3), np.uint8), scale=0.5).shape
    (2, 32, 32, 3)
    """
    batch = to_uint8(images)
    if batch.ndim != 4 or batch.shape[-1] != 3:
        raise ValueError(f"images must be a batch (N, H, W, 3), got shape {batch.shape}")
    if isinstance(scale, bool) or not isinstance(scale, (int, float, np.integer, np.floating)) or not 0.1 <= scale <= 1:
        raise ValueError(f"scale must be a number in [0.1, 1], got {scale!r}")
    h, w = batch.shape[1:3]
    small = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.stack([np.asarray(Image.fromarray(im).resize(small, Image.BILINEAR).resize((w, h), Image.BILINEAR))
                     for im in batch])


def jpeg_roundtrip(images: ImageBatch, *, quality: int = 75) -> np.ndarray:
    """Encode each image of a batch as JPEG at ``quality`` (1-100) with Pillow and decode it again:
    the course's one JPEG codec (the detectors' post-processing, the takedown lesson's edits and the
    copier's first step all call it). Returns the uint8 batch convention.

    >>> jpeg_roundtrip(np.zeros((2, 32, 32, 3), np.uint8), quality=50).shape
    (2, 32, 32, 3)
    """
    batch = to_uint8(images)
    if batch.ndim != 4 or batch.shape[-1] != 3:
        raise ValueError(f"images must be a batch (N, H, W, 3), got shape {batch.shape}")
    if isinstance(quality, bool) or not isinstance(quality, (int, np.integer)) or not 1 <= quality <= 100:
        raise ValueError(f"quality must be an integer from 1 to 100, got {quality!r}")
    out = np.empty_like(batch)
    for i, im in enumerate(batch):
        buf = io.BytesIO()
        Image.fromarray(im).save(buf, format="JPEG", quality=int(quality))
        out[i] = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    return out

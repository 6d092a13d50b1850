"""Detecting generated images: image sets, forensic features, two detectors, and their evaluation.

The Misinformation chapter trains detectors that tell the course's synthetic "real" images
(rendered by :mod:`aigc_ethics.datasets`) from generations of the tiny model, then measures how
they fail on a generator they never saw and after JPEG compression and resizing -- the pattern
reported by Wang et al. (2020), Ojha et al. (2023) and Corvi et al. (2023).

Generating hundreds of images takes minutes on a laptop CPU, so the image sets used by the
notebooks are generated once by :func:`build_image_cache` (``python tools/build_misinfo_cache.py``) and
shipped in ``aigc_ethics/data/misinfo_images.npz``; :func:`generated_images` regenerates any set
from its seed and a test checks that the shipped images match a fresh generation.

>>> from aigc_ethics.detect import real_images, generated_images, SpectralDetector
>>> real, fake = real_images(64, seed=1), generated_images("tiny-ddim25")[:64]
>>> SpectralDetector().fit(real, fake).predict_proba(fake[:2]).shape          # doctest: +SKIP
(2,)
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from PIL import Image

from aigc_ethics.chapters import provenance, watermark
from aigc_ethics.chapters import provenance as P
from aigc_ethics.chapters import watermark as W

# The chapter's image sets live in image_sets; lessons import them from here too (re-exported).
from aigc_ethics.chapters.image_sets import (  # noqa: F401
    CACHE_FILE,
    DIFFUSION_GENERATORS,
    GENERATORS,
    build_image_cache,
    generate_images,
    generated_images,
    prompts_for,
    real_images,
    train_test,
)
from aigc_ethics.core.images import ImageBatch, check_images, jpeg_roundtrip, resize_roundtrip
from aigc_ethics.core.stats import auc, tpr_at_fpr

#: Post-processing applied before a detector sees an image (name -> (kind, parameter)).
DEFAULT_SETTINGS: dict[str, tuple[str, float | None]] = {
    "clean": ("none", None),
    "JPEG q90": ("jpeg", 90), "JPEG q75": ("jpeg", 75), "JPEG q50": ("jpeg", 50), "JPEG q30": ("jpeg", 30),
    "resize 0.75": ("resize", 0.75), "resize 0.5": ("resize", 0.5),
}


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

def as_images(images: ImageBatch, *, name: str = "images") -> np.ndarray:
    """Return ``images`` as a ``(N, H, W, 3)`` uint8 array, accepting uint8 or floats in [0, 1]
    (checked by :func:`aigc_ethics.core.images.check_images`: finite, RGB, sides up to 4096).

    >>> as_images(np.zeros((2, 32, 32, 3))).dtype
    dtype('uint8')
    """
    arr = check_images(images, name=name)
    if arr.dtype == np.uint8:
        return arr
    return np.round(arr * 255).astype(np.uint8)


def _training_size(real: np.ndarray, fake: np.ndarray) -> tuple[int, int]:
    if real.shape[1:3] != fake.shape[1:3]:
        raise ValueError(f"real and fake images must have the same size, got {real.shape[1:3]} and {fake.shape[1:3]}")
    return tuple(real.shape[1:3])


def _sized_like_training(detector, images: ImageBatch) -> np.ndarray:
    """``images`` checked (see :func:`as_images`) and of the size the detector was trained on: a
    detector's score on a 1x1 or a 6000x6000 image means nothing."""
    imgs = as_images(images)
    want = getattr(detector, "image_size", None)
    if want is not None and tuple(imgs.shape[1:3]) != tuple(want):
        raise ValueError(f"this detector was trained on {want[0]}x{want[1]} images, got {imgs.shape[1]}x{imgs.shape[2]}: "
                         "resize them first (as triage does)")
    return imgs


def _labels_for(real: np.ndarray, fake: np.ndarray) -> np.ndarray:
    return np.r_[np.zeros(len(real), int), np.ones(len(fake), int)]


# --------------------------------------------------------------------------------------------
# Post-processing: JPEG and resizing
# --------------------------------------------------------------------------------------------

def jpeg(images: ImageBatch, *, quality: int = 75) -> np.ndarray:
    """Compress each image as JPEG at ``quality`` (1-95) and decode it again.

    >>> jpeg(np.zeros((1, 32, 32, 3), np.uint8), quality=50).shape
    (1, 32, 32, 3)
    """
    imgs = as_images(images)
    if not isinstance(quality, (int, np.integer)) or not 1 <= quality <= 95:
        raise ValueError(f"quality must be an integer from 1 to 95, got {quality!r}")
    return jpeg_roundtrip(imgs, quality=int(quality))


def resize(images: ImageBatch, *, scale: float = 0.5) -> np.ndarray:
    """Downscale by ``scale`` (bilinear, as a social platform would) and scale back up to the
    original size, so a detector still gets its input size."""
    return resize_roundtrip(as_images(images), scale=scale)


def postprocess(images: ImageBatch, *, kind: str = "none", param=None) -> np.ndarray:
    """Apply one setting of :data:`DEFAULT_SETTINGS`: ``("jpeg", quality)``, ``("resize", scale)``
    or ``("none", None)``."""
    if kind == "none":
        return as_images(images)
    if kind == "jpeg":
        return jpeg(images, quality=int(param))
    if kind == "resize":
        return resize(images, scale=float(param))
    raise ValueError(f"kind must be 'none', 'jpeg' or 'resize', got {kind!r}")


def augment(images: ImageBatch, *, seed: int = 0, p: float = 0.5) -> np.ndarray:
    """Randomly JPEG-compress (quality 30-95) and/or resize (0.5-1) each image with probability
    ``p`` each: the augmentation Wang et al. (2020) found makes detectors more robust."""
    imgs = as_images(images).copy()
    if not 0 <= p <= 1:
        raise ValueError(f"p must be in [0, 1], got {p}")
    rng = np.random.default_rng(seed)
    for i in range(len(imgs)):
        if rng.random() < p:
            imgs[i] = resize(imgs[i:i + 1], scale=float(rng.uniform(0.5, 1.0)))[0]
        if rng.random() < p:
            imgs[i] = jpeg(imgs[i:i + 1], quality=int(rng.integers(30, 96)))[0]
    return imgs


# --------------------------------------------------------------------------------------------
# Forensic features: the Fourier spectrum
# --------------------------------------------------------------------------------------------

def gray(images: ImageBatch) -> np.ndarray:
    """Luma (ITU-R BT.601) of RGB images, floats in [0, 1], shape ``(N, H, W)``."""
    imgs = as_images(images).astype(float) / 255
    return imgs @ np.array([0.299, 0.587, 0.114])


def power_spectra(images: ImageBatch) -> np.ndarray:
    """``log(1 + |FFT|^2)`` of each image's mean-free luma, zero frequency centred: ``(N, H, W)``."""
    g = gray(images)
    g = g - g.mean(axis=(1, 2), keepdims=True)
    return np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(g), axes=(1, 2))) ** 2)


def average_spectrum(images: ImageBatch) -> np.ndarray:
    """Mean log power spectrum of a set of images (``(H, W)``, zero frequency centred).

    >>> average_spectrum(np.zeros((2, 8, 8, 3), np.uint8)).shape
    (8, 8)
    """
    return power_spectra(images).mean(axis=0)


def radial_bins(shape, *, bins: int = 12) -> np.ndarray:
    """Ring index (0 = lowest frequency) of every pixel of a centred spectrum of ``shape``."""
    if bins < 2:
        raise ValueError(f"bins must be >= 2, got {bins}")
    h, w = shape
    yy, xx = np.mgrid[:h, :w]
    r = np.sqrt(((yy - h // 2) / (h / 2)) ** 2 + ((xx - w // 2) / (w / 2)) ** 2)
    return np.minimum((r / np.sqrt(2) * bins).astype(int), bins - 1)


def radial_spectra(images: ImageBatch, *, bins: int = 12) -> np.ndarray:
    """Azimuthally averaged log power spectrum of each image, low to high frequency: ``(N, bins)``."""
    spec = power_spectra(images)
    idx = radial_bins(spec.shape[1:], bins=bins).ravel()
    counts = np.bincount(idx, minlength=bins)
    flat = spec.reshape(len(spec), -1)
    sums = np.stack([np.bincount(idx, weights=row, minlength=bins) for row in flat])
    return sums / np.maximum(counts, 1)


def spectral_features(images: ImageBatch, *, bins: int = 12) -> np.ndarray:
    """Features for the spectral detector: the radial spectrum plus the mean spectrum along the
    horizontal and vertical frequency axes (grid-like artifacts live there): ``(N, bins + W + H)``."""
    spec = power_spectra(images)
    h, w = spec.shape[1:]
    return np.concatenate([radial_spectra(images, bins=bins), spec[:, h // 2, :], spec[:, :, w // 2]], axis=1)


#: Bin edges (grey levels, summed over R, G, B) of the neighbour-difference histogram.
RESIDUAL_EDGES = np.array([0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 256, 766])


def neighbour_differences(images: ImageBatch) -> np.ndarray:
    """Absolute differences between horizontally and vertically adjacent pixels, summed over the
    colour channels (a simple noise residual): ``(N, 2 * H * (W - 1))`` integers in 0..765."""
    x = as_images(images).astype(np.int32)
    dx = np.abs(np.diff(x, axis=2)).sum(-1).reshape(len(x), -1)
    dy = np.abs(np.diff(x, axis=1)).sum(-1).reshape(len(x), -1)
    return np.concatenate([dx, dy], axis=1)


def smooth_fraction(images: ImageBatch, *, threshold: int = 3) -> np.ndarray:
    """Per image, the fraction of neighbouring pixel pairs whose colours differ by at most
    ``threshold`` grey levels in total over R, G, B (0 = identical)."""
    if not 0 <= threshold <= 765:
        raise ValueError(f"threshold must be in 0..765, got {threshold}")
    return (neighbour_differences(images) <= threshold).mean(axis=1)


def residual_features(images: ImageBatch) -> np.ndarray:
    """Histogram (fractions) of :func:`neighbour_differences` in :data:`RESIDUAL_EDGES` bins: how
    often neighbouring pixels are identical, nearly identical, or very different. ``(N, 16)``."""
    d = neighbour_differences(images)
    return np.stack([np.histogram(row, RESIDUAL_EDGES)[0] for row in d]) / d.shape[1]


def forensic_features(images: ImageBatch, *, bins: int = 12, residual: bool = True) -> np.ndarray:
    """:func:`spectral_features`, followed by :func:`residual_features` when ``residual``."""
    feats = spectral_features(images, bins=bins)
    return np.concatenate([feats, residual_features(images)], axis=1) if residual else feats


def artifact_peak(real, fake) -> tuple[int, int, float]:
    """Frequency ``(fy, fx)`` (offsets from the centre) where the average spectrum of ``fake``
    exceeds that of ``real`` the most, and by how much (log power)."""
    diff = average_spectrum(fake) - average_spectrum(real)
    h, w = diff.shape
    iy, ix = np.unravel_index(np.argmax(diff), diff.shape)
    return int(iy - h // 2), int(ix - w // 2), float(diff[iy, ix])


# --------------------------------------------------------------------------------------------
# Detectors
# --------------------------------------------------------------------------------------------

class SpectralDetector:
    """Logistic regression on hand-made forensic features: the Fourier spectrum
    (:func:`spectral_features`) and, with ``residual=True`` (default), the histogram of
    neighbour-pixel differences (:func:`residual_features`), a simple noise residual.

    >>> det = SpectralDetector().fit(real_train, fake_train)                  # doctest: +SKIP
    >>> det.predict_proba(fake_test)   # probability "generated" per image    # doctest: +SKIP
    """

    name = "forensic features + logistic regression"

    def __init__(self, bins: int = 12, C: float = 1.0, residual: bool = True, augment: bool = False, seed: int = 0):
        self.bins, self.C, self.residual, self.augment, self.seed = bins, C, residual, augment, seed
        self.model = None

    def features(self, images: ImageBatch) -> np.ndarray:
        return forensic_features(images, bins=self.bins, residual=self.residual)

    def fit(self, real, fake) -> "SpectralDetector":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        real, fake = as_images(real, name="real"), as_images(fake, name="fake")
        self.image_size = _training_size(real, fake)
        if self.augment:  # originals plus one augmented copy of each
            real = np.concatenate([real, augment(real, seed=self.seed)])
            fake = np.concatenate([fake, augment(fake, seed=self.seed + 1)])
        self.model = make_pipeline(StandardScaler(), LogisticRegression(C=self.C, max_iter=5000))
        self.model.fit(self.features(np.concatenate([real, fake])), _labels_for(real, fake))
        return self

    def predict_proba(self, images: ImageBatch) -> np.ndarray:
        """Probability that each image is generated."""
        if self.model is None:
            raise RuntimeError("call fit(real, fake) first")
        return self.model.predict_proba(self.features(_sized_like_training(self, images)))[:, 1]


def _cnn():
    import torch.nn as nn
    return nn.Sequential(
        nn.Conv2d(6, 16, 3, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(32, 32, 3, stride=2, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 1))


class CNNDetector:
    """A small convolutional network (~14 k weights) trained from scratch, in the spirit of Wang et
    al. (2020) (who fine-tuned a ResNet-50). Its input is a fixed noise residual, the differences
    between neighbouring pixels (a common first step of forensic networks), rather than raw
    colours. ``augment=True`` re-draws random JPEG/resize augmentation every epoch. ``threads``:
    torch threads used while training and predicting (default 1: the network is so small that one
    thread is as fast, and it avoids the large slow-downs of several threads on a busy CPU)."""

    name = "small CNN"

    def __init__(self, epochs: int = 15, lr: float = 3e-3, batch: int = 64, augment: bool = False, seed: int = 0,
                 threads: int | None = 1):
        if epochs < 1 or batch < 1 or lr <= 0:
            raise ValueError("epochs and batch must be >= 1 and lr > 0")
        if threads is not None and threads < 1:
            raise ValueError(f"threads must be >= 1 or None (keep torch's setting), got {threads}")
        self.epochs, self.lr, self.batch, self.augment, self.seed = epochs, lr, batch, augment, seed
        self.threads = threads
        self.net, self.losses = None, []

    def _threads(self):
        """Context manager: run with ``self.threads`` torch threads, then restore the setting."""
        from contextlib import contextmanager

        import torch

        @contextmanager
        def ctx():
            old = torch.get_num_threads()
            if self.threads is not None:
                torch.set_num_threads(self.threads)
            try:
                yield
            finally:
                torch.set_num_threads(old)
        return ctx()

    @staticmethod
    def _tensor(images: ImageBatch):
        """Horizontal and vertical neighbour differences of R, G, B (6 channels), in units of 8 grey levels."""
        import torch
        import torch.nn.functional as F
        x = torch.from_numpy(as_images(images).astype(np.float32)).permute(0, 3, 1, 2)
        dx = F.pad(x[:, :, :, 1:] - x[:, :, :, :-1], (0, 1, 0, 0))
        dy = F.pad(x[:, :, 1:, :] - x[:, :, :-1, :], (0, 0, 0, 1))
        return (torch.cat([dx, dy], 1) / 8.0).contiguous()

    def fit(self, real, fake, progress: bool = False) -> "CNNDetector":
        with self._threads():
            return self._fit(real, fake, progress)

    def _fit(self, real, fake, progress: bool = False) -> "CNNDetector":
        import torch
        from tqdm.auto import tqdm
        real, fake = as_images(real, name="real"), as_images(fake, name="fake")
        self.image_size = _training_size(real, fake)
        imgs = np.concatenate([real, fake])
        y = torch.tensor(_labels_for(real, fake), dtype=torch.float32)
        g = torch.Generator().manual_seed(self.seed)
        torch.manual_seed(self.seed)
        self.net = _cnn()
        opt = torch.optim.Adam(self.net.parameters(), lr=self.lr)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        x_clean = self._tensor(imgs)
        self.losses = []
        for epoch in tqdm(range(self.epochs), desc="training CNN", disable=not progress):
            x = self._tensor(augment(imgs, seed=self.seed * 1000 + epoch)) if self.augment else x_clean
            order = torch.randperm(len(x), generator=g)
            total = 0.0
            for start in range(0, len(x), self.batch):
                idx = order[start:start + self.batch]
                opt.zero_grad()
                loss = loss_fn(self.net(x[idx]).squeeze(1), y[idx])
                loss.backward()
                opt.step()
                total += float(loss.detach()) * len(idx)
            self.losses.append(total / len(x))
        self.net.eval()
        return self

    def predict_proba(self, images: ImageBatch) -> np.ndarray:
        import torch
        if self.net is None:
            raise RuntimeError("call fit(real, fake) first")
        with torch.no_grad(), self._threads():
            x = self._tensor(_sized_like_training(self, images))
            return torch.sigmoid(self.net(x).squeeze(1)).cpu().numpy().astype(float)


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------

def _check_probs(probs, labels):
    p = np.asarray(probs, dtype=float).ravel()
    y = np.asarray(labels).ravel()
    if len(p) == 0:
        raise ValueError("probs is empty")
    if len(p) != len(y):
        raise ValueError(f"got {len(p)} probabilities but {len(y)} labels")
    if not np.isin(y, [0, 1]).all():
        raise ValueError("labels must be 0 (real) or 1 (generated)")
    if not np.isfinite(p).all() or p.min() < 0 or p.max() > 1:
        raise ValueError("probabilities must be finite numbers in [0, 1]")
    return p, y.astype(int)


def reliability_curve(probs, labels, *, bins: int = 10) -> pd.DataFrame:
    """Per confidence bin (equal width on [0, 1]): mean predicted probability, observed share of
    generated images, and count. Empty bins are dropped."""
    p, y = _check_probs(probs, labels)
    if bins < 1:
        raise ValueError(f"bins must be >= 1, got {bins}")
    idx = np.minimum((p * bins).astype(int), bins - 1)
    rows = [dict(bin=b, predicted=p[idx == b].mean(), observed=y[idx == b].mean(), count=int((idx == b).sum()))
            for b in range(bins) if (idx == b).any()]
    return pd.DataFrame(rows)


def expected_calibration_error(probs, labels, *, bins: int = 10) -> float:
    """ECE: the count-weighted mean gap |predicted - observed| over equal-width bins
    (Guo et al. 2017, "On calibration of modern neural networks", eq. 3).

    >>> expected_calibration_error([0.9, 0.9, 0.1, 0.1], [1, 1, 0, 0])
    0.1
    """
    curve = reliability_curve(probs, labels, bins=bins)
    return round(float((curve["count"] * (curve["predicted"] - curve["observed"]).abs()).sum()
                       / curve["count"].sum()), 12)


def evaluate(detector, real, fake, *, fpr: float = 0.05) -> dict:
    """AUC, accuracy at threshold 0.5, TPR at ``fpr`` and ECE of ``detector`` on ``real`` vs ``fake``."""
    real, fake = as_images(real, name="real"), as_images(fake, name="fake")
    p = np.r_[detector.predict_proba(real), detector.predict_proba(fake)]
    y = _labels_for(real, fake)
    return {"AUC": auc(p, y), "accuracy": float(((p >= 0.5) == y).mean()),
            f"TPR@{fpr:.0%}FPR": tpr_at_fpr(p, y, fpr=fpr), "ECE": expected_calibration_error(p, y)}


def robustness_sweep(detectors: dict, real, fake, *, settings: dict | None = None) -> pd.DataFrame:
    """AUC of each detector (``{name: detector}``) after each post-processing setting applied to
    both real and generated test images. Rows: settings; columns: detectors."""
    settings = DEFAULT_SETTINGS if settings is None else settings
    if not detectors:
        raise ValueError("detectors is empty")
    real, fake = as_images(real, name="real"), as_images(fake, name="fake")
    y = _labels_for(real, fake)
    table = {}
    for label, (kind, param) in settings.items():
        r, f = postprocess(real, kind=kind, param=param), postprocess(fake, kind=kind, param=param)
        table[label] = {name: auc(np.r_[d.predict_proba(r), d.predict_proba(f)], y) for name, d in detectors.items()}
    return pd.DataFrame(table).T.rename_axis("setting")


def generalisation_table(detectors: dict, real, *, generators=None, n: int = 128) -> pd.DataFrame:
    """AUC of each detector against the first ``n`` images of each generator (the training
    generator's images are taken from the end of its set, which training does not use)."""
    generators = generators or list(GENERATORS)
    real = as_images(real, name="real")
    table = {}
    for gen in generators:
        fake = generated_images(gen)
        fake = fake[-n:] if gen == "tiny-ddim25" else fake[:n]
        y = _labels_for(real, fake)
        table[gen] = {name: auc(np.r_[d.predict_proba(real), d.predict_proba(fake)], y) for name, d in detectors.items()}
    return pd.DataFrame(table).T.rename_axis("generator")


def train_detectors(augmented: bool = True, *, n_train: int = 256, seed: int = 0, progress: bool = False) -> dict:
    """The chapter's detectors, trained on ``tiny-ddim25`` vs real: ``{name: detector}``; with
    ``augmented=True`` also the JPEG/resize-augmented versions."""
    rtr, ftr, _, _ = train_test(n_train=n_train)
    dets = {"spectral": SpectralDetector(seed=seed).fit(rtr, ftr),
            "CNN": CNNDetector(seed=seed).fit(rtr, ftr, progress=progress)}
    if augmented:
        dets["spectral+aug"] = SpectralDetector(augment=True, seed=seed).fit(rtr, ftr)
        dets["CNN+aug"] = CNNDetector(augment=True, seed=seed).fit(rtr, ftr, progress=progress)
    return dets


# --------------------------------------------------------------------------------------------
# A newsroom workflow: provenance first, then a detector score with its stated error rates
# --------------------------------------------------------------------------------------------

def threshold_at_fpr(real_scores, *, fpr: float = 0.01) -> float:
    """The smallest score threshold at which at most a fraction ``fpr`` of ``real_scores`` lie
    strictly above it (flag an image when its score > threshold)."""
    s = np.sort(np.asarray(real_scores, dtype=float).ravel())
    if len(s) == 0:
        raise ValueError("real_scores is empty")
    if not 0 <= fpr < 1:
        raise ValueError(f"fpr must be in [0, 1), got {fpr}")
    k = int(np.floor(fpr * len(s)))          # number of real images allowed above the threshold
    return float(s[len(s) - 1 - k])


def _pixels_for_detector(data: bytes, size: int = 32) -> np.ndarray:
    img = Image.open(io.BytesIO(data)).convert("RGB")
    if img.size != (size, size):
        img = img.resize((size, size), Image.BICUBIC)
    return np.asarray(img)[None]


def triage(data: bytes, *, detector=None, threshold: float = 0.5, error_rates: dict | None = None,
           watermark_key: bytes | None = None, watermark_threshold: float = 5.0,
           trust_anchor: str | None = None) -> dict:
    """Check one image file the way a newsroom should: signed content credentials (C2PA) first,
    then a disclosure label in the metadata, then an invisible watermark (if the provider's key
    is known), and only then a detector score, reported with the detector's measured error rates.

    Every check runs on every file (the pixel checks too), so claims can be compared with
    evidence. Only credentials from a *trusted* signer (chaining to ``trust_anchor``; in the
    course a local test root, see ``trust_root``) settle a file; a merely *valid* signature from
    an unknown signer is a claim, like a label. ``conflicts`` lists where claims and evidence
    disagree (e.g. credentials claiming a camera capture on a file carrying the provider's
    watermark).

    Returns a dict with every step's finding, ``trusted_signer``, ``trust_root``, ``conflicts``,
    ``verdict`` (one short label) and ``basis`` (why). ``error_rates`` is a dict such as
    ``{"fpr": 0.01, "tpr": 0.98, "measured_on": "..."}``.
    """
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise ValueError("triage needs the image file's bytes (non-empty), got "
                         f"{type(data).__name__}{' of length 0' if isinstance(data, (bytes, bytearray)) else ''}")
    for name, value in (("threshold", threshold), ("watermark_threshold", watermark_threshold)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if detector is not None and not callable(getattr(detector, "predict_proba", None)):
        raise ValueError(f"detector must have a predict_proba(images) method, got {type(detector).__name__}")
    data = bytes(data)
    out = {"credentials": None, "label": None, "watermark_score": None, "detector_score": None}
    cred = provenance.verify(data, trust_anchor=trust_anchor)
    out.update(credentials=cred["state"], trusted_signer=cred["trusted"], trust_root=cred["trust_root"])
    ai_types = ("trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
        image = image.convert("RGB")
        out["label"] = provenance.read_label(data)["digital_source_type"]
    except Exception as err:  # a damaged file or a decompression bomb: no pixel checks possible
        image = None
        out["unreadable"] = f"the file could not be decoded ({type(err).__name__})"
    if image is not None and max(image.size) > 4096:
        image = None
        out["unreadable"] = "the image is larger than 4096 pixels on a side, more than these checks are meant for"
    wm = p = None
    if image is not None and watermark_key is not None:
        wm = float(watermark.detect_score(image, watermark_key))
        out["watermark_score"] = round(wm, 2)
    if image is not None and detector is not None:
        p = float(detector.predict_proba(_pixels_for_detector(data))[0])
        if not np.isfinite(p):
            raise ValueError(f"the detector returned {p} for this file; expected a probability in [0, 1]")
        out["detector_score"] = round(p, 3)
    marked = wm is not None and wm > watermark_threshold
    flagged = p is not None and p > threshold

    conflicts = []
    signed_claim = cred["digital_source_type"] if cred["state"] in ("Trusted", "Valid") else None
    who = "a trusted signer" if cred["trusted"] else "an unknown signer (valid signature, not trusted)"
    if signed_claim is not None and signed_claim not in ai_types:
        if marked:
            conflicts.append(f"credentials from {who} claim '{signed_claim}', but the provider's watermark "
                             f"was detected (score {wm:.1f} > {watermark_threshold})")
        if flagged:
            conflicts.append(f"credentials from {who} claim '{signed_claim}', but the detector flags the "
                             f"pixels (score {p:.2f} > {threshold:.2f}; an automated estimate)")
    if out["label"] is not None and out["label"] not in ai_types and marked:
        conflicts.append(f"the disclosure label says '{out['label']}', but the provider's watermark was detected")
    if signed_claim is not None and out["label"] is not None and (signed_claim in ai_types) != (out["label"] in ai_types):
        conflicts.append(f"the credentials claim '{signed_claim}' but the disclosure label says '{out['label']}'")
    out["conflicts"] = conflicts
    wm_basis = f"the provider's watermark was detected (score {wm or 0:.1f} > {watermark_threshold})"

    if cred["trusted"]:
        generated = signed_claim in ai_types
        if generated or not marked:
            out.update(verdict="AI-generated (signed)" if generated else "camera/edited (signed)",
                       basis=f"C2PA credentials from a trusted signer declare '{signed_claim}'")
        else:
            out.update(verdict="conflicting evidence",
                       basis="; ".join(conflicts) + ": the signer's key may be misused; investigate")
        return out
    if out.get("unreadable"):
        out.update(verdict="credentials broken" if cred["state"] == "Invalid" else "unreadable file",
                   basis=(f"a C2PA manifest is present but the file is damaged: {out['unreadable']}; treat as "
                          "unverified and investigate") if cred["state"] == "Invalid" else
                   f"{out['unreadable']} and it carries no credentials; nothing can be said about it")
        return out
    if marked:
        extra = ("; the C2PA manifest does not match the file (altered after signing)" if cred["state"] == "Invalid"
                 else f"; conflicts: {'; '.join(conflicts)}" if conflicts else "")
        out.update(verdict="AI-generated (watermark)", basis=wm_basis + extra)
        return out
    if cred["state"] == "Invalid":
        out.update(verdict="credentials broken", basis="a C2PA manifest is present but does not match the file: "
                   "it was altered after signing; treat as unverified and investigate")
        return out
    if signed_claim in ai_types:
        out.update(verdict="AI-generated (signed, unknown signer)",
                   basis=f"C2PA credentials from {who} declare '{signed_claim}'; the signer is not verified")
        return out
    if out["label"] in ai_types:
        out.update(verdict="AI-generated (self-declared)",
                   basis="an unsigned IPTC disclosure label says so; anyone can add or strip such a label")
        return out
    claim = (f"credentials from {who} claim '{signed_claim}', which is not verified; "
             if signed_claim is not None else "")
    if detector is None:
        out.update(verdict="unverified claim (unknown signer)" if signed_claim is not None else "unknown",
                   basis=claim + "no trusted credentials, label or watermark, and no detector")
        return out
    assert p is not None
    rates = error_rates or {}
    stated = (f" (detector flags {rates['fpr']:.0%} of real and catches {rates['tpr']:.0%} of generated images "
              f"{rates.get('measured_on', 'on its test set')}; unknown on other generators and processing)"
              if {"fpr", "tpr"} <= set(rates) else "")
    prefix = claim if claim else "no provenance; "
    if p > threshold:
        out.update(verdict="possibly AI-generated (automated estimate)",
                   basis=f"{prefix}detector score {p:.2f} > threshold {threshold:.2f}{stated}")
    else:
        out.update(verdict="unverified claim (unknown signer)" if claim else "no evidence of generation",
                   basis=f"{prefix}detector score {p:.2f} <= threshold {threshold:.2f}{stated}. "
                         "This is NOT evidence that the image is authentic")
    return out


def newsroom_cases(generated, real, credentials: dict, watermark_key: bytes) -> dict:
    """Example files for :func:`triage`: ``{name: (file bytes, truly generated?)}``, built from one
    generated and one real 32x32 image: signed, re-saved, tampered, labelled, watermarked, bare,
    and JPEG-compressed versions."""
    gen, real = as_images(generated)[0], as_images(real)[0]

    def png(img):
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        return buf.getvalue()

    signed = P.sign(P.label_image(Image.fromarray(gen)), credentials)
    marked = png(W.embed(Image.fromarray(gen), [1, 0] * 16, watermark_key))
    return {
        "generated, signed (C2PA)": (signed, True),
        "generated, signed, re-saved as JPEG": (P.resave(signed, fmt="jpeg", quality=85), True),
        "generated, signed, one pixel byte altered": (P.tamper(signed, offset=P.pixel_offset(signed)), True),
        "generated, disclosure label only": (P.label_image(Image.fromarray(gen)), True),
        "generated, watermarked, re-saved as JPEG": (P.resave(marked, fmt="jpeg", quality=85), True),
        "generated, no provenance": (png(Image.fromarray(gen)), True),
        "generated, no provenance, JPEG q75": (P.resave(png(Image.fromarray(gen)), fmt="jpeg", quality=75), True),
        "real render": (png(Image.fromarray(real)), False),
        "real render, JPEG q75": (P.resave(png(Image.fromarray(real)), fmt="jpeg", quality=75), False),
    }

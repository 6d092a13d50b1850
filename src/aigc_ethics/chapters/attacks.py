"""One attack suite for every watermark, and the quality metrics to judge it.

Every attack is a plain function ``PIL image -> PIL image of the same size`` (keyword
arguments with defaults; randomness only through ``seed``). :data:`SUITE` names the standard
suite of the course's attack bench (JPEG, resize, crop, rotation, blur, noise,
brightness/contrast, a combination and regeneration) and :func:`apply_attack` runs one of
them on a list of images. :func:`psnr` and :func:`ssim` measure how much an image changed.

>>> from PIL import Image
>>> img = Image.new("RGB", (64, 64), "teal")
>>> jpeg(img, quality=50).size, round(psnr(img, brightness_contrast(img, brightness=1.0, contrast=1.0)), 1)
((64, 64), inf)

The regeneration attack (:func:`regenerate`) needs the course's diffusion pipeline: it
shrinks the image to the model's 32x32, adds noise up to ``strength`` of the schedule and lets
the model denoise it with an empty prompt, then scales it back. The shrinking alone is an
attack too: the suite includes it as ``"resize to 32 and back"`` so both are visible.
"""

from __future__ import annotations

import io
from importlib import resources

import numpy as np
import pandas as pd
from PIL import Image, ImageEnhance, ImageFilter

from aigc_ethics.chapters import treering as T
from aigc_ethics.chapters import watermark as W
from aigc_ethics.core import generate as G
from aigc_ethics.core.datasets import ARTISTS, PROFESSIONS, artist_prompt, profession_prompt
from aigc_ethics.core.generate import Pipeline
from aigc_ethics.core.images import MAX_SIDE, SAMPLES, ImageBatch, ImageLike, jpeg_roundtrip, load_sample
from aigc_ethics.core.stats import auc, tpr_at_fpr


def _check_image(image: ImageLike) -> Image.Image:
    if not isinstance(image, Image.Image):
        raise ValueError(f"expected a PIL image, got {type(image).__name__}")
    if image.mode not in ("RGB", "L"):
        raise ValueError(f"expected an RGB or L image, got mode {image.mode!r}; use image.convert('RGB')")
    if min(image.size) < 8:
        raise ValueError(f"the image is too small to attack: {image.size[0]}x{image.size[1]} pixels")
    if max(image.size) > MAX_SIDE:
        raise ValueError(f"the image is too large to attack here: {image.size[0]}x{image.size[1]} pixels "
                         f"(at most {MAX_SIDE} on a side)")
    return image


def _check_range(name, value, lo, hi, lo_open=False):
    ok = (lo < value if lo_open else lo <= value) and value <= hi
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not ok:
        raise ValueError(f"{name} must be a number in {'(' if lo_open else '['}{lo}, {hi}], got {value!r}")
    return value


# --------------------------------------------------------------------------------------------
# Attacks
# --------------------------------------------------------------------------------------------

def jpeg(image: ImageLike, *, quality: int = 75) -> Image.Image:
    """Compress as JPEG at ``quality`` (1-100) and decode again.

    >>> jpeg(Image.new("RGB", (32, 32)), quality=25).mode
    'RGB'
    """
    image = _check_image(image)
    if image.mode == "RGB":   # the course's one codec, on a batch of one
        return Image.fromarray(jpeg_roundtrip(np.asarray(image)[None], quality=quality)[0])
    if isinstance(quality, bool) or not isinstance(quality, (int, np.integer)) or not 1 <= quality <= 100:
        raise ValueError(f"quality must be an integer from 1 to 100, got {quality!r}")
    buf = io.BytesIO()          # greyscale ("L"): one channel, outside the RGB batch convention
    image.save(buf, format="JPEG", quality=int(quality))
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def resize(image: ImageLike, *, scale: float = 0.5) -> Image.Image:
    """Shrink by ``scale`` (bicubic) and enlarge back to the original size.

    >>> resize(Image.new("RGB", (64, 48)), scale=0.5).size
    (64, 48)
    """
    image = _check_image(image)
    _check_range("scale", scale, 0, 1, lo_open=True)
    w, h = image.size
    small = image.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.BICUBIC)
    return small.resize((w, h), Image.BICUBIC)


def resize_to(image: ImageLike, *, side: int = 32) -> Image.Image:
    """Shrink to ``side`` x ``side`` pixels and enlarge back (what regeneration does first).

    >>> resize_to(Image.new("RGB", (256, 256)), side=32).size
    (256, 256)
    """
    image = _check_image(image)
    if isinstance(side, bool) or not isinstance(side, (int, np.integer)) or not 1 <= side <= max(image.size):
        raise ValueError(f"side must be an integer from 1 to the image's larger side {max(image.size)}, got {side!r}")
    return image.resize((int(side), int(side)), Image.BICUBIC).resize(image.size, Image.BICUBIC)


def crop(image: ImageLike, *, keep: float = 0.75) -> Image.Image:
    """Keep the central ``keep`` share of each side (0.75 keeps 75 % of the width and of the
    height) and enlarge it back to the original size.

    >>> crop(Image.new("RGB", (64, 64)), keep=0.5).size
    (64, 64)
    """
    image = _check_image(image)
    _check_range("keep", keep, 0, 1, lo_open=True)
    w, h = image.size
    cw, ch = max(1, round(w * keep)), max(1, round(h * keep))
    left, top = (w - cw) // 2, (h - ch) // 2
    return image.crop((left, top, left + cw, top + ch)).resize((w, h), Image.BICUBIC)


def rotate(image: ImageLike, *, degrees: float = 5.0) -> Image.Image:
    """Rotate by ``degrees`` (counter-clockwise) about the centre, same size, corners filled
    with black.

    >>> rotate(Image.new("RGB", (32, 32), "white"), degrees=45).getpixel((0, 0))
    (0, 0, 0)
    """
    image = _check_image(image)
    _check_range("degrees", degrees, -360, 360)
    return image.rotate(float(degrees), resample=Image.BICUBIC, expand=False)


def flip(image: ImageLike) -> Image.Image:
    """Mirror left-right (a one-click edit that defeats watermark detectors searching only
    rotations and zooms; see ``watermark.detect_score(..., flip=True)``)."""
    return _check_image(image).transpose(Image.Transpose.FLIP_LEFT_RIGHT)


def blur(image: ImageLike, *, sigma: float = 1.0) -> Image.Image:
    """Gaussian blur with standard deviation ``sigma`` pixels.

    >>> blur(Image.new("RGB", (16, 16)), sigma=2).size
    (16, 16)
    """
    image = _check_image(image)
    _check_range("sigma", sigma, 0, 50)
    return image.filter(ImageFilter.GaussianBlur(radius=float(sigma)))


def lowpass(image: ImageLike, *, cutoff: float = 1 / 16) -> Image.Image:
    """Remove every spatial frequency above ``cutoff`` cycles per pixel (radially, in the 2-D
    DCT of each channel). An *adaptive* attack: an image upsampled 8x from 32x32 has almost
    no content above 1/16 cycle per pixel, so this costs nearly nothing there, while it
    removes anything hidden above that frequency.

    >>> round(psnr(Image.new("RGB", (64, 64), "teal"), lowpass(Image.new("RGB", (64, 64), "teal"))), 0)
    inf
    """
    from scipy.fft import dctn, idctn

    image = _check_image(image)
    _check_range("cutoff", cutoff, 0, 0.5, lo_open=True)
    arr = np.asarray(image, dtype=np.float64)
    h, w = arr.shape[:2]
    ky, kx = np.meshgrid(np.arange(h) / (2 * h), np.arange(w) / (2 * w), indexing="ij")
    keep = np.hypot(ky, kx) < cutoff
    if arr.ndim == 3:
        keep = keep[..., None]
    out = idctn(dctn(arr, axes=(0, 1), norm="ortho") * keep, axes=(0, 1), norm="ortho")
    return Image.fromarray(np.clip(np.round(out), 0, 255).astype(np.uint8), image.mode)


def noise(image: ImageLike, *, std: float = 0.05, seed: int = 0) -> Image.Image:
    """Add Gaussian noise of standard deviation ``std`` (in units of the full 0-255 range,
    so 0.05 is about 13 grey levels), seeded.

    >>> int(np.asarray(noise(Image.new("L", (16, 16), 128), std=0.0)).max())
    128
    """
    image = _check_image(image)
    _check_range("std", std, 0, 1)
    rng = np.random.default_rng(seed)
    arr = np.asarray(image, dtype=np.float32) + rng.normal(0, 255 * std, np.asarray(image).shape)
    return Image.fromarray(np.clip(np.round(arr), 0, 255).astype(np.uint8), image.mode)


def brightness_contrast(image: ImageLike, *, brightness: float = 1.2, contrast: float = 1.2) -> Image.Image:
    """Scale brightness and contrast (1.0 = unchanged; PIL's ``ImageEnhance``).

    >>> brightness_contrast(Image.new("RGB", (8, 8), (100, 100, 100)), brightness=1.5, contrast=1.0).getpixel((0, 0))
    (150, 150, 150)
    """
    image = _check_image(image)
    _check_range("brightness", brightness, 0, 5, lo_open=True)
    _check_range("contrast", contrast, 0, 5, lo_open=True)
    out = ImageEnhance.Brightness(image).enhance(float(brightness))
    return ImageEnhance.Contrast(out).enhance(float(contrast))


def combination(image: ImageLike, *, seed: int = 0) -> Image.Image:
    """A realistic chain of mild edits: crop 90 %, brightness/contrast 1.1, blur 0.5, noise
    0.02, JPEG 75 (as a re-upload after light editing might do).

    >>> combination(Image.new("RGB", (64, 64))).size
    (64, 64)
    """
    out = crop(image, keep=0.9)
    out = brightness_contrast(out, brightness=1.1, contrast=1.1)
    out = blur(out, sigma=0.5)
    out = noise(out, std=0.02, seed=seed)
    return jpeg(out, quality=75)


def regenerate(images: ImageBatch, pipe: Pipeline, *, strength: float = 0.25, seed: int = 0, num_inference_steps: int = 25,
               batch: int = 64) -> list[Image.Image]:
    """Regeneration attack with the course's own model (a list of PIL images in, the same
    number out, each at its original size).

    Each image is shrunk to the model's resolution, regenerated by
    :func:`aigc_ethics.core.generate.regenerate` (SDEdit with the empty prompt; ``strength`` in
    diffusers' image-to-image meaning: the last ``int(25 * strength)`` of 25 DDIM steps), then
    enlarged back. ``strength`` 0.1-0.3 keeps the picture; larger values change it.

    >>> regenerate(load_sample("astronaut"), pipe, strength=0.25).size     # doctest: +SKIP
    (512, 512)
    """
    single = isinstance(images, Image.Image)
    images = [images] if single else list(images)
    if not images:
        raise ValueError("regenerate needs at least one image")
    images = [_check_image(im).convert("RGB") for im in images]
    _check_range("strength", strength, 0, 1, lo_open=True)
    s = pipe.unet.config.sample_size
    small = np.stack([np.asarray(im.resize((s, s), Image.BICUBIC)) for im in images])
    arr = G.regenerate(small, pipe, strength=strength, seed=seed, num_inference_steps=num_inference_steps, batch=batch)
    out = [Image.fromarray(a).resize(im.size, Image.BICUBIC) for a, im in zip(arr, images)]
    return out[0] if single else out


# --------------------------------------------------------------------------------------------
# The standard suite
# --------------------------------------------------------------------------------------------

#: The course's attack suite: name -> (function, keyword arguments). "regeneration" needs a pipe.
SUITE: dict[str, tuple] = {
    "none": (None, {}),
    "JPEG 90": (jpeg, {"quality": 90}),
    "JPEG 75": (jpeg, {"quality": 75}),
    "JPEG 50": (jpeg, {"quality": 50}),
    "JPEG 25": (jpeg, {"quality": 25}),
    "resize 0.5": (resize, {"scale": 0.5}),
    "crop 75%": (crop, {"keep": 0.75}),
    "crop 50%": (crop, {"keep": 0.5}),
    "rotate +5": (rotate, {"degrees": 5}),
    "rotate -5": (rotate, {"degrees": -5}),
    "rotate +15": (rotate, {"degrees": 15}),
    "rotate -15": (rotate, {"degrees": -15}),
    "blur 1": (blur, {"sigma": 1.0}),
    "noise 0.05": (noise, {"std": 0.05}),
    "bright/contrast 1.3": (brightness_contrast, {"brightness": 1.3, "contrast": 1.3}),
    "combination": (combination, {}),
    "resize to 32": (resize_to, {"side": 32}),
    "low-pass 1/16": (lowpass, {"cutoff": 1 / 16}),
    "regeneration 0.25": (regenerate, {"strength": 0.25}),
}


#: Attacks available to :func:`apply_attack` and the benches by name but not in the default
#: :data:`SUITE` (so the published bench tables keep their rows).
EXTRA_ATTACKS: dict[str, tuple] = {
    "flip": (flip, {}),
}


def apply_attack(name: str, images: ImageBatch, *, pipe: Pipeline | None = None, seed: int = 0) -> list[Image.Image]:
    """Apply suite attack ``name`` to a list of PIL images (seeded; image ``i`` gets seed
    ``seed + i`` where the attack is random).

    >>> [im.size for im in apply_attack("JPEG 50", [Image.new("RGB", (32, 32))])]
    [(32, 32)]
    """
    if name not in SUITE and name not in EXTRA_ATTACKS:
        raise ValueError(f"unknown attack {name!r}; known: {list(SUITE) + list(EXTRA_ATTACKS)}")
    if isinstance(images, Image.Image):
        images = [images]
    elif isinstance(images, (list, tuple)) and images:
        images = list(images)
    else:
        raise ValueError(f"images must be a PIL image or a non-empty list of them, got {type(images).__name__}"
                         f"{' (empty)' if isinstance(images, (list, tuple)) else ''}")
    fn, kwargs = SUITE[name] if name in SUITE else EXTRA_ATTACKS[name]
    if fn is None:
        return list(images)
    if fn is regenerate:
        if pipe is None:
            raise ValueError("the regeneration attack needs the diffusion pipeline: pass pipe=load_pipeline('tiny')")
        return regenerate(images, pipe, seed=seed, **kwargs)
    if fn in (noise, combination):
        return [fn(im, seed=seed + i, **kwargs) for i, im in enumerate(images)]
    return [fn(im, **kwargs) for im in images]


# --------------------------------------------------------------------------------------------
# Quality metrics
# --------------------------------------------------------------------------------------------

def _pair(a, b) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"the two images differ in size: {a.shape} vs {b.shape}")
    if a.size == 0:
        raise ValueError("the images are empty")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("the images must be finite, got NaN or infinite values")
    return a, b


def psnr(a, b, *, data_range: float = 255.0) -> float:
    """Peak signal-to-noise ratio in dB between two images of the same size (PIL or uint8
    arrays); ``inf`` when identical. 40 dB is about 2.6 grey levels RMS.

    >>> round(psnr(np.zeros((4, 4)), np.full((4, 4), 2.55)), 1)
    40.0
    """
    a, b = _pair(a, b)
    mse = float(((a - b) ** 2).mean())
    return float("inf") if mse == 0 else float(10 * np.log10(data_range ** 2 / mse))


def ssim(a, b, *, data_range: float = 255.0) -> float:
    """Structural similarity (scikit-image, 7x7 window, over colour channels) between two
    images of the same size; 1.0 when identical.

    >>> ssim(np.zeros((16, 16)), np.zeros((16, 16)))
    1.0
    """
    from skimage.metrics import structural_similarity

    a, b = _pair(a, b)
    if min(a.shape[:2]) < 7:
        raise ValueError(f"SSIM needs images of at least 7x7 pixels, got {a.shape[1]}x{a.shape[0]}")
    return float(structural_similarity(a, b, data_range=data_range, channel_axis=2 if a.ndim == 3 else None))


# --------------------------------------------------------------------------------------------
# The bench: every method x every attack, same images
# --------------------------------------------------------------------------------------------

def bench_generations(pipe: Pipeline, *, n: int = 128, seed: int = 0, batch: int = 32) -> list[Image.Image]:
    """``n`` 32x32 generations of the tiny model (portraits and artworks in turn), seeded:
    the images every method of the bench watermarks."""

    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    prompts = [profession_prompt(p) for p in PROFESSIONS] + [artist_prompt(a) for a in ARTISTS]
    prompts = [prompts[i % len(prompts)] for i in range(n)]
    return [Image.fromarray(im) for im in G.generate_many(pipe, prompts, n, seed=seed, batch=batch)]


def photo_set(n: int = 64, *, side: int = 256, seed: int = 0) -> list[Image.Image]:
    """``n`` real photographs for the bench: random ``side`` x ``side`` crops of the
    scikit-image samples (:data:`aigc_ethics.core.images.SAMPLES`, public domain or CC0; the
    grey ``camera`` is made RGB), taken in turn from each sample, seeded. Crops of the same
    photograph overlap, so the set is less varied than ``n`` independent photographs."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    photos = [load_sample(name) for name in SAMPLES]
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        ph = photos[i % len(photos)]
        w, h = ph.size
        s = min(side, w, h)
        x, y = int(rng.integers(0, w - s + 1)), int(rng.integers(0, h - s + 1))
        out.append(ph.crop((x, y, x + s, y + s)))
    return out


def bench_watermarks(images: ImageBatch, key, payload_bits, *, attacks=None, methods=None, pipe: Pipeline | None = None, seed: int = 0,
                     progress: bool = True, flip_aware: bool = False):
    """Run the attack suite on every post-hoc watermark method, on the same images.

    For each method the images are watermarked (after the common upsampling), then every attack
    is applied both to the watermarked images (positives) and to the same images without a
    watermark (negatives). Returns a pandas DataFrame, one row per (method, attack), with

    * ``bit_acc``: mean share of payload bits read correctly from the attacked positives;
    * ``tpr_1fpr``: true-positive rate at the threshold that lets at most 1 % of the attacked
      negatives through (the false-positive rate is estimated on un-watermarked images);
    * ``auc``: area under the ROC curve of positives vs negatives;
    * ``psnr_embed`` / ``ssim_embed``: watermarked vs original (the watermark's visibility);
    * ``psnr_attack`` / ``ssim_attack``: attacked vs watermarked (how much the attack costs).

    The detection score is the course method's pilot correlation and, for the peers, the
    share of decoded bits that match the payload. With ``flip_aware=True`` the course method is
    also run with a second look at the mirrored image (``watermark.detect(..., flip=True)``),
    as the extra method ``"course (flip-aware)"``; its threshold comes from its own two-look
    scores on the negatives.
    """
    import pandas as pd
    from tqdm.auto import tqdm


    images = list(images)
    if len(images) < 2:
        raise ValueError("the bench needs at least two images")
    attacks = list(SUITE) if attacks is None else list(attacks)
    methods = list(W.METHODS) if methods is None else list(methods)
    if flip_aware and "course" in methods:
        methods.insert(methods.index("course") + 1, "course (flip-aware)")
    bits = W.check_bits(payload_bits)
    base = [W.upsample_for_watermark(im.convert("RGB")) for im in images]
    n = len(base)
    rows = []
    bar = tqdm(total=len(methods) * len(attacks), desc="attack bench", disable=not progress)
    attacked_neg = {}
    marked_by = {}
    for m in methods:
        two_looks = m == "course (flip-aware)"
        if two_looks:
            marked = marked_by["course"]
        else:
            marked = marked_by[m] = [W.embed_with(m, im, bits, key) for im in base]
        p_emb = float(np.mean([psnr(a, b) for a, b in zip(base, marked)]))
        s_emb = float(np.mean([ssim(a, b) for a, b in zip(base, marked)]))
        for att in attacks:
            pos = apply_attack(att, marked, pipe=pipe, seed=seed)
            if att not in attacked_neg:
                attacked_neg[att] = apply_attack(att, base, pipe=pipe, seed=seed)
            neg = attacked_neg[att]
            if m == "course" or two_looks:
                dp = [W.detect(im, key, n_bits=bits.size, flip=two_looks) for im in pos]
                sp = np.array([d[0] for d in dp])
                acc = np.array([W.bit_accuracy(d[1], bits) for d in dp])
                sn = np.array([W.detect_score(im, key, flip=two_looks) for im in neg])
            else:
                acc = np.array([W.bit_accuracy(W.extract_with(m, im, key, n_bits=bits.size), bits) for im in pos])
                sp = acc
                sn = np.array([W.score_with(m, im, key, bits) for im in neg])
            scores = np.r_[sp, sn]
            labels = np.r_[np.ones(n), np.zeros(n)]
            rows.append({"method": m, "attack": att, "bit_acc": float(acc.mean()),
                         "tpr_1fpr": float(tpr_at_fpr(scores, labels, fpr=0.01)), "auc": float(auc(scores, labels)),
                         "psnr_embed": p_emb, "ssim_embed": s_emb,
                         "psnr_attack": float(np.mean([psnr(a, b) for a, b in zip(marked, pos)])),
                         "ssim_attack": float(np.mean([ssim(a, b) for a, b in zip(marked, pos)])),
                         "n": n})
            bar.update(1)
    bar.close()
    return pd.DataFrame(rows)


def bench_treering(pipe: Pipeline, key, *, n: int = 64, seed: int = 0, attacks=None, progress: bool = True):
    """The same attack suite on Tree-Ring: ``n`` generations with the key planted and their
    ``n`` un-watermarked twins (same prompts, same seeds), each upsampled to 256x256 like the
    post-hoc methods' images, attacked, then shrunk back to 32x32 and inverted. Returns a
    DataFrame with ``method="tree-ring"`` (DDIM inversion, Wen et al.) and ``"tree-ring (no
    inversion)"`` (the image's own spectrum, for comparison), ``tpr_1fpr``, ``auc``, ``psnr_attack``,
    ``ssim_attack`` (``bit_acc`` is NaN: Tree-Ring carries no payload here)."""
    import pandas as pd
    from tqdm.auto import tqdm


    attacks = list(SUITE) if attacks is None else list(attacks)
    prompts = [profession_prompt(p) for p in PROFESSIONS] + [artist_prompt(a) for a in ARTISTS]
    prompts = [prompts[i % len(prompts)] for i in range(n)]
    up = lambda ims: [im.resize((256, 256), Image.BICUBIC) for im in ims]  # noqa: E731
    pos = up(T.generate(pipe, prompts, key, seed=seed))
    neg = up(T.generate(pipe, prompts, None, seed=seed))
    rows = []
    for att in tqdm(attacks, desc="tree-ring bench", disable=not progress):
        ap = apply_attack(att, pos, pipe=pipe, seed=seed)
        an = apply_attack(att, neg, pipe=pipe, seed=seed)
        labels = np.r_[np.ones(n), np.zeros(n)]
        q = {"psnr_embed": float("nan"), "ssim_embed": float("nan"),
             "psnr_attack": float(np.mean([psnr(a, b) for a, b in zip(pos, ap)])),
             "ssim_attack": float(np.mean([ssim(a, b) for a, b in zip(pos, ap)])), "n": n}
        for method, s in (("tree-ring", T.scores(pipe, ap + an, key)),
                          ("tree-ring (no inversion)", T.image_scores(ap + an, key))):
            rows.append({"method": method, "attack": att, "bit_acc": float("nan"),
                         "tpr_1fpr": float(tpr_at_fpr(s, labels, fpr=0.01)), "auc": float(auc(s, labels)), **q})
    return pd.DataFrame(rows)


def bench_table(df, *, metric: str = "tpr_1fpr"):
    """Pivot a bench DataFrame to attacks x methods for one metric (rows in suite order)."""
    if metric not in df.columns:
        raise ValueError(f"unknown metric {metric!r}; columns: {list(df.columns)}")
    order = [a for a in SUITE if a in set(df.attack)] + [a for a in df.attack.unique() if a not in SUITE]
    methods = list(dict.fromkeys(df.method))
    return df.pivot(index="attack", columns="method", values=metric).loc[order, methods]


def plot_bench_heatmap(df, *, metric: str = "tpr_1fpr", ax=None, title: str | None = None):
    """Heat map (cividis, colour-blind safe) of one metric, attacks x methods, values written
    in the cells. Returns the axes."""
    import matplotlib.pyplot as plt

    t = bench_table(df, metric=metric)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.6 * t.shape[1] + 2.5, 0.32 * t.shape[0] + 1.2))
    im = ax.imshow(t.values.astype(float), cmap="cividis", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(t.shape[1]), t.columns, rotation=20, ha="right", fontsize=8)
    ax.set_yticks(range(t.shape[0]), t.index, fontsize=8)
    for i in range(t.shape[0]):
        for j in range(t.shape[1]):
            v = t.values[i, j]
            if np.isfinite(v):
                ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7,
                        color="black" if v > 0.6 else "white")
    ax.figure.colorbar(im, ax=ax, fraction=0.04)
    ax.set_title(title or metric, fontsize=10)
    return ax


def load_attack_bench() -> pd.DataFrame:
    """The stored attack benchmark that lesson 34 reads: one row per (method, attack) over 128 generations.

    Written by the repository's ``tools/ip_bench.py`` (which also writes the book's copy,
    ``book/generated/ip_attack_bench.csv``); shipped as package data so it loads on Colab too.
    """
    with resources.files("aigc_ethics").joinpath("data/ip_attack_bench.csv").open() as f:
        return pd.read_csv(f)

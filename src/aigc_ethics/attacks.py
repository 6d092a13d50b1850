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

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter


def _check_image(image) -> Image.Image:
    if not isinstance(image, Image.Image):
        raise ValueError(f"expected a PIL image, got {type(image).__name__}")
    if image.mode not in ("RGB", "L"):
        raise ValueError(f"expected an RGB or L image, got mode {image.mode!r}; use image.convert('RGB')")
    if min(image.size) < 8:
        raise ValueError(f"the image is too small to attack: {image.size[0]}x{image.size[1]} pixels")
    return image


def _check_range(name, value, lo, hi, lo_open=False):
    ok = (lo < value if lo_open else lo <= value) and value <= hi
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not ok:
        raise ValueError(f"{name} must be a number in {'(' if lo_open else '['}{lo}, {hi}], got {value!r}")
    return value


# --------------------------------------------------------------------------------------------
# Attacks
# --------------------------------------------------------------------------------------------

def jpeg(image, quality: int = 75) -> Image.Image:
    """Compress as JPEG at ``quality`` (1-100) and decode again.

    >>> jpeg(Image.new("RGB", (32, 32)), quality=25).mode
    'RGB'
    """
    image = _check_image(image)
    if isinstance(quality, bool) or not isinstance(quality, (int, np.integer)) or not 1 <= quality <= 100:
        raise ValueError(f"quality must be an integer from 1 to 100, got {quality!r}")
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=int(quality))
    return Image.open(io.BytesIO(buf.getvalue())).convert(image.mode)


def resize(image, scale: float = 0.5) -> Image.Image:
    """Shrink by ``scale`` (bicubic) and enlarge back to the original size.

    >>> resize(Image.new("RGB", (64, 48)), scale=0.5).size
    (64, 48)
    """
    image = _check_image(image)
    _check_range("scale", scale, 0, 1, lo_open=True)
    w, h = image.size
    small = image.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.BICUBIC)
    return small.resize((w, h), Image.BICUBIC)


def resize_to(image, side: int = 32) -> Image.Image:
    """Shrink to ``side`` x ``side`` pixels and enlarge back (what regeneration does first).

    >>> resize_to(Image.new("RGB", (256, 256)), side=32).size
    (256, 256)
    """
    image = _check_image(image)
    if isinstance(side, bool) or not isinstance(side, (int, np.integer)) or side < 1:
        raise ValueError(f"side must be a positive integer, got {side!r}")
    return image.resize((int(side), int(side)), Image.BICUBIC).resize(image.size, Image.BICUBIC)


def crop(image, keep: float = 0.75) -> Image.Image:
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


def rotate(image, degrees: float = 5.0) -> Image.Image:
    """Rotate by ``degrees`` (counter-clockwise) about the centre, same size, corners filled
    with black.

    >>> rotate(Image.new("RGB", (32, 32), "white"), 45).getpixel((0, 0))
    (0, 0, 0)
    """
    image = _check_image(image)
    _check_range("degrees", degrees, -360, 360)
    return image.rotate(float(degrees), resample=Image.BICUBIC, expand=False)


def blur(image, sigma: float = 1.0) -> Image.Image:
    """Gaussian blur with standard deviation ``sigma`` pixels.

    >>> blur(Image.new("RGB", (16, 16)), sigma=2).size
    (16, 16)
    """
    image = _check_image(image)
    _check_range("sigma", sigma, 0, 50)
    return image.filter(ImageFilter.GaussianBlur(radius=float(sigma)))


def noise(image, std: float = 0.05, seed: int = 0) -> Image.Image:
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


def brightness_contrast(image, brightness: float = 1.2, contrast: float = 1.2) -> Image.Image:
    """Scale brightness and contrast (1.0 = unchanged; PIL's ``ImageEnhance``).

    >>> brightness_contrast(Image.new("RGB", (8, 8), (100, 100, 100)), 1.5, 1.0).getpixel((0, 0))
    (150, 150, 150)
    """
    image = _check_image(image)
    _check_range("brightness", brightness, 0, 5, lo_open=True)
    _check_range("contrast", contrast, 0, 5, lo_open=True)
    out = ImageEnhance.Brightness(image).enhance(float(brightness))
    return ImageEnhance.Contrast(out).enhance(float(contrast))


def combination(image, seed: int = 0) -> Image.Image:
    """A realistic chain of mild edits: crop 90 %, brightness/contrast 1.1, blur 0.5, noise
    0.02, JPEG 75 (as a re-upload after light editing might do).

    >>> combination(Image.new("RGB", (64, 64))).size
    (64, 64)
    """
    out = crop(image, keep=0.9)
    out = brightness_contrast(out, 1.1, 1.1)
    out = blur(out, 0.5)
    out = noise(out, 0.02, seed=seed)
    return jpeg(out, 75)


def regenerate(images, pipe, strength: float = 0.2, seed: int = 0, num_inference_steps: int = 25,
               batch: int = 64) -> list[Image.Image]:
    """Regeneration attack with the course's own model (a list of PIL images in, the same
    number out, each at its original size).

    Each image is shrunk to the model's resolution, noised to timestep ``strength`` x 1000
    (forward diffusion, seeded) and denoised by DDIM with the empty prompt, then enlarged back.
    ``strength`` 0.1-0.3 keeps the picture; larger values change it.
    """
    import torch

    single = isinstance(images, Image.Image)
    images = [images] if single else list(images)
    if not images:
        raise ValueError("regenerate needs at least one image")
    images = [_check_image(im).convert("RGB") for im in images]
    _check_range("strength", strength, 0, 1, lo_open=True)
    s = pipe.unet.config.sample_size
    x0 = np.stack([np.asarray(im.resize((s, s), Image.BICUBIC), dtype=np.float32) / 127.5 - 1 for im in images])
    x0 = torch.from_numpy(x0).permute(0, 3, 1, 2).to(pipe.device)
    sched = pipe.scheduler
    sched.set_timesteps(num_inference_steps, device=pipe.device)
    steps = [t for t in sched.timesteps if int(t) <= strength * sched.config.num_train_timesteps]
    if not steps:
        steps = [sched.timesteps[-1]]
    g = torch.Generator(device="cpu").manual_seed(int(seed))
    eps = torch.randn(x0.shape, generator=g).to(pipe.device)
    out = []
    with torch.no_grad():
        cond_all = pipe.encode_prompt([""], allow_empty=True)
        for i in range(0, len(images), batch):
            x = sched.add_noise(x0[i:i + batch], eps[i:i + batch], steps[0].reshape(1))
            cond = cond_all.expand(x.shape[0], -1)
            for t in steps:
                pred = pipe.unet(x, t, class_labels=cond).sample
                x = sched.step(pred, t, x).prev_sample
            arr = ((x.clamp(-1, 1) + 1) * 127.5).round().permute(0, 2, 3, 1).cpu().numpy().astype(np.uint8)
            out.extend(Image.fromarray(a) for a in arr)
    out = [o.resize(im.size, Image.BICUBIC) for o, im in zip(out, images)]
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
    "regeneration 0.2": (regenerate, {"strength": 0.2}),
}


def apply_attack(name: str, images, pipe=None, seed: int = 0) -> list[Image.Image]:
    """Apply suite attack ``name`` to a list of PIL images (seeded; image ``i`` gets seed
    ``seed + i`` where the attack is random).

    >>> [im.size for im in apply_attack("JPEG 50", [Image.new("RGB", (32, 32))])]
    [(32, 32)]
    """
    if name not in SUITE:
        raise ValueError(f"unknown attack {name!r}; known: {list(SUITE)}")
    images = [images] if isinstance(images, Image.Image) else list(images)
    fn, kwargs = SUITE[name]
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
    return a, b


def psnr(a, b, data_range: float = 255.0) -> float:
    """Peak signal-to-noise ratio in dB between two images of the same size (PIL or uint8
    arrays); ``inf`` when identical. 40 dB is about 2.6 grey levels RMS.

    >>> round(psnr(np.zeros((4, 4)), np.full((4, 4), 2.55)), 1)
    40.0
    """
    a, b = _pair(a, b)
    mse = float(((a - b) ** 2).mean())
    return float("inf") if mse == 0 else float(10 * np.log10(data_range ** 2 / mse))


def ssim(a, b, data_range: float = 255.0) -> float:
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

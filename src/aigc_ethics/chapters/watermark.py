"""Invisible, post-hoc image watermarks: the course's own method and two peers.

Three methods share one small API (``embed``, ``extract``, ``detect_score``):

* ``"course"`` -- the course's own robust watermark (:func:`embed`, :func:`extract`,
  :func:`detect_score`). Keyed spread spectrum in the mid frequencies of the brightness
  (luma) channel:

  1. the luma is resized to a fixed 128x128 *working frame*, so the watermark does not
     depend on the image size (a resize and back changes nothing);
  2. the key chooses, in the frame's 2-D DCT, an annulus of mid-frequency coefficients
     (0.06-0.16 cycles per pixel of a 256-pixel image: low enough to survive JPEG, blur and
     halving, high enough to sit above the content of a 32x32 image upsampled 8x), shuffles
     them and gives each a random sign;
  3. a third of them carry a fixed *pilot* (known to the key holder: it is what
     :func:`detect_score` looks for); the rest are split between the coded payload bits;
  4. the payload (up to 64 bits) is protected by a Hamming(7,4) code, decoded with
     soft-decision maximum likelihood;
  5. the pattern is brought back to the image size and added equally to R, G and B (so
     only brightness changes), with a root-mean-square amplitude of ``strength`` grey levels
     (the default 2.6 gives a PSNR near 39.7 dB).

  Detection is *blind* (needs only the key): the score is the normalised correlation of the
  pilot, about N(0, 1) on an unwatermarked image. To survive centred crops and small
  rotations, the detector also tries undoing rotations of -16..16 degrees (1-degree steps)
  and centred zooms of 1.0..2.1 (1.5 % steps) and keeps the best score. It does *not*
  search rotation and zoom together, nor off-centre crops or flips: those defeat it.

* ``"dwtDct"`` and ``"dwtDctSvd"`` -- adapters for the ``invisible-watermark`` package
  (:func:`embed_imwatermark`, :func:`extract_imwatermark`, :func:`score_imwatermark`).
  That package has no key and no detector: the adapter XORs the payload with a keyed
  pseudo-random bit string (so the key matters) and scores an image by the share of
  decoded bits that match the expected payload.

Image sizes. ``invisible-watermark`` refuses images under 256x256 pixels in area. So that
all methods see the *same* pixels, every ``embed`` here upsamples such an image (bicubic, by
the smallest integer factor that reaches 256x256 in area: a 32x32 image becomes 256x256,
see :func:`upsample_for_watermark`) and returns the upsampled, watermarked image.
``upsample=False`` refuses it instead. Images with a side under 16 pixels are always refused.

Keys are 16 bytes (:func:`make_key` derives one from an integer seed). Images are PIL
images in mode RGB (RGBA keeps its alpha untouched; the course method also accepts L);
other modes are refused with a ValueError.

>>> key = make_key(7)
>>> marked = embed(load_sample("astronaut").resize((32, 32)), [1, 0] * 16, key)   # -> 256x256
>>> extract(marked, key)[:4], round(detect_score(marked, key)) > 5
([1, 0, 1, 0], True)

Large photographs carry more image content in the band than an upsampled 32x32 generation,
so their scores are lower at the same strength (about 4-12 instead of 25-35 on the
scikit-image samples at 400-600 pixels); the course bench uses 32x32 generations.
"""

from __future__ import annotations

import hashlib
import io
import math
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError
from scipy.fft import dctn, idctn

from aigc_ethics.core.images import ImageLike
from aigc_ethics.core.images import load_sample as _load

#: Every method upsamples smaller images to at least this many pixels in area (256x256).
MIN_AREA = 256 * 256
#: Images with a side shorter than this are refused, even with upsampling.
MIN_SIDE = 16
#: Size of the course method's square working frame (pixels).
FRAME = 128
#: DCT radius band of the course method, in frame coefficients (index k = k/512 cycles per
#: pixel of a 256-pixel image): 32..80 means 0.0625..0.156 cycles per pixel.
BAND = (32.0, 80.0)
#: Longest payload any method here accepts.
MAX_BITS = 64
KEY_BYTES = 16
#: Share of the band's coefficients that carry the pilot (the rest carry payload bits).
PILOT_SHARE = 1 / 3
#: Detector's whitening: box size (coefficients) and floor (grey levels) of the local estimate.
WHITEN_BOX = 9
WHITEN_FLOOR = 1.0
#: The detector's search grid: rotations (degrees) and centred zooms it tries to undo.
SEARCH_ANGLES = tuple(float(a) for a in range(-16, 17))
SEARCH_ZOOMS = tuple(float(z) for z in np.exp(np.arange(0.0, math.log(2.1) + 1e-9, math.log(1.015))))
METHODS = ("course", "dwtDct", "dwtDctSvd")


# --------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------

def make_key(seed: int) -> bytes:
    """A 16-byte watermark key derived from an integer seed (the same seed, the same key).

    >>> len(make_key(0)), make_key(0) == make_key(0)
    (16, True)
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"make_key needs an integer seed, got {type(seed).__name__}")
    return hashlib.sha256(f"aigc-ethics-watermark-key:{int(seed)}".encode()).digest()[:KEY_BYTES]


def check_key(key) -> bytes:
    """Return ``key`` as bytes, or raise a ValueError that says what a key must be."""
    if isinstance(key, bytearray):
        key = bytes(key)
    if not isinstance(key, bytes):
        raise ValueError(f"a watermark key must be {KEY_BYTES} bytes (e.g. make_key(seed)), got "
                         f"{type(key).__name__}")
    if len(key) != KEY_BYTES:
        raise ValueError(f"a watermark key must be exactly {KEY_BYTES} bytes long, got {len(key)} bytes")
    return key


def check_bits(bits, *, max_bits: int = MAX_BITS) -> np.ndarray:
    """Return the payload as a uint8 array of 0/1, or raise a ValueError."""
    if isinstance(bits, (str, bytes)):
        raise ValueError("the payload must be a sequence of 0/1 bits, e.g. [1, 0, 1, 1], not a string")
    arr = np.asarray(bits)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"the payload must be a non-empty 1-D sequence of bits, got shape {arr.shape}")
    if arr.size > max_bits:
        raise ValueError(f"the payload is too long: {arr.size} bits, at most {max_bits} fit")
    if arr.dtype == bool:
        arr = arr.astype(np.uint8)
    if not np.isin(arr, (0, 1)).all():
        raise ValueError("every payload bit must be 0 or 1")
    return arr.astype(np.uint8)


def load_image(source) -> Image.Image:
    """Open ``source`` (a PIL image, a path or bytes) as a PIL image; a damaged or
    non-image file raises a ValueError (not a PIL internal error).

    >>> load_image(b"not an image")
    Traceback (most recent call last):
    ValueError: could not read an image from 12 bytes: the file is damaged or not an image
    """
    if isinstance(source, Image.Image):
        return source
    try:
        if isinstance(source, (bytes, bytearray)):
            what = f"{len(source)} bytes"
            img = Image.open(io.BytesIO(bytes(source)))
        elif isinstance(source, (str, Path)):
            what = str(source)
            img = Image.open(source)
        else:
            raise ValueError(f"expected a PIL image, a file path or bytes, got {type(source).__name__}")
        img.load()
    except Image.DecompressionBombError as err:
        raise ValueError(f"refusing to decode the image from {what}: {err} (a decompression bomb?)") from None
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise ValueError(f"could not read an image from {what}: the file is damaged or not an image") from err
    return img


def upsample_for_watermark(image: Image.Image, *, min_area: int = MIN_AREA) -> Image.Image:
    """Upsample ``image`` (bicubic) by the smallest integer factor that gives at least
    ``min_area`` pixels; larger images are returned unchanged. Used by every method here,
    so all of them watermark the same pixels.

    >>> upsample_for_watermark(Image.new("RGB", (32, 32))).size
    (256, 256)
    """
    w, h = image.size
    if min(w, h) < MIN_SIDE:
        raise ValueError(f"the image is too small to watermark: {w}x{h} pixels; each side needs at "
                         f"least {MIN_SIDE} pixels")
    if w * h >= min_area:
        return image
    f = math.ceil(math.sqrt(min_area / (w * h)))
    return image.resize((w * f, h * f), Image.BICUBIC)


def _prepare(image: ImageLike, upsample: bool, allow_gray: bool) -> tuple[Image.Image, Image.Image | None]:
    """Validate and split an input image into (RGB or L image, alpha or None)."""
    image = load_image(image)
    modes = ("RGB", "RGBA", "L") if allow_gray else ("RGB", "RGBA")
    if image.mode not in modes:
        extra = "" if allow_gray else (" (invisible-watermark writes into the colour channels, so a "
                                       "grayscale image cannot carry it)")
        raise ValueError(f"expected an image in mode {', '.join(modes)}, got mode {image.mode!r}{extra}; "
                         f"convert it first, e.g. image.convert('RGB')")
    w, h = image.size
    if min(w, h) < MIN_SIDE:
        raise ValueError(f"the image is too small to watermark: {w}x{h} pixels; each side needs at "
                         f"least {MIN_SIDE} pixels")
    if w * h < MIN_AREA:
        if not upsample:
            raise ValueError(f"the image is too small: {w}x{h} pixels, at least {MIN_AREA} pixels in "
                             f"area (256x256) are needed; pass upsample=True to upsample it")
        image = upsample_for_watermark(image)
    alpha = None
    if image.mode == "RGBA":
        alpha = image.getchannel("A")
        image = image.convert("RGB")
    return image, alpha


def _finish(arr: np.ndarray, mode: str, alpha) -> Image.Image:
    out = Image.fromarray(np.clip(np.round(arr), 0, 255).astype(np.uint8), mode)
    if alpha is not None:
        out.putalpha(alpha)
    return out


def _luma(arr: np.ndarray) -> np.ndarray:
    if arr.ndim == 2:
        return arr.astype(np.float32)
    return (0.299 * arr[..., 0] + 0.587 * arr[..., 1] + 0.114 * arr[..., 2]).astype(np.float32)


def _rng(key: bytes, purpose: str) -> np.random.Generator:
    seed = int.from_bytes(hashlib.sha256(key + purpose.encode()).digest()[:8], "little")
    return np.random.default_rng(seed)


# --------------------------------------------------------------------------------------------
# Error-correcting code: Hamming(7,4), soft-decision maximum-likelihood decoding
# --------------------------------------------------------------------------------------------

_G = np.array([[1, 0, 0, 0, 1, 1, 0],
               [0, 1, 0, 0, 1, 0, 1],
               [0, 0, 1, 0, 0, 1, 1],
               [0, 0, 0, 1, 1, 1, 1]], dtype=np.uint8)
_MESSAGES = np.array([[(m >> (3 - i)) & 1 for i in range(4)] for m in range(16)], dtype=np.uint8)
_CODEWORDS = (_MESSAGES @ _G) % 2


def hamming_encode(bits) -> np.ndarray:
    """Hamming(7,4)-encode 0/1 bits (zero-padded to a multiple of 4): 7 coded bits per 4.

    >>> hamming_encode([1, 0, 1, 1]).tolist()
    [1, 0, 1, 1, 0, 1, 0]
    """
    b = np.asarray(bits, dtype=np.uint8)
    b = np.concatenate([b, np.zeros((-len(b)) % 4, np.uint8)]).reshape(-1, 4)
    return ((b @ _G) % 2).reshape(-1).astype(np.uint8)


def hamming_decode_soft(soft, n_bits: int) -> np.ndarray:
    """Decode soft values (positive = bit 1) by picking, for each block of 7, the codeword
    with the largest correlation; corrects any single flipped bit per block.

    >>> hamming_decode_soft(np.array([1, -1, 1, 1, -1, -1, -1.]) , 4).tolist()  # one error
    [1, 0, 1, 1]
    """
    s = np.asarray(soft, dtype=np.float64).reshape(-1, 7)
    best = (s @ (2.0 * _CODEWORDS.T - 1.0)).argmax(axis=1)
    return _MESSAGES[best].reshape(-1)[:n_bits].astype(np.uint8)


# --------------------------------------------------------------------------------------------
# The course's method
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=32)
def _layout(key: bytes, n_coded: int):
    """Keyed layout: flat indices and signs of the pilot and of each coded bit's coefficients."""
    u, v = np.meshgrid(np.arange(FRAME), np.arange(FRAME), indexing="ij")
    r = np.hypot(u, v)
    idx = np.flatnonzero((r >= BAND[0]) & (r <= BAND[1]))
    # the permutation and signs depend on the key only (not on the payload length), so the
    # pilot -- the first third -- is the same whatever the payload: detect_score is blind to it
    rng = _rng(key, "layout")
    idx = rng.permutation(idx)
    signs = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=idx.size)
    n_pilot = int(idx.size * PILOT_SHARE)
    per_bit = (idx.size - n_pilot) // max(n_coded, 1)
    pilot = (idx[:n_pilot], signs[:n_pilot])
    groups = idx[n_pilot:n_pilot + per_bit * n_coded].reshape(n_coded, per_bit)
    gsigns = signs[n_pilot:n_pilot + per_bit * n_coded].reshape(n_coded, per_bit)
    return pilot, groups, gsigns


def _n_coded(n_bits: int) -> int:
    return 7 * math.ceil(n_bits / 4)


def watermark_pattern(key: bytes, payload_bits, *, strength: float = 2.6) -> np.ndarray:
    """The course method's additive pattern in the 128x128 working frame (float32, RMS =
    ``strength`` grey levels).

    >>> p = watermark_pattern(make_key(0), [1] * 32)
    >>> p.shape, round(float(p.std()), 1)
    ((128, 128), 2.6)
    """
    key, bits = check_key(key), check_bits(payload_bits)
    coded = hamming_encode(bits).astype(np.float32) * 2 - 1
    (p_idx, p_sign), groups, gsigns = _layout(key, coded.size)
    coef = np.zeros(FRAME * FRAME, np.float32)
    coef[p_idx] = p_sign
    coef[groups.reshape(-1)] = (gsigns * coded[:, None]).reshape(-1)
    pattern = idctn(coef.reshape(FRAME, FRAME), norm="ortho")
    pattern *= strength / max(float(np.sqrt((pattern ** 2).mean())), 1e-12)
    return pattern.astype(np.float32)


def embed(image: ImageLike, payload_bits, key, *, strength: float = 2.6, upsample: bool = True) -> Image.Image:
    """Watermark ``image`` with ``payload_bits`` (1-64 bits) under ``key`` (16 bytes).

    Images under 256x256 pixels in area are first upsampled (see the module docstring and
    :func:`upsample_for_watermark`) unless ``upsample=False``, which refuses them. Modes RGB,
    RGBA (alpha kept) and L are accepted. ``strength`` is the RMS change of brightness in grey
    levels (2.6 -> PSNR about 39.7 dB).

    >>> marked = embed(Image.new("RGB", (32, 32), "gray"), [1, 0, 1] * 11, make_key(1))
    >>> marked.size
    (256, 256)
    """
    key = check_key(key)
    bits = check_bits(payload_bits)
    if isinstance(strength, bool) or not (isinstance(strength, (int, float, np.integer, np.floating))
                                          and 0 < strength <= 50):
        raise ValueError(f"strength must be a number of grey levels in (0, 50], got {strength!r}")
    image, alpha = _prepare(image, upsample, allow_gray=True)
    arr = np.asarray(image, dtype=np.float32)
    h, w = arr.shape[:2]
    pattern = watermark_pattern(key, bits, strength=strength)
    delta = cv2.resize(pattern, (w, h), interpolation=cv2.INTER_CUBIC)
    out = arr + (delta[..., None] if arr.ndim == 3 else delta)
    return _finish(out, image.mode, alpha)


def _frame(image: ImageLike) -> np.ndarray:
    """Luma resized to the working frame, mean removed (float32)."""
    arr = np.asarray(image, dtype=np.float32)
    y = _luma(arr)
    interp = cv2.INTER_AREA if min(y.shape) > FRAME else cv2.INTER_CUBIC
    f = cv2.resize(y, (FRAME, FRAME), interpolation=interp)
    return f - f.mean()


def _warp(frame: np.ndarray, angle: float, zoom: float) -> np.ndarray:
    """Undo a rotation by ``angle`` degrees and a centred zoom by ``zoom`` (about the centre)."""
    if angle == 0 and zoom == 1:
        return frame
    c = (FRAME - 1) / 2
    m = cv2.getRotationMatrix2D((c, c), -angle, 1.0 / zoom)
    return cv2.warpAffine(frame, m, (FRAME, FRAME), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0.0)


def _whiten(coef2d: np.ndarray) -> np.ndarray:
    """Divide each DCT coefficient by a local estimate of the spectrum's magnitude (a box
    average of |coefficients| around it), so strong image content in the band counts less."""
    local = cv2.blur(np.abs(coef2d), (WHITEN_BOX, WHITEN_BOX), borderType=cv2.BORDER_REFLECT)
    return coef2d / (local + WHITEN_FLOOR)


def _pilot_z(coef: np.ndarray, pilot) -> float:
    idx, sign = pilot
    x = coef[idx]
    return float((sign * x).sum() / (np.sqrt((x * x).sum()) + 1e-9))


def _hypotheses():
    yield 0.0, 1.0
    for a in sorted(SEARCH_ANGLES, key=abs):
        if a != 0:
            yield a, 1.0
    for z in SEARCH_ZOOMS:
        if z != 1.0:
            yield 0.0, z


def _best_alignment(image: ImageLike, key: bytes, n_coded: int, search: bool, stop_at: float, flip: bool = False):
    """(score, DCT coefficients) at the best of the searched alignments; with ``flip`` the
    horizontally mirrored image is searched too (a second look)."""
    frame = _frame(image)
    pilot = _layout(key, n_coded)[0]
    best = (-np.inf, None)
    for f in ((frame, np.ascontiguousarray(frame[:, ::-1])) if flip else (frame,)):
        for angle, zoom in (_hypotheses() if search else [(0.0, 1.0)]):
            coef = _whiten(dctn(_warp(f, angle, zoom), norm="ortho")).reshape(-1)
            z = _pilot_z(coef, pilot)
            if z > best[0]:
                best = (z, coef)
            if z >= stop_at:
                return best
    return best


def _prepare_detect(image: ImageLike, upsample: bool):
    image, _ = _prepare(image, upsample, allow_gray=True)
    return image


def detect_score(image: ImageLike, key, *, search: bool = True, stop_at: float = 8.0, flip: bool = False) -> float:
    """Blind detection score of the course watermark under ``key``: the normalised pilot
    correlation (about N(0, 1) without a watermark; ~10-40 on a fresh watermarked image).
    Compare with a threshold chosen on unwatermarked images for the false-positive rate you
    accept. With ``search=True`` the best of the rotation/zoom alignments is used (the search
    stops early once the score passes ``stop_at``, which never changes a decision made at a
    threshold below ``stop_at``). Images under 256x256 in area are upsampled as in
    :func:`embed`.

    A horizontal flip defeats the plain search. ``flip=True`` also scores the mirrored image
    and keeps the better look; the score of an unwatermarked image is then the maximum of two
    looks, so use a threshold calibrated for two looks (:func:`calibrate_threshold` with
    ``flip=True``), not the one-look threshold.

    >>> key = make_key(3)
    >>> detect_score(embed(load_sample("coffee"), [1] * 32, key), key) > 5
    True
    """
    key = check_key(key)
    image = _prepare_detect(image, True)
    # the pilot is the same for every payload length (it comes first in the keyed permutation)
    return _best_alignment(image, key, _n_coded(32), search, stop_at, flip=bool(flip))[0]


def calibrate_threshold(unmarked_images, key, *, fpr: float = 0.01, flip: bool = False, search: bool = True) -> float:
    """The detection threshold at false-positive rate ``fpr``, measured on ``unmarked_images``
    (images that carry no watermark under ``key``): the smallest score that at most a fraction
    ``fpr`` of them exceed. With ``flip=True`` the scores are two-look scores (see
    :func:`detect_score`), so the threshold is higher: it pays for the second look."""
    images = list(unmarked_images)
    if not images:
        raise ValueError("calibrate_threshold needs at least one unwatermarked image")
    if not 0 <= fpr < 1:
        raise ValueError(f"fpr must be in [0, 1), got {fpr!r}")
    s = np.sort([detect_score(im, key, search=search, stop_at=np.inf, flip=flip) for im in images])
    k = int(np.floor(fpr * len(s)))
    return float(s[len(s) - 1 - k])


def extract(image: ImageLike, key, *, n_bits: int = 32, search: bool = True) -> list[int]:
    """Decode ``n_bits`` payload bits from ``image`` under ``key`` (at the best alignment).
    Without a watermark (or with a wrong key) the bits are random.

    >>> key = make_key(4)
    >>> extract(embed(load_sample("camera").convert("RGB"), [0, 1] * 16, key), key)[:4]
    [0, 1, 0, 1]
    """
    return detect(image, key, n_bits=n_bits, search=search)[1]


def detect(image: ImageLike, key, *, n_bits: int = 32, search: bool = True, flip: bool = False) -> tuple[float, list[int]]:
    """Score and decoded bits from one alignment search: ``(detect_score, extract)`` at half
    the cost of calling both (the bench uses it).

    >>> key = make_key(6)
    >>> score, bits = detect(embed(Image.new("RGB", (32, 32), "olive"), [1, 1, 0, 0] * 8, key), key)
    >>> score > 5, bits[:4]
    (True, [1, 1, 0, 0])
    """
    key = check_key(key)
    if isinstance(n_bits, bool) or not isinstance(n_bits, (int, np.integer)) or not 1 <= n_bits <= MAX_BITS:
        raise ValueError(f"n_bits must be an integer from 1 to {MAX_BITS}, got {n_bits!r}")
    image = _prepare_detect(image, True)
    n_coded = _n_coded(n_bits)
    score, coef = _best_alignment(image, key, n_coded, search, stop_at=8.0, flip=bool(flip))
    _, groups, gsigns = _layout(key, n_coded)
    soft = (coef[groups] * gsigns).sum(axis=1)          # soft decision per coded bit
    return float(score), hamming_decode_soft(soft, n_bits).tolist()


# --------------------------------------------------------------------------------------------
# Peers: the invisible-watermark package
# --------------------------------------------------------------------------------------------

def _keystream(key: bytes, n: int) -> np.ndarray:
    return _rng(key, "imwatermark-xor").integers(0, 2, n).astype(np.uint8)


def _check_method(method: str) -> str:
    if method not in ("dwtDct", "dwtDctSvd"):
        raise ValueError(f"method must be 'dwtDct' or 'dwtDctSvd', got {method!r}")
    return method


def embed_imwatermark(image: ImageLike, payload_bits, key, *, method: str = "dwtDct", upsample: bool = True) -> Image.Image:
    """Watermark with ``invisible-watermark`` (``method`` "dwtDct" or "dwtDctSvd").

    The payload is XORed with a keyed bit string first. Images under 256x256 in area are
    upsampled exactly as for :func:`embed` (``upsample=False`` refuses them); grayscale is
    refused (the package writes into the colour channels); RGBA keeps its alpha.

    >>> key = make_key(5)
    >>> extract_imwatermark(embed_imwatermark(load_sample("chelsea"), [1, 0] * 16, key, "dwtDctSvd"),
    ...                     key, "dwtDctSvd")[:4]
    [1, 0, 1, 0]
    """
    from imwatermark import WatermarkEncoder

    method = _check_method(method)
    key = check_key(key)
    bits = check_bits(payload_bits)
    image, alpha = _prepare(image, upsample, allow_gray=False)
    enc = WatermarkEncoder()
    enc.set_watermark("bits", (bits ^ _keystream(key, bits.size)).tolist())
    bgr = np.ascontiguousarray(np.asarray(image)[..., ::-1])
    out = enc.encode(bgr, method)
    return _finish(np.asarray(out, dtype=np.float32)[..., ::-1], "RGB", alpha)


def extract_imwatermark(image: ImageLike, key, *, method: str = "dwtDct", n_bits: int = 32) -> list[int]:
    """Decode ``n_bits`` bits embedded by :func:`embed_imwatermark` (same key and method)."""
    from imwatermark import WatermarkDecoder

    method = _check_method(method)
    key = check_key(key)
    if isinstance(n_bits, bool) or not isinstance(n_bits, (int, np.integer)) or not 1 <= n_bits <= MAX_BITS:
        raise ValueError(f"n_bits must be an integer from 1 to {MAX_BITS}, got {n_bits!r}")
    image, _ = _prepare(image, True, allow_gray=False)
    bgr = np.ascontiguousarray(np.asarray(image)[..., ::-1])
    raw = np.asarray(WatermarkDecoder("bits", int(n_bits)).decode(bgr, method)).astype(np.uint8)
    return (raw ^ _keystream(key, int(n_bits))).tolist()


def score_imwatermark(image: ImageLike, key, payload_bits, *, method: str = "dwtDct") -> float:
    """Detection score for a peer method: the share of decoded bits equal to the expected
    payload (about 0.5 without a watermark, 1.0 for a perfect read)."""
    bits = check_bits(payload_bits)
    got = np.asarray(extract_imwatermark(image, key, method=method, n_bits=bits.size))
    return float((got == bits).mean())


# --------------------------------------------------------------------------------------------
# One interface over all three
# --------------------------------------------------------------------------------------------

def embed_with(method: str, image: ImageLike, payload_bits, key, **kwargs) -> Image.Image:
    """Embed with any of :data:`METHODS`.

    >>> embed_with("dwtDct", Image.new("RGB", (32, 32), "teal"), [1] * 32, make_key(0)).size
    (256, 256)
    """
    if method == "course":
        return embed(image, payload_bits, key, **kwargs)
    return embed_imwatermark(image, payload_bits, key, method=_check_method(method), **kwargs)


def extract_with(method: str, image: ImageLike, key, *, n_bits: int = 32) -> list[int]:
    """Extract ``n_bits`` with any of :data:`METHODS`."""
    if method == "course":
        return extract(image, key, n_bits=n_bits)
    return extract_imwatermark(image, key, method=_check_method(method), n_bits=n_bits)


def score_with(method: str, image: ImageLike, key, payload_bits) -> float:
    """Detection score with any of :data:`METHODS` (higher = more likely watermarked).
    The course method ignores ``payload_bits`` (its detector is blind); the peers compare
    the decoded bits with it."""
    if method == "course":
        return detect_score(image, key)
    return score_imwatermark(image, key, payload_bits, method=_check_method(method))


def bit_accuracy(decoded, expected) -> float:
    """Share of bits decoded correctly.

    >>> bit_accuracy([1, 0, 1, 1], [1, 0, 0, 1])
    0.75
    """
    a, b = np.asarray(decoded), np.asarray(expected)
    if a.shape != b.shape:
        raise ValueError(f"decoded and expected payloads differ in length: {a.shape} vs {b.shape}")
    return float((a == b).mean())


def load_sample(name: str = "astronaut") -> Image.Image:
    """A scikit-image sample picture as an RGB PIL image (offline), for examples."""
    return _load(name).convert("RGB")


def plot_methods(image: ImageLike, key, payload_bits, *, amplify: float = 20.0, axes=None):
    """Show the (upsampled) image, then for each method the watermarked image and its
    difference from the original, amplified ``amplify`` times around mid-grey. Returns the
    matplotlib figure."""
    import matplotlib.pyplot as plt

    base = upsample_for_watermark(load_image(image).convert("RGB"))
    if axes is None:
        fig, axes = plt.subplots(2, 1 + len(METHODS), figsize=(2.3 * (1 + len(METHODS)), 4.8))
    else:
        fig = axes.flat[0].figure
    axes[0, 0].imshow(base)
    axes[0, 0].set_title("original (upsampled)", fontsize=9)
    axes[1, 0].axis("off")
    b = np.asarray(base, np.float32)
    for j, m in enumerate(METHODS, start=1):
        marked = embed_with(m, base, payload_bits, key)
        diff = np.asarray(marked, np.float32) - b
        axes[0, j].imshow(marked)
        axes[0, j].set_title(m, fontsize=9)
        axes[1, j].imshow(np.clip(128 + amplify * diff, 0, 255).astype(np.uint8))
        axes[1, j].set_title(f"difference x{amplify:g}", fontsize=9)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig

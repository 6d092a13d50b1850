"""Bad image inputs for the detectors, the attribute classifier, Tree-Ring, the shared
validator and image loading (issue 20): each is refused with one line naming what was expected
and what came in, instead of a silent wrong number."""

import io

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_ethics.chapters import detect as D
from aigc_ethics.chapters import provenance as P
from aigc_ethics.chapters import treering as T
from aigc_ethics.chapters import watermark as W
from aigc_ethics.core.attributes import load_classifier
from aigc_ethics.core.images import check_images, check_integer, check_number

RNG = np.random.default_rng(0)
GOOD = RNG.integers(0, 256, (4, 32, 32, 3), dtype=np.uint8)
NAN = np.full((2, 32, 32, 3), np.nan)
INF = np.full((2, 32, 32, 3), np.inf)
U16 = (GOOD.astype(np.uint16) * 257)
F255 = GOOD.astype(float)                       # 0-255 floats
TINY = np.zeros((1, 1, 1, 3), np.uint8)
HUGE = np.zeros((1, 6000, 6000, 3), np.uint8)
BAD = [  # (input, words the error must contain)
    (NAN, "finite"), (INF, "finite"), (U16, "16-bit"), (F255, "0-255 floats"), (GOOD * 2.0 / 255 - 1, "[0, 1]"),
    (GOOD[..., :2], "RGB"), (np.zeros((2, 32, 32, 4), np.uint8), "RGBA"), (GOOD[..., 0], "RGB"),
    (np.zeros((0, 32, 32, 3), np.uint8), "empty"), ([], "empty"), (GOOD.astype(bool), "boolean"),
    (np.array([["a"]]), "numeric"), ("image.png", "numeric"), (HUGE, "sides from 1 to 4096"),
]


@pytest.mark.parametrize("images, words", BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_validator_refuses_with_one_line(images, words):
    with pytest.raises(ValueError, match=None) as err:
        check_images(images)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_validator_accepts_the_convention():
    assert check_images(GOOD) is GOOD
    assert check_images(GOOD[0]).shape == (1, 32, 32, 3)
    assert check_images(GOOD / 255.0).dtype == float
    assert check_images(GOOD.astype(np.int64)).dtype == np.uint8          # 0-255 ints
    assert check_images([Image.fromarray(g) for g in GOOD]).shape == (4, 32, 32, 3)
    assert check_images(Image.new("L", (8, 8))).shape == (1, 8, 8, 3)
    with pytest.raises(ValueError, match="32x32"):
        check_images(TINY, side=32)
    for bad in (float("nan"), float("inf"), "1", True, None):
        with pytest.raises(ValueError):
            check_number(bad, "x")


def test_the_one_integer_check():
    assert check_integer(np.int64(3), "steps", low=1) == 3 and type(check_integer(np.int64(3), "steps")) is int
    for bad, match in ((2.5, "integer, got float"), (True, "integer, got bool"), ("4", "integer, got str"),
                       (0, r"integer >= 1, got 0"), (9, r"integer in \[1, 8\], got 9")):
        with pytest.raises(ValueError, match=match):
            check_integer(bad, "steps", low=1, high=8 if bad == 9 else None)


@pytest.fixture(scope="module")
def detectors():
    real = RNG.integers(90, 166, (16, 32, 32, 3), dtype=np.uint8)
    fake = RNG.integers(0, 256, (16, 32, 32, 3), dtype=np.uint8)
    return [D.SpectralDetector().fit(real, fake), D.CNNDetector(epochs=1).fit(real, fake)]


@pytest.mark.parametrize("images, words", BAD[:4] + [(TINY, "trained on 32x32"),
                                                      (np.zeros((1, 64, 64, 3), np.uint8), "trained on 32x32")])
def test_detectors_refuse_bad_images(detectors, images, words):
    for det in detectors:
        with pytest.raises(ValueError, match=words.replace("[", r"\[")):
            det.predict_proba(images)
    assert all(np.isfinite(det.predict_proba(GOOD)).all() for det in detectors)


def test_detectors_refuse_6000px_images(detectors):
    for det in detectors:
        with pytest.raises(ValueError, match="4096"):
            det.predict_proba(HUGE)


@pytest.mark.parametrize("images, words", BAD[:4] + [(TINY, "32x32"), (HUGE, "32x32")])
def test_attribute_classifier_refuses_bad_images(images, words):
    clf = load_classifier()
    with pytest.raises(ValueError, match=words.replace("[", r"\[")):
        clf.predict(images)
    assert len(clf.predict(GOOD)) == 4 and len(clf.predict(GOOD / 255.0)) == 4


def test_attribute_classifier_reads_0_255_ints_like_uint8():
    clf = load_classifier()
    a, b = clf.predict_proba(GOOD), clf.predict_proba(GOOD.astype(np.int64))
    assert all(np.allclose(a[k], b[k]) for k in a)


def test_treering_refuses_nan_latents_and_reads_float_images():
    key = T.make_key()
    for bad in (torch.full((1, 3, 32, 32), float("nan")), np.full((1, 3, 32, 32), np.inf)):
        with pytest.raises(ValueError, match="finite"):
            T.distance(bad, key)
        with pytest.raises(ValueError, match="finite"):
            T.plant(torch.as_tensor(bad), key)
    with pytest.raises(ValueError, match="tensor or array"):
        T.distance([[1, 2]], key)
    # float images in [0, 1] are the same pictures as their uint8 versions (not "nearly black")
    u8, f01 = T.image_scores(list(GOOD), key), T.image_scores(list(GOOD / 255.0), key)
    assert np.allclose(u8, f01, atol=1e-3)
    for bad, words in ((F255[0], "0-255 floats"), (NAN[0], "finite"), (U16[0], "16-bit")):
        with pytest.raises(ValueError, match=words):
            T.image_scores([bad], key)
    with pytest.raises(ValueError, match="at least one"):
        T.image_scores([], key)


def _bomb() -> bytes:
    buf = io.BytesIO()
    Image.new("1", (14000, 14000)).save(buf, format="PNG")   # 196 M pixels in a few kB
    return buf.getvalue()


def test_decompression_bombs_are_refused_clearly():
    bomb = _bomb()
    assert len(bomb) < 200_000
    with pytest.raises(ValueError, match="decompression bomb"):
        W.load_image(bomb)
    with pytest.raises(ValueError, match="decompression bomb"):
        P.read_label(bomb)
    r = D.triage(bomb)
    assert r["verdict"] == "unreadable file"


def test_one_jpeg_codec_for_the_course():
    """core.images.jpeg_roundtrip is the codec; detect.jpeg validates its own range and calls it."""
    import numpy as np
    import pytest

    from aigc_ethics.core.images import jpeg_roundtrip
    from aigc_ethics.detect import jpeg
    rng = np.random.default_rng(0)
    batch = rng.integers(0, 256, (3, 32, 32, 3), dtype=np.uint8)
    out = jpeg_roundtrip(batch, quality=30)
    assert out.shape == batch.shape and out.dtype == np.uint8 and not np.array_equal(out, batch)
    assert np.array_equal(jpeg(batch, quality=30), out)
    for bad in (0, 101, 50.0, True):
        with pytest.raises(ValueError, match="quality must be an integer from 1 to 100"):
            jpeg_roundtrip(batch, quality=bad)
    with pytest.raises(ValueError, match=r"batch \(N, H, W, 3\)"):
        jpeg_roundtrip(batch[0, :, :, 0], quality=50)

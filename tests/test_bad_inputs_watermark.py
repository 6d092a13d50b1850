"""The course watermark: flip-aware detection (a second look at the mirrored image, with a
threshold recalibrated for two looks) and bad inputs (issue 20)."""

import numpy as np
import pytest
from PIL import Image

from aigc_ethics.chapters import attacks as A
from aigc_ethics.chapters import watermark as W

KEY = W.make_key(11)
BITS = [1, 0, 1, 1] * 8


def _images(n, seed=0):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):      # smooth random pictures: low-frequency noise, upsampled
        small = rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)
        out.append(Image.fromarray(small).resize((64, 64), Image.BICUBIC))
    return out


@pytest.fixture(scope="module")
def data():
    clean = _images(24)
    marked = [W.embed(im, BITS, KEY) for im in clean[:6]]
    return clean, marked


def test_a_flip_defeats_the_plain_search_and_the_second_look_recovers_it(data):
    clean, marked = data
    flipped = A.apply_attack("flip", marked)
    one = W.calibrate_threshold(clean, KEY, fpr=0.05)
    two = W.calibrate_threshold(clean, KEY, fpr=0.05, flip=True)
    assert two >= one                                   # the second look costs threshold
    plain = [W.detect_score(im, KEY) for im in flipped]
    aware = [W.detect_score(im, KEY, flip=True) for im in flipped]
    assert max(plain) < 5.0 < min(aware), (plain, aware)    # 5: the threshold triage uses
    assert min(aware) > two and two < 5.0
    score, bits = W.detect(flipped[0], KEY, flip=True)
    assert score > two and W.bit_accuracy(bits, BITS) == 1.0
    # unflipped images score the same with or without the second look once detected
    assert all(W.detect_score(m, KEY, flip=True) >= W.detect_score(m, KEY) for m in marked)


def test_flip_attack_and_calibration_refuse_bad_inputs(data):
    with pytest.raises(ValueError, match="unknown attack"):
        A.apply_attack("flop", data[0][:1])
    with pytest.raises(ValueError, match="PIL image"):
        A.flip(np.zeros((32, 32, 3), np.uint8))
    with pytest.raises(ValueError, match="at least one"):
        W.calibrate_threshold([], KEY)
    with pytest.raises(ValueError, match="fpr"):
        W.calibrate_threshold(data[0][:2], KEY, fpr=1.5)


@pytest.mark.parametrize("source", [b"", b"not an image", 42, None, "/no/such/file.png"])
def test_watermark_refuses_unreadable_sources(source):
    with pytest.raises(ValueError):
        W.detect_score(source, KEY)

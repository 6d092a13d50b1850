"""The course watermark and the invisible-watermark adapters: round trips, robustness,
false positives, bad input."""
import io

import numpy as np
import pytest
from PIL import Image

from aigc_ethics import attacks as A
from aigc_ethics import watermark as W

BITS = [1, 0, 0, 1, 1, 1, 0, 1] * 4  # 32 bits


def _image(seed=0, size=32):
    """A smooth random colour image (like a 32x32 generation)."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (4, 4, 3), dtype=np.uint8)
    return Image.fromarray(small).resize((size, size), Image.BICUBIC)


@pytest.fixture(scope="module")
def key():
    return W.make_key(11)


def test_make_key_is_deterministic_and_validated():
    assert W.make_key(1) == W.make_key(1) != W.make_key(2)
    assert len(W.make_key(0)) == W.KEY_BYTES
    for bad in ("1", 1.5, True, None):
        with pytest.raises(ValueError, match="integer seed"):
            W.make_key(bad)


def test_course_round_trip_and_quality(key):
    img = _image(0)
    marked = W.embed(img, BITS, key)
    assert marked.size == (256, 256) and marked.mode == "RGB"
    assert W.extract(marked, key) == BITS
    base = W.upsample_for_watermark(img)
    assert 38.0 <= A.psnr(base, marked) <= 42.0           # default strength -> about 39.7 dB
    score, bits = W.detect(marked, key)
    assert score > 15 and bits == BITS
    assert W.detect_score(marked, key) == pytest.approx(score)


def test_stronger_watermark_changes_more(key):
    base = W.upsample_for_watermark(_image(1))
    weak = A.psnr(base, W.embed(_image(1), BITS, key, strength=1.0))
    strong = A.psnr(base, W.embed(_image(1), BITS, key, strength=5.0))
    assert weak > strong + 10


@pytest.mark.parametrize("n_bits", [1, 7, 32, 33, 64])
def test_any_payload_length_round_trips_and_is_detected_blind(key, n_bits):
    bits = np.random.default_rng(n_bits).integers(0, 2, n_bits).tolist()
    marked = W.embed(_image(2), bits, key)
    assert W.extract(marked, key, n_bits=n_bits) == bits
    # the detector does not know the payload length: the pilot must not depend on it
    assert W.detect_score(marked, key) > 15


def test_wrong_key_and_clean_images_do_not_detect(key):
    marked = W.embed(_image(3), BITS, key)
    other = W.make_key(12)
    assert W.detect_score(marked, other) < 5
    assert W.bit_accuracy(W.extract(marked, other), BITS) < 0.85
    clean = [W.detect_score(_image(s), key) for s in range(8)]
    assert max(clean) < 5                                   # ~ max of N(0,1) over the search


def test_course_survives_jpeg_blur_and_small_rotation(key):
    marked = W.embed(_image(4), BITS, key)
    for attacked in (A.jpeg(marked, quality=50), A.blur(marked, sigma=1.0), A.rotate(marked, degrees=5), A.crop(marked, keep=0.75)):
        assert W.detect_score(attacked, key) > 6
        assert W.bit_accuracy(W.extract(attacked, key), BITS) >= 0.9


def test_course_fails_where_documented(key):
    """Rotations far outside the detector's search (16 degrees) defeat it."""
    marked = W.embed(_image(5), BITS, key)
    assert W.detect_score(A.rotate(marked, degrees=45), key) < 5


def test_hamming_code_corrects_one_error_per_block():
    coded = W.hamming_encode([1, 0, 1, 1, 0, 0, 1, 0])
    assert coded.size == 14
    soft = 2.0 * coded - 1
    soft[2] *= -1
    soft[9] *= -1
    assert W.hamming_decode_soft(soft, 8).tolist() == [1, 0, 1, 1, 0, 0, 1, 0]


def test_modes_rgba_keeps_alpha_and_gray_is_course_only(key):
    rgba = _image(6).convert("RGBA")
    rgba.putalpha(Image.new("L", rgba.size, 200))
    marked = W.embed(rgba, BITS, key)
    assert marked.mode == "RGBA" and np.asarray(marked.getchannel("A")).min() == 200
    assert W.extract(marked, key) == BITS
    gray = _image(6).convert("L")
    gm = W.embed(gray, BITS, key)
    assert gm.mode == "L" and W.extract(gm, key) == BITS
    with pytest.raises(ValueError, match="grayscale"):
        W.embed_imwatermark(gray, BITS, key)
    with pytest.raises(ValueError, match="mode"):
        W.embed(_image(6).convert("P"), BITS, key)


def test_bad_input(key):
    img = _image(7)
    with pytest.raises(ValueError, match="16 bytes"):
        W.embed(img, BITS, b"short")
    with pytest.raises(ValueError, match="16 bytes"):
        W.extract(img, "not bytes")
    with pytest.raises(ValueError, match="too long"):
        W.embed(img, [1] * 65, key)
    with pytest.raises(ValueError, match="non-empty"):
        W.embed(img, [], key)
    with pytest.raises(ValueError, match="0 or 1"):
        W.embed(img, [0, 2, 1], key)
    with pytest.raises(ValueError, match="not a string"):
        W.embed(img, "1011", key)
    with pytest.raises(ValueError, match="too small"):
        W.embed(Image.new("RGB", (8, 64)), BITS, key)
    with pytest.raises(ValueError, match="upsample=True"):
        W.embed(img, BITS, key, upsample=False)
    with pytest.raises(ValueError, match="strength"):
        W.embed(img, BITS, key, strength=0)
    with pytest.raises(ValueError, match="n_bits"):
        W.extract(W.embed(img, BITS, key), key, n_bits=0)
    with pytest.raises(ValueError, match="method"):
        W.embed_with("dwt", img, BITS, key)
    with pytest.raises(ValueError, match="differ in length"):
        W.bit_accuracy([1, 0], [1, 0, 1])


def test_corrupted_or_non_image_files(key, tmp_path):
    buf = io.BytesIO()
    W.embed(_image(8), BITS, key).save(buf, format="PNG")
    data = buf.getvalue()
    with pytest.raises(ValueError, match="damaged or not an image"):
        W.detect_score(data[: len(data) // 3], key)              # truncated PNG
    with pytest.raises(ValueError, match="damaged or not an image"):
        W.extract(b"\x00" * 100, key)
    path = tmp_path / "marked.png"
    path.write_bytes(data)
    assert W.extract(str(path), key) == BITS                      # a path works, bytes too
    assert W.extract(data, key) == BITS
    with pytest.raises(ValueError, match="PIL image, a file path or bytes"):
        W.extract(12345, key)


@pytest.mark.parametrize("method", ["dwtDct", "dwtDctSvd"])
def test_imwatermark_adapters(method, key):
    img = _image(9)
    marked = W.embed_imwatermark(img, BITS, key, method=method)
    assert marked.size == (256, 256)                      # upsampled exactly like the course method
    assert W.bit_accuracy(W.extract_imwatermark(marked, key, method=method), BITS) >= 0.75
    assert W.score_with(method, marked, key, BITS) >= 0.75
    # the keyed XOR: with another key the bits are scrambled
    assert W.bit_accuracy(W.extract_imwatermark(marked, W.make_key(99), method=method), BITS) < 0.8
    with pytest.raises(ValueError, match="upsample=True"):
        W.embed_imwatermark(img, BITS, key, method=method, upsample=False)


def test_all_methods_watermark_the_same_pixels(key):
    img = _image(10)
    base = np.asarray(W.upsample_for_watermark(img), float)
    for m in W.METHODS:
        out = np.asarray(W.embed_with(m, img, BITS, key), float)
        assert out.shape == base.shape
        assert np.abs(out - base).mean() < 6                  # a small change of the same picture


def test_ip_checks_pass_on_right_answers_and_fail_on_wrong_ones():
    from aigc_ethics import check
    from aigc_ethics.check import ip as C

    def embed(g, k, s=2.0):
        return g + s * np.random.default_rng(k).choice([-1.0, 1.0], size=g.shape)

    def detect(g, k):
        p = np.random.default_rng(k).choice([-1.0, 1.0], size=g.shape)
        r = g - g.mean()
        return float((p * r).sum() / np.sqrt((r * r).sum()))

    C.check_keyed_watermark(embed, detect)
    assert check.passed("check_keyed_watermark") is True
    C.check_keyed_watermark(embed, lambda g, k: float((g * np.random.default_rng(k).choice([-1.0, 1.0], g.shape)).sum()))
    assert check.passed("check_keyed_watermark") is False            # not normalised
    C.check_threshold_at_fpr(lambda n, f: float(np.sort(n)[::-1][int(np.floor(f * len(n)))]))
    assert check.passed("check_threshold_at_fpr") is True
    C.check_threshold_at_fpr(lambda n, f: float(np.max(n)) + 1)
    assert check.passed("check_threshold_at_fpr") is False            # safe but not tight
    C.check_attack_under_budget(lambda im: A.lowpass(im, cutoff=1 / 16))
    assert check.passed("check_attack_under_budget") is True
    C.check_attack_under_budget(lambda im: A.jpeg(im, quality=50))
    assert check.passed("check_attack_under_budget") is False

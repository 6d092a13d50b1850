"""Bad inputs for the attack functions, quality metrics and benches (issue 20)."""

import numpy as np
import pytest
from PIL import Image

from aigc_ethics.chapters import attacks as A

IM = Image.new("RGB", (64, 64), "teal")
NAN = float("nan")
BAD = [
    (lambda: A.jpeg(IM, quality=NAN), "quality"), (lambda: A.jpeg(IM, quality=0), "quality"), (lambda: A.jpeg(IM, quality="75"), "quality"),
    (lambda: A.resize(IM, scale=NAN), "scale"), (lambda: A.resize(IM, scale=0), "scale"),
    (lambda: A.resize_to(IM, side=0), "side"), (lambda: A.resize_to(IM, side=100_000), "side"),
    (lambda: A.crop(IM, keep=NAN), "keep"), (lambda: A.rotate(IM, degrees=NAN), "degrees"), (lambda: A.rotate(IM, degrees=float("inf")), "degrees"),
    (lambda: A.blur(IM, sigma=NAN), "sigma"), (lambda: A.blur(IM, sigma=-1), "sigma"), (lambda: A.lowpass(IM, cutoff=NAN), "cutoff"),
    (lambda: A.noise(IM, std=NAN), "std"), (lambda: A.brightness_contrast(IM, brightness=NAN, contrast=1), "brightness"),
    (lambda: A.jpeg(np.zeros((32, 32, 3), np.uint8)), "PIL image"), (lambda: A.jpeg(Image.new("RGBA", (32, 32))), "RGBA"),
    (lambda: A.jpeg(Image.new("RGB", (1, 1))), "too small"), (lambda: A.flip(Image.new("RGB", (5000, 8))), "too large"),
    (lambda: A.psnr(np.full((8, 8, 3), NAN), np.zeros((8, 8, 3))), "finite"),
    (lambda: A.ssim(np.zeros((8, 8, 3)), np.full((8, 8, 3), np.inf)), "finite"),
    (lambda: A.psnr(np.zeros((8, 8, 3)), np.zeros((9, 8, 3))), "differ in size"),
    (lambda: A.apply_attack("JPEG 75", None), "non-empty list"), (lambda: A.apply_attack("JPEG 75", []), "empty"),
    (lambda: A.apply_attack("JPEG 5", [IM]), "unknown attack"),
    (lambda: A.apply_attack("regeneration 0.25", [IM]), "needs the diffusion pipeline"),
    (lambda: A.bench_watermarks([IM], b"k" * 16, [1] * 32), "at least two"),
    (lambda: A.photo_set(0), "positive integer"),
]


@pytest.mark.parametrize("call, words", BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_attacks_refuse_bad_inputs_with_one_line(call, words):
    with pytest.raises(ValueError) as err:
        call()
    assert words in str(err.value) and "\n" not in str(err.value)


def test_flip_is_a_mirror_and_photo_set_is_seeded():
    arr = np.arange(64 * 64 * 3, dtype=np.uint8).reshape(64, 64, 3)
    assert np.array_equal(np.asarray(A.flip(Image.fromarray(arr))), arr[:, ::-1])
    a, b = A.photo_set(3, side=64, seed=1), A.photo_set(3, side=64, seed=1)
    assert [im.size for im in a] == [(64, 64)] * 3 and all(np.array_equal(np.asarray(x), np.asarray(y)) for x, y in zip(a, b))

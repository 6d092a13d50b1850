"""Attack suite and quality metrics."""
import numpy as np
import pytest
import torch
from PIL import Image

from aigc_ethics import attacks as A
from aigc_ethics import generate as G


def _img(size=64, seed=0):
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)).resize((size, size), Image.BICUBIC)


@pytest.mark.parametrize("name", [n for n in A.SUITE if not n.startswith("regeneration")])
def test_every_attack_keeps_size_and_mode(name):
    img = _img()
    out = A.apply_attack(name, [img, img])
    assert len(out) == 2 and all(o.size == img.size and o.mode == "RGB" for o in out)


def test_attacks_change_the_image_by_plausible_amounts():
    img = _img(seed=1)
    assert A.psnr(img, A.jpeg(img, quality=90)) > A.psnr(img, A.jpeg(img, quality=25))
    assert A.psnr(img, A.noise(img, std=0.01)) > A.psnr(img, A.noise(img, std=0.1))
    assert A.psnr(img, A.rotate(img, degrees=0)) == float("inf")
    assert A.ssim(img, A.blur(img, sigma=3)) < A.ssim(img, A.blur(img, sigma=0.5)) < 1.0


def test_noise_is_seeded():
    img = _img()
    assert np.array_equal(np.asarray(A.noise(img, seed=3)), np.asarray(A.noise(img, seed=3)))
    assert not np.array_equal(np.asarray(A.noise(img, seed=3)), np.asarray(A.noise(img, seed=4)))
    out = A.apply_attack("noise 0.05", [img, img], seed=0)
    assert not np.array_equal(np.asarray(out[0]), np.asarray(out[1]))   # each image its own seed


def test_crop_keeps_the_centre():
    arr = np.zeros((64, 64, 3), np.uint8)
    arr[24:40, 24:40] = 255
    out = np.asarray(A.crop(Image.fromarray(arr), keep=0.5))
    assert out[32, 32].min() > 200 and out[2, 2].max() < 30


def test_psnr_and_ssim_known_values():
    a = np.zeros((16, 16, 3), np.uint8)
    b = a.copy()
    b[..., :] = 1
    assert A.psnr(a, b) == pytest.approx(10 * np.log10(255 ** 2), abs=1e-9)
    assert A.ssim(a, a) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="differ in size"):
        A.psnr(a, np.zeros((8, 8, 3)))
    with pytest.raises(ValueError, match="7x7"):
        A.ssim(np.zeros((4, 4)), np.zeros((4, 4)))


def test_bad_input():
    img = _img()
    with pytest.raises(ValueError, match="quality"):
        A.jpeg(img, quality=0)
    with pytest.raises(ValueError, match="scale"):
        A.resize(img, scale=1.5)
    with pytest.raises(ValueError, match="keep"):
        A.crop(img, keep=0)
    with pytest.raises(ValueError, match="std"):
        A.noise(img, std=-0.1)
    with pytest.raises(ValueError, match="mode"):
        A.blur(img.convert("RGBA"))
    with pytest.raises(ValueError, match="PIL image"):
        A.jpeg(np.zeros((8, 8, 3)))
    with pytest.raises(ValueError, match="unknown attack"):
        A.apply_attack("JPEG 10", [img])
    with pytest.raises(ValueError, match="pipe"):
        A.apply_attack("regeneration 0.25", [img])


def test_regeneration_runs_with_a_small_random_pipeline():
    torch.manual_seed(0)
    tok = G.Tokenizer(["a", "painting"])
    pipe = G.TinyDiffusionPipeline(unet=G.default_unet(8), scheduler=G.default_scheduler(),
                                   text_encoder=G.TextEncoder(len(tok), embed_dim=32), tokenizer=tok)
    imgs = [_img(64, s) for s in range(3)]
    out = A.regenerate(imgs, pipe, strength=0.1, seed=0)
    again = A.regenerate(imgs, pipe, strength=0.1, seed=0)
    assert [o.size for o in out] == [(64, 64)] * 3
    assert np.array_equal(np.asarray(out[0]), np.asarray(again[0]))
    with pytest.raises(ValueError, match="strength"):
        A.regenerate(imgs, pipe, strength=0)
    with pytest.raises(ValueError, match="at least one"):
        A.regenerate([], pipe)

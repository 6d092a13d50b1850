import numpy as np
import pytest
from PIL import Image

from aigc_ethics import imaging


def test_samples_load_offline():
    img = imaging.load_sample("camera")
    assert img.mode == "RGB" and img.size == (512, 512)
    with pytest.raises(ValueError, match="unknown sample"):
        imaging.load_sample("lena")


def test_to_array_validates():
    assert imaging.to_array(Image.new("RGBA", (4, 4))).shape == (4, 4, 3)
    with pytest.raises(ValueError, match="mode"):
        imaging.to_array(Image.new("CMYK", (4, 4)))
    with pytest.raises(ValueError, match="uint8 or float"):
        imaging.to_array(np.zeros((4, 4, 3), dtype=np.int64))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        imaging.to_array(np.full((4, 4, 3), 3.0))
    with pytest.raises(ValueError, match="shape"):
        imaging.to_array(np.zeros((4, 4, 5), np.uint8))


def test_spectrum_and_lowpass():
    img = np.random.default_rng(0).random((16, 16))
    spec = imaging.log_spectrum(img)
    assert spec.shape == (16, 16) and spec[8, 8] == spec.max()
    with pytest.raises(ValueError, match="2-D"):
        imaging.log_spectrum(np.zeros((4, 4, 3)))
    smooth = imaging.lowpass(img, keep=0.2)
    assert smooth.std() < img.std()
    with pytest.raises(ValueError, match="keep"):
        imaging.lowpass(img, keep=0)
    assert np.allclose(imaging.lowpass(img, keep=1.5), img)


def test_gray_weights():
    assert np.isclose(imaging.to_gray(np.ones((2, 2, 3), np.float32))[0, 0], 1.0)
    assert np.isclose(imaging.to_gray(np.array([[[1.0, 0, 0]]], np.float32))[0, 0], 0.299)


def test_nearest_neighbours_and_rmse():
    from aigc_ethics.similarity import nearest_neighbours, rmse
    rng = np.random.default_rng(0)
    refs = rng.integers(0, 256, size=(20, 8, 8, 3), dtype=np.uint8)
    idx, dist = nearest_neighbours(refs[[3, 7]], refs)
    assert idx.tolist() == [3, 7] and np.allclose(dist, 0, atol=1e-3)
    assert np.isclose(rmse(np.zeros((1, 2, 2, 3)), np.ones((1, 2, 2, 3)))[0], 1.0)
    with pytest.raises(ValueError, match="resize"):
        nearest_neighbours(refs[:1, :4, :4], refs)
    with pytest.raises(ValueError, match="non-empty"):
        nearest_neighbours(np.zeros((0, 8, 8, 3)), refs)
    with pytest.raises(ValueError, match="same shape"):
        rmse(refs[:2], refs[:3])


def test_diversity_and_faithfulness_validate():
    from aigc_ethics.metrics import diversity
    same = np.zeros((4, 8, 8, 3), np.uint8)
    assert diversity(same) == 0.0
    assert diversity(np.stack([np.zeros((8, 8, 3)), np.ones((8, 8, 3))])) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="two images"):
        diversity(same[:1])


def test_resize_roundtrip_is_the_detectors_resize_and_checks_scale():
    from aigc_ethics.chapters.detect import resize
    from aigc_ethics.core.images import resize_roundtrip
    imgs = np.random.default_rng(1).integers(0, 256, (2, 32, 32, 3)).astype(np.uint8)
    half = resize_roundtrip(imgs, scale=0.5)
    assert half.shape == imgs.shape and half.dtype == np.uint8
    assert np.array_equal(half, resize(imgs, scale=0.5)) and np.array_equal(resize_roundtrip(imgs, scale=1.0), imgs)
    assert np.abs(half.astype(int) - imgs).mean() > 10          # random noise does not survive halving
    for bad in (0.05, 1.5, "half", True):
        with pytest.raises(ValueError, match="scale"):
            resize_roundtrip(imgs, scale=bad)

import numpy as np
import pytest

from aigc_ethics import detect as D


def _pair(n=40, seed=0):
    """Smooth "real" images vs the same images with a high-frequency checkerboard: a spectral
    difference any working detector must find."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:32, :32]
    base = rng.uniform(60, 190, size=(n, 1, 1, 3)) + 30 * np.sin(xx / 5.0 + rng.uniform(0, 6, (n, 1, 1)))[..., None]
    real = np.clip(base + rng.normal(0, 2, base.shape), 0, 255).astype(np.uint8)
    checker = ((yy + xx) % 2 * 2 - 1)[None, :, :, None] * 12
    fake = np.clip(base + checker + rng.normal(0, 2, base.shape), 0, 255).astype(np.uint8)
    return real, fake


def test_as_images_validates():
    assert D.as_images(np.zeros((32, 32, 3))).shape == (1, 32, 32, 3)
    with pytest.raises(ValueError, match="shaped"):
        D.as_images(np.zeros((2, 32, 32)))
    with pytest.raises(ValueError, match="empty"):
        D.as_images(np.zeros((0, 32, 32, 3)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        D.as_images(np.full((1, 4, 4, 3), 2.0))


def test_spectrum_finds_the_checkerboard_peak():
    real, fake = _pair()
    fy, fx, gain = D.artifact_peak(real, fake)
    assert (abs(fy), abs(fx)) == (16, 16) and gain > 1     # the Nyquist corner
    assert D.average_spectrum(real).shape == (32, 32)
    assert D.spectral_features(real, bins=12).shape == (40, 12 + 32 + 32)


def test_radial_spectra_of_a_constant_image_is_flat_zero():
    flat = np.full((2, 16, 16, 3), 128, np.uint8)
    assert np.allclose(D.radial_spectra(flat, bins=8), 0)
    with pytest.raises(ValueError):
        D.radial_bins((8, 8), bins=1)


def test_jpeg_and_resize_remove_high_frequencies():
    real, fake = _pair(8)
    hi = lambda x: D.radial_spectra(x, bins=8)[:, -1].mean()  # noqa: E731
    nyquist = lambda x: D.average_spectrum(x)[0, 0]  # noqa: E731  (the checkerboard's frequency)
    assert nyquist(D.jpeg(fake, 30)) < nyquist(fake) - 1
    assert hi(D.resize(fake, 0.5)) < hi(fake)
    assert D.resize(fake, 0.5).shape == fake.shape
    assert np.array_equal(D.postprocess(fake, "none"), fake)
    with pytest.raises(ValueError):
        D.jpeg(fake, 0)
    with pytest.raises(ValueError):
        D.resize(fake, 2.0)
    with pytest.raises(ValueError):
        D.postprocess(fake, "blur", 1)


def test_augment_is_seeded():
    real, _ = _pair(6)
    assert np.array_equal(D.augment(real, seed=3), D.augment(real, seed=3))
    assert np.array_equal(D.augment(real, seed=3, p=0), real)


@pytest.mark.parametrize("cls,kw", [(D.SpectralDetector, {}), (D.CNNDetector, {"epochs": 12})])
def test_detectors_learn_a_separable_task(cls, kw):
    real, fake = _pair(48, seed=0)
    rt, ft = _pair(24, seed=1)
    det = cls(**kw).fit(real, fake)
    res = D.evaluate(det, rt, ft)
    assert res["AUC"] > 0.95 and 0 <= res["ECE"] <= 1
    p = det.predict_proba(ft)
    assert p.shape == (24,) and ((p >= 0) & (p <= 1)).all()


def test_unfitted_detector_raises():
    with pytest.raises(RuntimeError, match="fit"):
        D.SpectralDetector().predict_proba(np.zeros((1, 32, 32, 3), np.uint8))


def test_ece_and_reliability():
    assert D.expected_calibration_error([0.9, 0.9, 0.1, 0.1], [1, 1, 0, 0]) == pytest.approx(0.1)
    assert D.expected_calibration_error([1.0, 0.0], [1, 0]) == 0.0
    assert D.expected_calibration_error([1.0, 1.0], [0, 0]) == 1.0
    curve = D.reliability_curve([0.05, 0.95, 0.96], [0, 1, 0], bins=10)
    assert list(curve["count"]) == [1, 2] and curve["observed"].iloc[1] == 0.5
    with pytest.raises(ValueError, match="probabilities"):
        D.expected_calibration_error([1.5], [1])
    with pytest.raises(ValueError, match="labels"):
        D.expected_calibration_error([0.5], [2])


def test_robustness_sweep_table():
    real, fake = _pair(40)
    det = D.SpectralDetector().fit(real, fake)
    table = D.robustness_sweep({"spec": det}, *_pair(20, seed=2),
                               settings={"clean": ("none", None), "JPEG q30": ("jpeg", 30)})
    assert list(table.index) == ["clean", "JPEG q30"] and list(table.columns) == ["spec"]
    assert table.loc["clean", "spec"] > 0.95
    with pytest.raises(ValueError):
        D.robustness_sweep({}, real, fake)


def test_real_images_and_prompts_are_seeded():
    a = D.real_images(8, seed=1)
    assert a.shape == (8, 32, 32, 3) and np.array_equal(a, D.real_images(8, seed=1))
    assert D.prompts_for(5, seed=0) == D.prompts_for(5, seed=0)
    with pytest.raises(ValueError):
        D.real_images(0)
    with pytest.raises(ValueError, match="unknown generator"):
        D.generated_images("midjourney")


def test_shipped_images_match_a_fresh_generation():
    """The shipped cache is what the code generates from its seed (first batch, 4 images)."""
    if not D.CACHE_FILE.is_file():
        pytest.skip("image cache not built")
    from aigc_ethics.generate import load_pipeline
    spec = D.GENERATORS["tiny-ddim25"]
    shipped = D.generated_images("tiny-ddim25")
    assert len(shipped) == spec["n"]
    pipe = load_pipeline("tiny", device="cpu")
    import torch
    noise = torch.randn((64, 3, 32, 32), generator=torch.Generator().manual_seed(0))[:4]   # batch 0's noise
    fresh = pipe(D.prompts_for(spec["n"])[:4], num_inference_steps=spec["steps"], eta=spec["eta"],
                 latents=noise, output_type="np").images
    assert np.abs(np.round(fresh * 255) - shipped[:4].astype(float)).max() <= 2

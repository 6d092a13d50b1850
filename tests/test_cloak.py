"""Unit tests for aigc_ethics.chapters.cloak (lesson 39; imported by the likeness chapter)."""

import numpy as np
import pytest

from aigc_ethics.chapters import cloak as C
from aigc_ethics.core.datasets import render_artwork
from aigc_ethics.generate import load_pipeline


@pytest.fixture(scope="module")
def pipe():
    return load_pipeline("tiny", device="cpu")


@pytest.fixture(scope="module")
def works():
    return np.stack([render_artwork("rings", seed=s) for s in range(3)])


def test_cloak_stays_in_budget_and_is_deterministic(pipe, works):
    a = C.cloak(works, pipe, epsilon=8 / 255, steps=3, progress=False, seed=1)
    b = C.cloak(works, pipe, epsilon=8 / 255, steps=3, progress=False, seed=1)
    assert a.dtype == np.uint8 and a.shape == works.shape
    assert np.array_equal(a, b)
    assert 0 < C.linf(works, a) <= 8
    assert C.psnr(works, a) > 30 and C.ssim(works, a) < 1


def test_untargeted_cloak_raises_the_denoising_loss(pipe, works):
    cloaked = C.cloak(works, pipe, steps=10, progress=False, prompt="a painting in the style of quist")
    before = C.denoising_loss(works, pipe, prompt="a painting in the style of quist", samples=4).mean()
    after = C.denoising_loss(cloaked, pipe, prompt="a painting in the style of quist", samples=4).mean()
    assert after > before


def test_targeted_cloak_moves_the_reading_toward_the_target(pipe, works):
    target = render_artwork("shards", seed=9)
    out = C.cloak(works, pipe, steps=3, target=target, progress=False)
    assert C.linf(works, out) <= 8


@pytest.mark.parametrize("bad, match", [
    (np.zeros((0, 32, 32, 3), np.uint8), "empty"),
    (np.zeros((1, 32, 32, 3), np.float32), "uint8"),
    (np.zeros((1, 32, 32), np.uint8), "shape|RGB"),
    (np.zeros((1, 30, 30, 3), np.uint8), "multiples of 4"),
])
def test_cloak_rejects_bad_batches(pipe, bad, match):
    with pytest.raises(ValueError, match=match):
        C.cloak(bad, pipe, steps=1, progress=False)


@pytest.mark.parametrize("kwargs, match", [
    ({"epsilon": 0}, "epsilon"), ({"epsilon": 0.5}, "epsilon"), ({"epsilon": float("nan")}, "epsilon"),
    ({"steps": 0}, "steps"), ({"step_size": 0.0}, "step_size"), ({"seed": -1}, "seed"),
    ({"prompt": 3}, "prompt"), ({"target": np.zeros((2, 32, 32, 3), np.uint8)}, "target"),
])
def test_cloak_rejects_bad_options(pipe, works, kwargs, match):
    with pytest.raises(ValueError, match=match):
        C.cloak(works, pipe, progress=False, **{"steps": 1, **kwargs})


def test_options_are_keyword_only(pipe, works):
    with pytest.raises(TypeError):
        C.cloak(works, pipe, 8 / 255)


def test_quality_measures(works):
    assert C.psnr(works, works) == float("inf") and C.ssim(works, works) == 1.0
    assert round(C.psnr(np.zeros((1, 32, 32, 3), np.uint8), np.full((1, 32, 32, 3), 8, np.uint8)), 1) == 30.1
    with pytest.raises(ValueError, match="same shape"):
        C.psnr(works, works[:1])


def test_copier_transforms_keep_the_batch_convention(pipe, works):
    for name in C.COPIER_TRANSFORMS:
        out = C.COPIER_TRANSFORMS[name](works, pipe=pipe)
        assert out.dtype == np.uint8 and out.shape == works.shape, name
        assert (name == "none") == np.array_equal(out, works), name
    with pytest.raises(ValueError, match="empty"):
        C.COPIER_TRANSFORMS["jpeg 75"](np.zeros((0, 32, 32, 3), np.uint8))
    assert np.array_equal(C.COPIER_TRANSFORMS["jpeg 75"](works), C.COPIER_TRANSFORMS["jpeg 75"](works, pipe=pipe))
    with pytest.raises(ValueError, match="needs the pipeline"):        # no model of its own (issue 19)
        C.COPIER_TRANSFORMS["regenerate 0.15"](works)


def test_regeneration_runs_the_given_pipeline(pipe, works, monkeypatch):
    """The copier's regeneration uses the pipeline it is given (and so its device), loading none itself."""
    seen = []
    real = C.A.regenerate

    def spy(images, p, **kw):
        seen.append(p)
        return real(images, p, **kw)

    monkeypatch.setattr(C.A, "regenerate", spy)
    monkeypatch.setattr(C, "load_pipeline", lambda *a, **k: pytest.fail("cloak loaded a model"), raising=False)
    C.survival(works, works, pipe, transforms=["regenerate 0.15"], samples=1)
    assert seen and all(p is pipe for p in seen)


def test_survival_reports_each_transform(pipe, works):
    cloaked = C.cloak(works, pipe, steps=4, progress=False)
    s = C.survival(works, cloaked, pipe, transforms=["jpeg 75"], samples=2)
    assert set(s) == {"none", "jpeg 75"} and s["none"]["survival"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="transforms"):
        C.survival(works, cloaked, pipe, transforms=["crop"])

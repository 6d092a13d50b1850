"""Tree-Ring keys, planting, distances, p-values and inversion (fast, on a small random model)."""
import numpy as np
import pytest
import torch

from aigc_ethics import generate as G
from aigc_ethics import treering as T


def _noise(n=8, shape=(3, 32, 32), seed=0):
    return torch.randn(n, *shape, generator=torch.Generator().manual_seed(seed))


def test_key_shape_and_rings_are_rotation_symmetric():
    key = T.make_key((3, 32, 32), radius=6, channels=(0, 2), seed=1)
    assert key["mask"].shape == (3, 32, 32) and not key["mask"][1].any()
    v = key["values"][0]
    assert v[16, 16 + 3] == v[16 + 3, 16] == v[16, 16 - 3]          # one value per ring
    assert np.allclose(v.imag, 0)
    sd = T.make_key((4, 64, 64), radius=10, inner_radius=0, channels=(3,))   # Stable Diffusion latents
    assert sd["mask"][3].sum() > 250 and sd["mask"][3, 32, 32]                   # the paper's disc: centre included


def test_default_key_leaves_the_lowest_frequencies_alone():
    key = T.make_key()                                   # rings 3..7 of the 32x32 pixel noise
    yy, xx = np.meshgrid(np.arange(32) - 16, np.arange(32) - 16, indexing="ij")
    ring = np.round(np.hypot(yy, xx)).astype(int)
    assert key["mask"][0][ring < 3].sum() == 0 and key["mask"][0][(ring >= 3) & (ring < 8)].all()
    assert not key["mask"][0][ring >= 8].any()
    # the planted noise keeps its colours: the mean of each channel (the centre coefficient) is untouched
    x = _noise(4)
    assert torch.allclose(T.plant(x, key).mean(dim=(2, 3)), x.mean(dim=(2, 3)), atol=1e-6)


def test_plant_gives_real_latents_that_match_the_key():
    key = T.make_key(radius=6, seed=0)
    x = _noise()
    y = T.plant(x, key)
    assert y.dtype == x.dtype and y.shape == x.shape
    assert T.distance(y, key).max() < 1e-6
    assert T.distance(x, key).min() > 5
    # outside the key's disc nothing changes
    fx, fy = T._fft(x), T._fft(y)
    assert np.allclose(fx[:, ~key["mask"]], fy[:, ~key["mask"]], atol=1e-6)


def test_p_values_separate_keyed_noise_from_fresh_noise():
    key = T.make_key(radius=6, seed=0)
    fresh = _noise(64, seed=1)
    noisy_keyed = T.plant(fresh, key) + 0.5 * _noise(64, seed=2)
    p_fresh, p_keyed = T.p_value(fresh, key), T.p_value(noisy_keyed, key)
    assert np.all((0 <= p_fresh) & (p_fresh <= 1))
    assert (p_fresh < 0.01).mean() <= 0.05                # about calibrated under the null
    assert (p_keyed < 0.01).mean() > 0.9


def test_bad_input():
    with pytest.raises(ValueError, match="radius"):
        T.make_key((3, 32, 32), radius=20)
    with pytest.raises(ValueError, match="inner_radius"):
        T.make_key((3, 32, 32), radius=6, inner_radius=6)
    with pytest.raises(ValueError, match="inner_radius"):
        T.make_key((3, 32, 32), inner_radius=-1)
    with pytest.raises(ValueError, match="channels"):
        T.make_key((3, 32, 32), channels=(3,))
    with pytest.raises(ValueError, match="shape"):
        T.make_key((32, 32))
    key = T.make_key()
    with pytest.raises(ValueError, match="match the key"):
        T.plant(torch.zeros(1, 4, 64, 64), key)
    with pytest.raises(ValueError, match="make_key"):
        T.distance(_noise(), {"mask": 1})


def test_generate_and_invert_run_with_a_small_random_pipeline():
    torch.manual_seed(0)
    tok = G.Tokenizer(["a", "painting"])
    pipe = G.TinyDiffusionPipeline(unet=G.default_unet(8), scheduler=G.default_scheduler(),
                                   text_encoder=G.TextEncoder(len(tok), embed_dim=32), tokenizer=tok)
    key = T.make_key(radius=4, inner_radius=1)
    imgs = T.generate(pipe, ["a painting"] * 2, key, seed=0, num_inference_steps=5)
    twins = T.generate(pipe, ["a painting"] * 2, None, seed=0, num_inference_steps=5)
    assert len(imgs) == 2 and imgs[0].size == (32, 32)
    assert not np.array_equal(np.asarray(imgs[0]), np.asarray(twins[0]))
    inv = T.invert(pipe, imgs, num_inference_steps=5)
    assert inv.shape == (2, 3, 32, 32) and torch.isfinite(inv).all()
    assert torch.equal(inv, T.invert(pipe, imgs, num_inference_steps=5))          # deterministic
    assert T.scores(pipe, imgs, key, num_inference_steps=5).shape == (2,)
    with pytest.raises(ValueError, match="uint8 array"):
        T.invert(pipe, [np.zeros((16, 16, 3), np.uint8)])
    assert T.latent_shape(pipe) == (3, 32, 32)
    with pytest.raises(ValueError, match="seed"):
        T.generate(pipe, ["a painting"], key, seed=-1)
    with pytest.raises(ValueError, match="num_inference_steps"):
        T.invert(pipe, imgs, num_inference_steps=0)
    with pytest.raises(ValueError, match="batch"):
        T.invert(pipe, imgs, batch=0)
    with pytest.raises(TypeError):
        T.invert(pipe, imgs, 5)                  # options are keyword-only
    with pytest.raises(TypeError):
        T.make_key((3, 32, 32), 8)

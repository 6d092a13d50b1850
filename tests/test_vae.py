import json

import numpy as np
import pytest
import torch

from aigc_ethics import vae as V
from aigc_ethics.generate import CheckpointError

TINY = V.VAEConfig(channels=(8, 8), latent_channels=2, norm_groups=4)


def _images(n=16, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (n, 32, 32, 3)).astype(np.uint8)


def test_config_validates():
    with pytest.raises(ValueError, match="multiples"):
        V.VAEConfig(channels=(10, 16), norm_groups=8).validate()
    with pytest.raises(ValueError, match="latent"):
        V.VAEConfig(latent_channels=0).validate()


def test_sample_shapes_modes_and_seeds():
    torch.manual_seed(0)
    vae = V.GaussianVAE(TINY)
    assert vae.latent_shape == (2, 16, 16)
    a = V.sample(vae, n=3, seed=5, mode="mean")
    assert a.shape == (3, 32, 32, 3) and a.dtype == np.uint8
    assert np.array_equal(a, V.sample(vae, n=3, seed=5, mode="mean"))
    assert not np.array_equal(a, V.sample(vae, n=3, seed=6, mode="mean"))
    s = V.sample(vae, n=3, seed=5, mode="sample")
    # a sample is the mean plus per-pixel noise of the decoder's sigma (0.135 in [-1, 1] units)
    assert 5 < np.abs(s.astype(float) - a).mean() < 30


@pytest.mark.parametrize("kw,match", [({"seed": -1}, "seed"), ({"seed": 1.5}, "seed"), ({"seed": True}, "seed"),
                                      ({"n": 0}, "n must"), ({"mode": "median"}, "mode"),
                                      ({"temperature": 0}, "temperature")])
def test_sample_rejects_bad_input(kw, match):
    vae = V.GaussianVAE(TINY)
    with pytest.raises(ValueError, match=match):
        V.sample(vae, **{"n": 2, "seed": 0, **kw})
    with pytest.raises(TypeError):
        V.sample("not a vae", n=2)


def test_reconstruct_validates_images():
    vae = V.GaussianVAE(TINY)
    assert V.reconstruct(vae, _images(2)).shape == (2, 32, 32, 3)
    with pytest.raises(ValueError, match="shaped"):
        V.reconstruct(vae, np.zeros((2, 16, 16, 3), np.uint8))
    with pytest.raises(ValueError, match="uint8"):
        V.reconstruct(vae, np.zeros((2, 32, 32, 3)))
    with pytest.raises(ValueError, match="empty"):
        V.reconstruct(vae, np.zeros((0, 32, 32, 3), np.uint8))


def test_training_lowers_the_loss_and_resumes(tmp_path):
    imgs = _images(32)
    V.train(tmp_path / "run", steps=4, batch=8, config=TINY, images=imgs, save_every=2, progress=False)
    log = json.loads((tmp_path / "run" / "log.json").read_text())
    assert log["step"] == 4 and (tmp_path / "run" / "state.pt").is_file()
    V.train(tmp_path / "run", steps=6, batch=8, config=TINY, images=imgs, save_every=2, progress=False)
    assert json.loads((tmp_path / "run" / "log.json").read_text())["step"] == 6
    with pytest.raises(ValueError, match="another config"):
        V.train(tmp_path / "run", steps=8, config=V.VAEConfig(channels=(8, 16), norm_groups=4), images=imgs,
                progress=False)
    with pytest.raises(ValueError, match="seed"):
        V.train(tmp_path / "x", steps=2, images=imgs, seed=-3, progress=False)


def test_elbo_decreases_on_a_fixed_batch():
    torch.manual_seed(0)
    vae = V.GaussianVAE(TINY)
    x = V._to_tensor(_images(8))
    opt = torch.optim.Adam(vae.parameters(), lr=1e-2)
    first = float(vae.loss(x, torch.Generator().manual_seed(0))[0].detach())
    for _ in range(15):
        loss, _ = vae.loss(x, torch.Generator().manual_seed(0))
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert float(vae.loss(x, torch.Generator().manual_seed(0))[0].detach()) < first


def test_save_load_roundtrip_and_corruption(tmp_path):
    torch.manual_seed(1)
    vae = V.GaussianVAE(TINY)
    with torch.no_grad():
        vae.log_sigma.fill_(-3.0)
    d = V.save_vae(vae, tmp_path / "ckpt", meta={"step": 0})
    back = V.load_vae(d)
    a, b = V.sample(vae, n=2, seed=0, mode="sample"), V.sample(back, n=2, seed=0, mode="sample")
    assert np.abs(a.astype(int) - b).max() <= 2          # float16 on disk
    assert np.allclose(back.sigma, np.exp(-3.0))
    weights = next((d / "autoencoder").glob("*.safetensors"))
    weights.write_bytes(weights.read_bytes()[:-8] + b"corrupt!")
    with pytest.raises(CheckpointError, match="altered or corrupted"):
        V.load_vae(d)
    with pytest.raises(CheckpointError):
        V.load_vae(tmp_path / "nowhere")


def test_shipped_checkpoint_is_small_and_loads():
    if not (V.CHECKPOINT_DIR / V.SIGMA_FILE).is_file():
        pytest.skip("VAE checkpoint not shipped")
    size = sum(p.stat().st_size for p in V.CHECKPOINT_DIR.rglob("*") if p.is_file())
    assert size < 3e6
    vae = V.load_vae()
    assert V.sample(vae, n=2, seed=0).shape == (2, 32, 32, 3)
    assert (V.CHECKPOINT_DIR / "MODEL_CARD.md").is_file()

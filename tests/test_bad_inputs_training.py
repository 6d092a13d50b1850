"""Training states are never unpickled (issue 20): core.state refuses planted or half-written
states with a clear error, and the VAE trainer resumes from tensors + JSON."""

import json

import numpy as np
import pytest
import torch

from aigc_ethics.core import vae as V
from aigc_ethics.core.state import load_state, save_state


class Planted:                                   # any custom class: a pickle that could run code
    pass


def test_state_round_trip_and_refusals(tmp_path):
    p = tmp_path / "state.pt"
    save_state(p, {"w": torch.arange(3), "opt": {"state": {0: {"step": torch.tensor(2.0)}}}}, {"step": 5, "losses": [[1, 0.5]]})
    tensors, meta = load_state(p)
    assert meta == {"step": 5, "losses": [[1, 0.5]]} and tensors["opt"]["state"][0]["step"].item() == 2.0
    (tmp_path / "state.json").write_text(json.dumps({"step": 6}))
    with pytest.raises(ValueError, match="do not match"):
        load_state(p)
    (tmp_path / "state.json").write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_state(p)
    (tmp_path / "state.json").unlink()
    with pytest.raises(ValueError, match="pickle"):
        load_state(p)
    torch.save({"step": 1, "tensors": {"x": Planted()}}, p)
    (tmp_path / "state.json").write_text(json.dumps({"step": 1}))
    with pytest.raises(ValueError, match="tensor-only"):
        load_state(p)
    with pytest.raises(ValueError, match="step"):
        save_state(p, {}, {"no_step": 1})
    with pytest.raises(TypeError):
        save_state(p, {}, {"step": 1, "bad": Planted()})      # non-JSON metadata fails before writing


def test_vae_resumes_from_tensors_and_json_and_refuses_planted_pickles(tmp_path):
    imgs = np.random.default_rng(0).integers(0, 256, (8, 32, 32, 3), dtype=np.uint8)
    cfg = V.VAEConfig(channels=(8, 8), latent_channels=2)
    V.train(tmp_path / "run", steps=2, batch=4, images=imgs, config=cfg, save_every=1, progress=False)
    assert json.loads((tmp_path / "run" / "state.json").read_text())["step"] == 2
    V.train(tmp_path / "run", steps=3, batch=4, images=imgs, config=cfg, save_every=1, progress=False)
    assert json.loads((tmp_path / "run" / "state.json").read_text())["step"] == 3
    (tmp_path / "evil").mkdir()
    torch.save({"model": Planted()}, tmp_path / "evil" / "state.pt")
    with pytest.raises(ValueError, match="pickle"):
        V.train(tmp_path / "evil", steps=1, batch=4, images=imgs, config=cfg, progress=False)


@pytest.mark.parametrize("field, value", [("batch_size", 0), ("steps", -1), ("steps", 2.5), ("lr", float("nan")),
                                          ("lr", 0), ("ema_decay", 1.5), ("seed", 2 ** 80), ("seed", -1),
                                          ("base_channels", 12), ("prediction_type", "v"), ("warmup", -1),
                                          ("caption_dropout", float("inf")), ("save_every", 0)])
def test_train_config_refuses_bad_settings(field, value):
    from aigc_ethics.core.train import TrainConfig

    cfg = TrainConfig(steps=1, batch_size=4, base_channels=8)
    setattr(cfg, field, value)
    with pytest.raises(ValueError, match=field) as err:
        cfg.validate()
    assert "\n" not in str(err.value)


def test_trainer_refuses_unknown_devices_and_configs():
    from aigc_ethics.core.datasets import make_dataset
    from aigc_ethics.core.train import TrainConfig, Trainer

    with pytest.raises(ValueError, match="device"):
        Trainer(make_dataset(scale=0.002), TrainConfig(base_channels=8), device="gpu")
    with pytest.raises(ValueError, match="TrainConfig"):
        Trainer(make_dataset(scale=0.002), {"steps": 1}, device="cpu")


def test_no_pickle_loading_anywhere_in_the_repository():
    """No torch.load with weights_only switched off, in the package, tools, tests or lessons."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    needle = "weights_only=" + "False"
    hits = [str(p.relative_to(root)) for d in ("src", "tools", "tests", "lessons") for p in (root / d).rglob("*.py")
            if needle in p.read_text(errors="replace")]
    assert hits == [], hits


@pytest.mark.parametrize("kwargs, words", [
    (dict(n=0), "n must be"), (dict(n=10 ** 7), "n must be"), (dict(seed=2 ** 80), "seed"), (dict(seed=-1), "seed"),
    (dict(temperature=float("nan")), "temperature"), (dict(mode="median"), "mode"), (dict(batch=0), "batch"),
    (dict(mode="sample", pixel_sigma=float("nan")), "pixel_sigma"),
])
def test_vae_sample_refuses_bad_arguments(kwargs, words):
    vae = V.GaussianVAE(V.VAEConfig(channels=(8, 8), latent_channels=2))
    with pytest.raises(ValueError, match=words):
        V.sample(vae, **kwargs)


def test_vae_refuses_non_uint8_images():
    vae = V.GaussianVAE(V.VAEConfig(channels=(8, 8), latent_channels=2))
    for bad in (np.full((1, 32, 32, 3), np.nan), np.zeros((1, 32, 32, 3), np.uint16), np.zeros((0, 32, 32, 3), np.uint8),
                np.zeros((1, 1, 1, 3), np.uint8)):
        with pytest.raises(ValueError, match="images"):
            V.reconstruct(vae, bad)

import json

import pytest
import torch

from aigc_ethics.datasets import make_dataset
from aigc_ethics.generate import load_pipeline
from aigc_ethics.train import TrainConfig, Trainer, main, train


def test_quick_training_run_writes_pipeline_and_curve(tmp_path):
    ds = make_dataset(scale=0.005)
    pipe = train(tmp_path, config=TrainConfig(steps=3, batch_size=4, save_every=2, base_channels=8), dataset=ds, device="cpu",
                 progress=False)
    assert (tmp_path / "loss_curve.csv").read_text().count("\n") == 4
    assert (tmp_path / "loss_curve.png").exists()
    info = json.loads((tmp_path / "train_info.json").read_text())
    assert info["steps"] == 3 and info["device"] == "cpu"
    loaded = load_pipeline(str(tmp_path / "pipeline"), device="cpu")
    assert loaded.tokenizer.vocab == pipe.tokenizer.vocab


def test_resume_continues_where_it_stopped(tmp_path):
    ds = make_dataset(scale=0.005)
    cfg = TrainConfig(steps=2, batch_size=4, save_every=1, base_channels=8)
    train(tmp_path, config=cfg, dataset=ds, device="cpu", progress=False)
    assert json.loads((tmp_path / "state.json").read_text())["step"] == 2
    assert torch.load(tmp_path / "state.pt", weights_only=True)["step"] == 2
    cfg.steps = 4
    train(tmp_path, config=cfg, dataset=ds, device="cpu", progress=False)
    assert torch.load(tmp_path / "state.pt", weights_only=True)["step"] == 4
    assert json.loads((tmp_path / "state.json").read_text())["step"] == 4


def test_resume_refuses_a_pickled_state(tmp_path):
    """A planted pickle is never unpickled: without state.json it is refused, and a state.pt
    that holds a custom object fails weights_only loading with a clear error (issue 20)."""
    ds = make_dataset(scale=0.005)
    cfg = TrainConfig(steps=1, batch_size=4, save_every=1, base_channels=8)
    torch.save({"step": 1, "evil": Exception("planted")}, tmp_path / "state.pt")
    with pytest.raises(ValueError, match="pickle"):
        train(tmp_path, config=cfg, dataset=ds, device="cpu", progress=False)
    (tmp_path / "state.json").write_text(json.dumps({"step": 1}))
    with pytest.raises(ValueError, match="tensor-only"):
        train(tmp_path, config=cfg, dataset=ds, device="cpu", progress=False)


def test_training_reduces_the_loss():
    torch.manual_seed(0)
    tr = Trainer(make_dataset(scale=0.01), TrainConfig(batch_size=16, lr=1e-3, warmup=1, base_channels=8), device="cpu")
    first = sum(tr.train_step() for _ in range(3)) / 3
    for _ in range(25):
        tr.train_step()
    last = sum(tr.train_step() for _ in range(3)) / 3
    assert last < first * 0.8


def test_cli(tmp_path):
    main(["--out", str(tmp_path), "--steps", "1", "--batch-size", "2", "--data-scale", "0.003",
          "--device", "cpu", "--base-channels", "8"])
    assert (tmp_path / "pipeline" / "checksums.json").exists()


def test_noise_prediction_run_is_saved_as_such_and_can_be_installed(tmp_path, monkeypatch):
    import modelcard
    import pytest

    from aigc_ethics import generate as G
    ds = make_dataset(scale=0.005)
    cfg = TrainConfig(steps=2, batch_size=4, base_channels=8, prediction_type="epsilon")
    tr = Trainer(ds, cfg, device="cpu")
    assert tr.noise_scheduler.config.prediction_type == "epsilon"
    train(tmp_path / "run", config=cfg, dataset=ds, device="cpu", progress=False)
    pipe = load_pipeline(str(tmp_path / "run" / "pipeline"), device="cpu")
    assert pipe.scheduler.config.prediction_type == "epsilon"
    monkeypatch.setattr(modelcard, "CHECKPOINTS", tmp_path / "checkpoints")
    out = modelcard.install_variant("eps-test", tmp_path / "run", "A test.")
    card = (out / "MODEL_CARD.md").read_text()
    assert "trained from scratch" in card and "--prediction-type epsilon" in card and "--init-from" not in card
    G.verify_checksums(out)
    with pytest.raises(ValueError, match="prediction_type"):
        G.default_scheduler(prediction_type="v")


def test_run_steps_saves_resumes_and_stops():
    from aigc_ethics.core.state import ema_update, run_steps
    saved, logged = [], []
    assert run_steps(lambda: 0.5, steps=5, save=saved.append, save_every=2, progress=False,
                     on_step=lambda s, loss, bar: logged.append((s, loss))) == 5
    assert saved == [2, 4, 5] and logged[0] == (1, 0.5) and len(logged) == 5
    saved.clear()
    assert run_steps(lambda: 0.5, steps=5, start=3, save=saved.append, save_every=2, progress=False) == 5
    assert saved == [4, 5]                                    # resumed at step 3
    assert run_steps(lambda: 0.5, steps=9, save=saved.append, save_every=2, progress=False,
                     stop=lambda: True) == 2                  # a time limit ends the run after a save
    for bad in (dict(steps=-1), dict(steps=2.5), dict(steps=3, save_every=0)):
        with pytest.raises(ValueError):
            run_steps(lambda: 0.0, progress=False, **bad)
    a, b = torch.nn.Linear(2, 1), torch.nn.Linear(2, 1)
    with torch.no_grad():
        a.weight.fill_(0.0), b.weight.fill_(1.0)
    ema_update(a, b, rate=0.1)
    assert torch.allclose(a.weight, torch.full_like(a.weight, 0.1))
    with pytest.raises(ValueError, match="rate"):
        ema_update(a, b, rate=0)

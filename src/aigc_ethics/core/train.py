"""Train the tiny text-to-image model from scratch, or resume a run.

    python -m aigc_ethics.train --out runs/tiny --steps 4000

What happens, step by step (the same loop as diffusers' ``train_unconditional`` example, with
a text encoder trained alongside):

1. draw the dataset from its seed (:func:`aigc_ethics.datasets.make_dataset`);
2. each step: take a batch of images and captions, drop 10 % of the captions (so the model
   also learns the unconditional case that classifier-free guidance needs), add noise at a
   random timestep with ``DDPMScheduler.add_noise``, ask the UNet for the clean image (or,
   with ``--prediction-type epsilon``, for the noise), and take an AdamW step on the mean
   squared error;
3. keep an exponential moving average (EMA) of the weights: the shipped model uses it;
4. every ``--save-every`` steps write a resumable state (``state.pt`` with tensors only, read
   with ``weights_only=True``, and ``state.json``) and the loss curve.

It uses a GPU when one is visible, the CPU otherwise.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import platform
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from aigc_ethics.core.datasets import SyntheticDataset, composition_from_spec, make_dataset
from aigc_ethics.core.generate import (
    TextEncoder,
    TinyDiffusionPipeline,
    Tokenizer,
    default_device,
    default_scheduler,
    default_unet,
)
from aigc_ethics.core.images import ImageBatch
from aigc_ethics.core.state import ema_update, load_state, run_steps, save_state


@dataclass
class TrainConfig:
    steps: int = 4000
    batch_size: int = 32
    lr: float = 5e-4
    warmup: int = 200
    ema_decay: float = 0.995
    caption_dropout: float = 0.1
    seed: int = 0
    data_seed: int = 0
    data_scale: float = 1.0
    save_every: int = 250
    base_channels: int = 32  # UNet width; tests use 8
    init_from: str = ""      # a pipeline folder to fine-tune from (empty: train from scratch)
    composition: str = ""    # see datasets.composition_from_spec: "", "balanced", "engineer=0.1", ...
    prediction_type: str = "sample"  # "sample" (predict the clean image) or "epsilon" (predict the noise)

    def validate(self) -> "TrainConfig":
        """Raise a one-line ``ValueError`` for a setting that cannot train (issue 20)."""
        for name in ("steps", "batch_size", "save_every", "base_channels"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
                raise ValueError(f"TrainConfig.{name} must be a positive integer, got {v!r}")
        if isinstance(self.warmup, bool) or not isinstance(self.warmup, (int, np.integer)) or self.warmup < 0:
            raise ValueError(f"TrainConfig.warmup must be an integer >= 0, got {self.warmup!r}")
        if self.base_channels % 8:
            raise ValueError(f"TrainConfig.base_channels must be a multiple of 8 (group norm), got {self.base_channels}")
        for name, lo, hi in (("lr", 0, 1), ("ema_decay", 0, 1), ("caption_dropout", 0, 1), ("data_scale", 0, 1000)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)) or not np.isfinite(v) \
                    or not lo <= v <= hi or (name in ("lr", "data_scale") and v == 0):
                raise ValueError(f"TrainConfig.{name} must be a finite number in {'(' if name in ('lr', 'data_scale') else '['}"
                                 f"{lo}, {hi}], got {v!r}")
        for name in ("seed", "data_seed"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 0 <= v < 2 ** 63:
                raise ValueError(f"TrainConfig.{name} must be an integer in [0, 2**63), got {v!r}")
        if self.prediction_type not in ("sample", "epsilon"):
            raise ValueError(f"TrainConfig.prediction_type must be 'sample' or 'epsilon', got {self.prediction_type!r}")
        return self


def images_to_tensor(images: ImageBatch) -> torch.Tensor:
    """uint8 ``(N, H, W, 3)`` -> float ``(N, 3, H, W)`` in [-1, 1]."""
    return torch.from_numpy(images).permute(0, 3, 1, 2).float().div(127.5).sub(1.0)


class Trainer:
    """Holds the models, optimiser and EMA copies, and can save/restore all of it."""

    def __init__(self, dataset: SyntheticDataset, config: TrainConfig, device=None, vocabulary=None):
        if not isinstance(config, TrainConfig):
            raise ValueError(f"config must be a TrainConfig, got {type(config).__name__}")
        self.config = config.validate()
        try:
            self.device = torch.device(device) if device else default_device()
        except (RuntimeError, TypeError):
            raise ValueError(f"device must be 'cpu', 'cuda', 'cuda:N' or 'mps', got {device!r}") from None
        torch.manual_seed(config.seed)
        self.dataset = dataset
        self.tokenizer = Tokenizer(vocabulary or dataset.vocabulary())
        self.ids = self.tokenizer(dataset.captions)
        self.x = images_to_tensor(dataset.images)
        self.unet = default_unet(config.base_channels).to(self.device)
        self.text_encoder = TextEncoder(len(self.tokenizer), embed_dim=4 * config.base_channels).to(self.device)
        if config.init_from:
            self._load_weights(config.init_from)
        self.ema_unet = copy.deepcopy(self.unet).eval().requires_grad_(False)
        self.ema_text = copy.deepcopy(self.text_encoder).eval().requires_grad_(False)
        self.noise_scheduler = default_scheduler(train=True, prediction_type=config.prediction_type)
        params = list(self.unet.parameters()) + list(self.text_encoder.parameters())
        self.optimizer = torch.optim.AdamW(params, lr=config.lr, weight_decay=0.0)
        self.lr_schedule = torch.optim.lr_scheduler.LambdaLR(
            self.optimizer, lambda s: min(1.0, (s + 1) / max(1, config.warmup)))
        self.step = 0
        self.losses: list[tuple[int, float, float]] = []  # (step, loss, seconds since start)
        self.elapsed = 0.0
        self.generator = torch.Generator().manual_seed(config.seed)
        self._order = torch.empty(0, dtype=torch.long)

    def _load_weights(self, folder) -> None:
        """Start from a saved pipeline (fine-tuning). Its vocabulary must contain every caption word."""
        pipe = TinyDiffusionPipeline.from_pretrained(folder)
        if pipe.tokenizer.vocab != self.tokenizer.vocab:
            missing = sorted(set(self.tokenizer.vocab) - set(pipe.tokenizer.vocab))
            if missing:
                raise ValueError(f"cannot fine-tune {folder}: its vocabulary lacks {missing}")
            self.tokenizer = pipe.tokenizer
            self.ids = self.tokenizer(self.dataset.captions)
        self.unet.load_state_dict(pipe.unet.state_dict())
        self.text_encoder = pipe.text_encoder.to(self.device).train()
        self.unet.to(self.device).train()

    def _next_batch(self):
        if len(self._order) < self.config.batch_size:
            self._order = torch.cat([self._order, torch.randperm(len(self.x), generator=self.generator)])
        idx, self._order = self._order[:self.config.batch_size], self._order[self.config.batch_size:]
        ids = self.ids[idx].clone()
        drop = torch.rand(len(idx), generator=self.generator) < self.config.caption_dropout
        ids[drop] = 0
        return self.x[idx].to(self.device), ids.to(self.device)

    def train_step(self) -> float:
        x0, ids = self._next_batch()
        noise = torch.randn(x0.shape, generator=self.generator).to(self.device)
        t = torch.randint(0, self.noise_scheduler.config.num_train_timesteps, (len(x0),),
                          generator=self.generator).to(self.device)
        xt = self.noise_scheduler.add_noise(x0, noise, t)
        pred = self.unet(xt, t, class_labels=self.text_encoder(ids)).sample
        # prediction_type "sample": the UNet predicts the clean image; "epsilon": the noise
        loss = F.mse_loss(pred, noise if self.config.prediction_type == "epsilon" else x0)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.unet.parameters(), 1.0)
        self.optimizer.step()
        self.lr_schedule.step()
        for ema, live in ((self.ema_unet, self.unet), (self.ema_text, self.text_encoder)):
            ema_update(ema, live, rate=1 - self.config.ema_decay)
        self.step += 1
        return loss.item()

    # -- state -------------------------------------------------------------------------------
    def state_dict(self) -> dict:
        return {"step": self.step, "losses": self.losses, "elapsed": self.elapsed,
                "unet": self.unet.state_dict(), "text_encoder": self.text_encoder.state_dict(),
                "ema_unet": self.ema_unet.state_dict(), "ema_text": self.ema_text.state_dict(),
                "optimizer": self.optimizer.state_dict(), "lr_schedule": self.lr_schedule.state_dict(),
                "generator": self.generator.get_state(), "order": self._order,
                "vocab": self.tokenizer.vocab, "config": asdict(self.config)}

    def load_state_dict(self, state: dict) -> None:
        if state["vocab"] != self.tokenizer.vocab:
            raise ValueError("cannot resume: the saved run used a different caption vocabulary")
        self.unet.load_state_dict(state["unet"])
        self.text_encoder.load_state_dict(state["text_encoder"])
        self.ema_unet.load_state_dict(state["ema_unet"])
        self.ema_text.load_state_dict(state["ema_text"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.lr_schedule.load_state_dict(state["lr_schedule"])
        self.generator.set_state(state["generator"])
        self._order = state["order"]
        self.step, self.losses, self.elapsed = state["step"], list(state["losses"]), state["elapsed"]

    def pipeline(self, ema: bool = True) -> TinyDiffusionPipeline:
        unet = copy.deepcopy(self.ema_unet if ema else self.unet).eval()
        text = copy.deepcopy(self.ema_text if ema else self.text_encoder).eval()
        return TinyDiffusionPipeline(unet=unet, scheduler=default_scheduler(train=False,
                                                                            prediction_type=self.config.prediction_type),
                                     text_encoder=text, tokenizer=self.tokenizer)


def save_loss_curve(losses, out_dir: Path) -> None:
    """Write ``loss_curve.csv`` and ``loss_curve.png`` (raw loss and a 50-step moving average)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "loss_curve.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "loss", "seconds"])
        w.writerows(losses)
    if not losses:
        return
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    steps, loss, _ = map(np.asarray, zip(*losses))
    k = min(50, len(loss))
    smooth = np.convolve(loss, np.ones(k) / k, mode="valid")
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.plot(steps, loss, color="#bbbbbb", lw=0.6, label="loss per step")
    ax.plot(steps[k - 1:], smooth, color="#0072B2", lw=1.8, label=f"{k}-step average")
    ax.set(xlabel="training step", ylabel="MSE of the prediction", yscale="log",
           title="Training loss of the tiny model")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out_dir / "loss_curve.png", dpi=120)
    plt.close(fig)


#: Entries of :meth:`Trainer.state_dict` stored as JSON (the rest are tensors, loaded with weights_only=True).
_JSON_STATE = ("step", "losses", "elapsed", "vocab", "config")


def train(out_dir, *, config: TrainConfig | None = None, dataset: SyntheticDataset | None = None,
          device=None, resume: bool = True, progress: bool = True) -> TinyDiffusionPipeline:
    """Train (or resume) and write ``out_dir/pipeline`` (EMA weights) plus the loss curve.

    >>> from aigc_ethics.datasets import make_dataset
    >>> pipe = train("/tmp/quick", config=TrainConfig(steps=2, batch_size=4), dataset=make_dataset(scale=0.005), resume=False)
    """
    config = config or TrainConfig()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if dataset is None:
        dataset = make_dataset(composition_from_spec(config.composition), seed=config.data_seed,
                               scale=config.data_scale)
    trainer = Trainer(dataset, config, device=device)
    state_path = out / "state.pt"
    if resume and state_path.exists():
        tensors, meta = load_state(state_path)
        trainer.load_state_dict({**tensors, **meta})
        print(f"resumed from step {trainer.step}")

    start = time.time() - trainer.elapsed

    def step_fn() -> float:
        loss = trainer.train_step()
        trainer.elapsed = time.time() - start
        trainer.losses.append((trainer.step, loss, round(trainer.elapsed, 2)))
        return loss

    def on_step(step: int, loss: float, bar) -> None:
        if step % 25 == 0:
            recent = [l for _, l, _ in trainer.losses[-25:]]
            bar.set_postfix(loss=f"{np.mean(recent):.4f}", steps_per_s=f"{step / max(trainer.elapsed, 1e-9):.2f}")

    def save(step: int) -> None:
        full = trainer.state_dict()
        meta = {k: full.pop(k) for k in _JSON_STATE}
        save_state(state_path, full, meta)
        save_loss_curve(trainer.losses, out)

    run_steps(step_fn, steps=config.steps, start=trainer.step, save=save, save_every=config.save_every,
              desc="training", progress=progress, on_step=on_step)

    pipe = trainer.pipeline(ema=True)
    pipe.save_pretrained(out / "pipeline")
    save_loss_curve(trainer.losses, out)
    info = {"config": asdict(config), "steps": trainer.step, "train_seconds": round(trainer.elapsed, 1),
            "device": str(trainer.device), "torch_threads": torch.get_num_threads(),
            "machine": platform.processor() or platform.machine(), "dataset_size": len(dataset),
            "final_loss_avg100": float(np.mean([l for _, l, _ in trainer.losses[-100:]])) if trainer.losses else None,
            "unet_parameters": sum(p.numel() for p in trainer.unet.parameters()),
            "text_encoder_parameters": sum(p.numel() for p in trainer.text_encoder.parameters())}
    (out / "train_info.json").write_text(json.dumps(info, indent=1))
    return pipe


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="run folder (state, loss curve, final pipeline)")
    defaults = TrainConfig()
    for name, value in asdict(defaults).items():
        p.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    p.add_argument("--fresh", action="store_true", help="ignore an existing state.pt and start over")
    p.add_argument("--device", default=None, help="cpu or cuda (default: cuda if available)")
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    config = TrainConfig(**{k: getattr(args, k) for k in asdict(defaults)})
    train(args.out, config=config, device=args.device, resume=not args.fresh)
    print(f"done: {Path(args.out) / 'pipeline'}")


if __name__ == "__main__":
    main()

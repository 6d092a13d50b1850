"""Train the privacy chapter's models and install them as shipped checkpoints (maintenance tool).

    .venv/bin/python tools/train_privacy.py train --out runs/privacy-dup --snapshots 600,1200 --threads 2
    .venv/bin/python tools/train_privacy.py train-dp --out runs/privacy-dp --steps 400 --noise 2.0 --batch 64
    .venv/bin/python tools/train_privacy.py install NAME PIPELINE_DIR PURPOSE COMMAND

``tools/train_privacy.sh`` runs every step.
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from aigc_ethics.chapters.privacy import DEFAULT_COPIES, GENERIC_PER_PROFESSION, train_dp, train_snapshots
from aigc_ethics.core.generate import CHECKPOINTS, TINY_CHECKPOINT, TinyDiffusionPipeline, write_checksums

PRIVACY_CARD = """# Model card: `{name}`

**Purpose.** {purpose}

**Data.** The privacy chapter's training set (`aigc_ethics.privacy.privacy_dataset(seed=0{dedup_arg})`):
{n_generic} generic synthetic portraits under shared captions, plus eight portraits of invented people,
each under its own caption ("a photo of ada"), {copies_text}. {dataset_size} training records in all.
Nobody real is depicted; the names are invented.

**Training.** {origin}, {steps} steps, batch {batch}, {details}. UNet width {width}
(`default_unet({width})`), clean-image prediction, EMA weights{ema}. Trained on {device}{threads} in
{seconds:.0f} s (wall clock, on a machine shared with other jobs).
{measured}
**Known limits.** A deliberately small, deliberately over-exposed model, for demonstrating privacy
attacks only; it is not a general generator.

**Reproduce with** `{command}` (see `tools/train_privacy.sh`).
"""


def install_checkpoint(name: str, pipeline_dir, purpose: str, command: str) -> Path:
    """Copy a trained privacy pipeline into the package's checkpoints (float16) with a card."""
    if not name.startswith("privacy-"):
        raise ValueError(f"privacy checkpoints are named 'privacy-...', got {name!r}")
    src = Path(pipeline_dir)
    info_path = next((p for p in (src / "dp_info.json", src / "train_info.json", src.parent / "train_info.json")
                      if p.exists()), None)
    if info_path is None:
        raise FileNotFoundError(f"no dp_info.json or train_info.json next to {src}")
    info = json.loads(info_path.read_text())
    out = CHECKPOINTS / name
    if out.exists():
        shutil.rmtree(out)
    pipe = TinyDiffusionPipeline.from_pretrained(src, verify=False)
    pipe.save_pretrained(out, half=True)
    dedup = "dedup" in name
    if "config" in info:  # a run of train_snapshots
        cfg = info["config"]
        details = f"AdamW lr {cfg['lr']}, warm-up {cfg['warmup']}, caption dropout {cfg['caption_dropout']}, EMA {cfg['ema_decay']}"
        steps, batch, width, seconds = info["steps"], cfg["batch_size"], cfg["base_channels"], info["train_seconds"]
    else:  # a run of train_dp
        details = (f"Adam lr {info['lr']}, " + (f"DP-SGD: per-example clipping at {info['max_grad_norm']}, noise multiplier "
                   f"{info['noise_multiplier']}, Poisson sampling rate {info['sample_rate']:.3f}, epsilon {info['epsilon']} "
                   f"at delta {info['delta']} (Opacus RDP accountant)" if info["dp"] else "the same loop without clipping or noise "
                   "(the non-private baseline for the DP model)"))
        steps, batch, width, seconds = info["steps"], info["batch_size"], info["base_channels"], info["train_seconds"]
        (out / "dp_info.json").write_text(json.dumps(info, indent=1))
    copies_text = ("each present once (deduplicated)" if dedup else
                   "present " + ", ".join(map(str, DEFAULT_COPIES)) + " times respectively")
    origin, ema, threads, measured = "From scratch", "", "", ""
    if info.get("init"):
        origin = (f"Fine-tuned from the public `{info['init']}` checkpoint (trained on the course's synthetic dataset, "
                  "`make_dataset(seed=0)`: it holds the generic portraits above but none of the eight named "
                  "portraits, which are drawn separately; the names are new words, each starting as a seeded "
                  "random word vector, `aigc_ethics.privacy.extend_vocabulary`)")
        ema = f" (each step weighs {info['ema_rate']} in the average)"
        threads = " (1 torch thread)"
        measured = (f"\nMeasured time: {seconds:.0f} s on cpu (1 torch thread), fine-tuning only; the public "
                    f"model's own training is on its card.\n")
    (out / "MODEL_CARD.md").write_text(PRIVACY_CARD.format(origin=origin, ema=ema, threads=threads, measured=measured,

        name=name, purpose=purpose, dedup_arg=", dedup=True" if dedup else "", n_generic=GENERIC_PER_PROFESSION * 6,
        copies_text=copies_text, dataset_size=info["dataset_size"], steps=steps, batch=batch, details=details,
        width=width, device=info.get("device", "cpu"), seconds=seconds, command=command))
    write_checksums(out)
    return out



def resolve_init(init):
    """``None``, a shipped checkpoint's name (``"tiny"``) or a pipeline folder -> a folder (or None)."""
    if init is None:
        return None
    folder = TINY_CHECKPOINT if init == "tiny" else (CHECKPOINTS / init if (CHECKPOINTS / init).is_dir() else Path(init))
    if not (folder / "model_index.json").is_file():
        raise ValueError(f"--init must name a shipped checkpoint or a pipeline folder, got {init!r}")
    return folder


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description="Train the privacy chapter's models.")
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="train on the privacy dataset, keeping snapshots")
    t.add_argument("--out", required=True)
    t.add_argument("--snapshots", default="600,1200")
    t.add_argument("--dedup", action="store_true")
    t.add_argument("--threads", type=int, default=None)
    d = sub.add_parser("train-dp", help="train with DP-SGD (Opacus)")
    d.add_argument("--out", required=True)
    d.add_argument("--steps", type=int, default=600)
    d.add_argument("--noise", type=float, default=0.8)
    d.add_argument("--clip", type=float, default=1.0)
    d.add_argument("--batch", type=int, default=64)
    d.add_argument("--threads", type=int, default=None)
    d.add_argument("--base-channels", type=int, default=16)
    d.add_argument("--no-dp", action="store_true", help="the same loop without DP (baseline)")
    d.add_argument("--init", default=None,
                   help="fine-tune this pipeline (a shipped checkpoint name such as 'tiny', or a folder) "
                        "instead of training from scratch")
    d.add_argument("--lr", type=float, default=1e-3)
    d.add_argument("--ema-rate", type=float, default=0.005)
    i = sub.add_parser("install", help="copy a trained pipeline into the package's checkpoints with a card")
    for a in ("name", "pipeline_dir", "purpose", "command"):
        i.add_argument(a)
    args = p.parse_args(argv)
    if args.cmd == "install":
        print(install_checkpoint(args.name, args.pipeline_dir, args.purpose, args.command))
        return
    if args.cmd == "train":
        for f in train_snapshots(args.out, snapshots=[int(s) for s in args.snapshots.split(",")], dedup=args.dedup,
                                 threads=args.threads):
            print(f)
    else:
        print(train_dp(args.out, steps=args.steps, noise_multiplier=args.noise, max_grad_norm=args.clip,
                       batch_size=args.batch, threads=args.threads, base_channels=args.base_channels,
                       dp=not args.no_dp, init=resolve_init(args.init), lr=args.lr, ema_rate=args.ema_rate))


if __name__ == "__main__":
    main()

"""Train and install the checkpoints of lesson 39 (protecting a style), all about the artist quist.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python tools/train_style_remedies.py [--only NAME ...]

Stages (each skipped when its run folder already holds a finished pipeline; resumable):

1. ``erased-quist``: ESD-style erasure of quist from ``tiny``, only quist's word vector trained
   (:func:`aigc_ethics.style_remedies.erase_style`, ``scope="name"``, 80 steps, lr 0.05);
2. ``erased-quist-encoder``: the same with the whole text encoder trained (``scope="text_encoder"``,
   150 steps, lr 5e-4);
3. the copier's data: the first 16 of quist's training works, cloaked against ``tiny``
   (:func:`aigc_ethics.cloak.cloak`, untargeted, epsilon 8/255, 40 PGD steps, the caption as prompt);
4. ``copier-quist``, ``copier-quist-cloaked``, ``copier-quist-cloaked-jpeg``: a copier fine-tunes
   ``erased-quist`` on the 16 works (clean / cloaked / cloaked then JPEG 75) with their captions,
   :func:`aigc_ethics.train.train` at batch 16.

Each checkpoint is saved in float16 with a MODEL_CARD.md (command, measured seconds) and
checksums.json; run ``tools/pin_checksums.py`` afterwards. The copier checkpoints hold the 16
works they were trained on (``copier_works.npz``: ``original`` and ``trained_on``).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

from aigc_ethics.chapters.cloak import cloak, linf, psnr, ssim
from aigc_ethics.chapters.detect import jpeg
from aigc_ethics.chapters.style_remedies import artist_works, erase_style
from aigc_ethics.core.datasets import SyntheticDataset, artist_prompt
from aigc_ethics.core.generate import TINY_CHECKPOINT, TinyDiffusionPipeline, load_pipeline, write_checksums
from aigc_ethics.core.train import TrainConfig, train

ROOT = Path(__file__).resolve().parents[1]
CKPT = ROOT / "src" / "aigc_ethics" / "checkpoints"
RUNS = ROOT / "runs" / "style_remedies"
ARTIST = "quist"
N_WORKS = 16
EPSILON = 8 / 255
PGD_STEPS = 40
ERASE = {"name": {"steps": 80, "lr": 5e-2}, "text_encoder": {"steps": 150, "lr": 5e-4}}
COPIER = {"steps": 150, "batch_size": 16, "lr": 3e-4, "warmup": 20, "ema_decay": 0.98}
COMMAND = "OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python tools/train_style_remedies.py --only {name}"

CARD = """# Variant "{name}" of the tiny model (lesson 39, protecting a style)

{purpose}

- Starts from: {start} (fine-tuned, not trained from scratch).
- {training}
- Measured time: {seconds:.0f} s on {device} ({threads} torch thread(s), {machine}), {when} UTC; the machine was
  shared with other jobs, so times are upper bounds.
- Weights stored in float16 (loaded as float32). Reproduce with
  `{command}` (writes runs/style_remedies/{name}, then installs this folder).
- What it shows is measured in `lessons/39_protecting_a_style.py` and by `make bench` (`bench_style_remedies`).
"""


def install(name: str, pipe, purpose: str, start: str, training: str, seconds: float, extra=None) -> Path:
    out = CKPT / name
    out.mkdir(parents=True, exist_ok=True)
    for f in out.glob("*.npz"):
        f.unlink()
    pipe.to("cpu").save_pretrained(out, half=True)
    if extra:
        np.savez_compressed(out / "copier_works.npz", **extra)
    (out / "MODEL_CARD.md").write_text(CARD.format(
        name=name, purpose=purpose, start=start, training=training, seconds=seconds,
        device="cpu", threads=torch.get_num_threads(), machine=platform.processor() or platform.machine(),
        when=time.strftime("%Y-%m-%d %H:%M", time.gmtime()), command=COMMAND.format(name=name)))
    write_checksums(out)
    # pin the new hashes in the package (the loader refuses an unpinned shipped checkpoint)
    subprocess.run([sys.executable, str(ROOT / "tools" / "pin_checksums.py")], check=True)
    return out


def stage_erase(name: str, scope: str) -> None:
    run = RUNS / name
    if (run / "pipeline").exists():
        pipe, info = TinyDiffusionPipeline.from_pretrained(run / "pipeline"), json.loads((run / "info.json").read_text())
    else:
        start = time.time()
        pipe, losses = erase_style(load_pipeline("tiny", device="cpu"), ARTIST, scope=scope, seed=0, **ERASE[scope])
        info = {"seconds": round(time.time() - start, 1), "final_loss": float(np.mean(losses[-20:]))}
        pipe.save_pretrained(run / "pipeline")
        (run / "info.json").write_text(json.dumps(info))
    what = "only quist's word vector" if scope == "name" else "the whole text encoder (every prompt passes through it)"
    install(name, pipe, start="src/aigc_ethics/checkpoints/tiny", seconds=info["seconds"],
            purpose=f"Concept erasure in the spirit of ESD (Gandikota et al., ICCV 2023): {what} is fine-tuned so that "
                    "prompts naming the fictional artist quist are steered away from what the original model draws "
                    "for them (negative guidance, eta 1, as the training target); the UNet is frozen.",
            training=f"Training: `aigc_ethics.style_remedies.erase_style(tiny, 'quist', scope='{scope}', "
                     f"steps={ERASE[scope]['steps']}, eta=1.0, lr={ERASE[scope]['lr']}, batch=16, pool=64, seed=0)`; "
                     "final loss "
                     f"{info['final_loss']:.4f} (mean of the last 20 steps).")


def copier_sets() -> dict:
    works = artist_works(ARTIST, n=N_WORKS)
    tiny = load_pipeline("tiny", device="cpu")
    cache = RUNS / "cloaked_works.npz"
    if cache.exists():
        cloaked = np.load(cache)["cloaked"]
    else:
        cloaked = cloak(works.images, tiny, epsilon=EPSILON, steps=PGD_STEPS, prompt=artist_prompt(ARTIST), seed=0)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(cache, cloaked=cloaked)
    print(f"cloak: L-inf {linf(works.images, cloaked)}/255, PSNR {psnr(works.images, cloaked):.1f} dB, "
          f"SSIM {ssim(works.images, cloaked):.3f}")
    return {"copier-quist": (works.images, "the 16 works as published (no cloak)"),
            "copier-quist-cloaked": (cloaked, f"the 16 works cloaked (untargeted PGD against tiny's denoising loss, "
                                              f"epsilon {round(EPSILON * 255)}/255, {PGD_STEPS} steps)"),
            "copier-quist-cloaked-jpeg": (jpeg(cloaked, quality=75), "the 16 cloaked works after JPEG quality 75 "
                                                             "(what a copier's download or re-save does)")}, works


def stage_copier(name: str, images: np.ndarray, what: str, works) -> None:
    run = RUNS / name
    data = SyntheticDataset(images, works.attributes.copy(), works.composition, works.seed)
    config = TrainConfig(init_from=str(CKPT / "erased-quist"), data_seed=0, save_every=50, **COPIER)
    train(run, config=config, dataset=data, device="cpu")
    info = json.loads((run / "train_info.json").read_text())
    c = COPIER
    install(name, TinyDiffusionPipeline.from_pretrained(run / "pipeline"), start="src/aigc_ethics/checkpoints/erased-quist",
            seconds=info["train_seconds"], extra={"original": works.images, "trained_on": images},
            purpose=f"A copier's fine-tune: starting from the model in which quist's style was erased, someone "
                    f"fine-tunes on {what}, with the works' own captions naming quist (Glaze's threat model: "
                    "style mimicry from a handful of an artist's works).",
            training=f"Training: `aigc_ethics.train.train` on 16 works (copier_works.npz, `trained_on`), "
                     f"{c['steps']} steps, batch {c['batch_size']}, lr {c['lr']} ({c['warmup']} warm-up steps), "
                     f"EMA {c['ema_decay']}, caption dropout 0.1, seed 0; final loss "
                     f"{info['final_loss_avg100']:.4f} (mean of the last 100 steps).")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    names = ["erased-quist", "erased-quist-encoder", "copier-quist", "copier-quist-cloaked", "copier-quist-cloaked-jpeg"]
    p.add_argument("--only", nargs="*", choices=names, default=names)
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    assert TINY_CHECKPOINT.exists()
    if "erased-quist" in args.only:
        stage_erase("erased-quist", "name")
    if "erased-quist-encoder" in args.only:
        stage_erase("erased-quist-encoder", "text_encoder")
    todo = [n for n in args.only if n.startswith("copier")]
    if todo:
        sets, works = copier_sets()
        for name in todo:
            stage_copier(name, *sets[name], works)


if __name__ == "__main__":
    main()

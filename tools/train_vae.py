"""Train the small VAE (the Misinformation chapter's unseen generator) and install it (maintenance tool).

    .venv/bin/python tools/train_vae.py train --out runs/vae --steps 3000 --threads 1   # resumable
    .venv/bin/python tools/train_vae.py export --run runs/vae                           # -> checkpoints/vae
"""
import argparse
import json
from pathlib import Path

import numpy as np

from aigc_ethics.core.datasets import make_dataset
from aigc_ethics.core.generate import write_checksums
from aigc_ethics.core.vae import CHECKPOINT_DIR, GaussianVAE, _load_state, reconstruct, save_vae, train


def export(run, to=CHECKPOINT_DIR) -> Path:
    """Copy the trained VAE of a run folder (``state.pt``) into a checkpoint folder ``to`` with
    its training facts and checksums (weights stored as float16, about 1.4 MB)."""
    run = Path(run)
    st = _load_state(run / "state.pt")
    vae = GaussianVAE(st["config"])
    vae.load_state_dict(st["model"])
    info = json.loads((run / "log.json").read_text())
    meta = {k: info[k] for k in ("step", "wall_s", "seed", "batch", "lr", "n_images", "threads")}
    meta["final"] = st["log"][-1] if st["log"] else None
    to = save_vae(vae, to, meta=meta)
    (Path(to) / "MODEL_CARD.md").write_text(model_card(vae, meta))
    write_checksums(to)
    return to


def model_card(vae: GaussianVAE, meta: dict) -> str:
    """The model card of a trained VAE: architecture, data, training facts from ``meta`` (as
    recorded by :func:`train`) and numbers measured now (held-out reconstruction error)."""
    n_params = sum(p.numel() for p in vae.ae.parameters())
    held_out = make_dataset(seed=1, scale=0.05).images[:256]
    err = np.abs(reconstruct(vae, held_out).astype(float) - held_out).mean()
    sig = ", ".join(f"{s * 127.5:.1f}" for s in vae.sigma)
    final = meta.get("final") or {}
    return f"""# Small VAE ("vae"): a generator of another architecture

## What it is
A variational autoencoder built from `diffusers` parts: `AutoencoderKL` with encoder/decoder widths
{"/".join(str(c) for c in vae.config.channels)}, {vae.config.layers_per_block} ResNet layer(s) per block, a
{"x".join(str(d) for d in vae.latent_shape)} latent ({n_params:,} parameters), plus a learned standard deviation per colour channel
of its Gaussian decoder (sigma-VAE, Rybkin, Daniilidis and Levine 2021). Learned decoder sigma
(grey levels, R/G/B): {sig}. Used by the Misinformation chapter as an *unseen generator of a
different architecture* for the detectors trained on the diffusion model's images
(`aigc_ethics.detect.GENERATORS`: `vae-mean`, `vae-sample`, `vae-grain`).

## Training data
The course's synthetic dataset, seed 0 (the diffusion model's training set): {meta.get("n_images")} images,
32x32, portraits of six professions and artworks of six fictional artists. No real person.

## Training
Negative ELBO (Gaussian likelihood with learned sigma + KL to N(0, I)), Adam lr {meta.get("lr")}, batch
{meta.get("batch")}, {meta.get("step")} steps, seed {meta.get("seed")}, {meta.get("threads")} CPU thread(s): {meta.get("wall_s")} s of
measured wall time on a 2-core machine shared with other work. Last logged step: {final}.
Weights are stored as float16.

Reproduce: `python tools/train_vae.py train --out runs/vae --steps {meta.get("step")} --threads 1`, then
`python tools/train_vae.py export --run runs/vae`.

## Measured
Mean absolute reconstruction error on 256 held-out renders (dataset seed 1, decoder mean):
{err:.1f} grey levels. Samples from the prior are blurry blobs with recognisable colours and
rough portrait layouts; they are easy to tell from the renders by eye.

## Limits
A tiny model trained for minutes: it is a test object for detectors, not a usable image generator.
"""


def _main(argv=None) -> None:
    p = argparse.ArgumentParser(prog="tools/train_vae.py", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="train (or resume) a VAE in --out")
    t.add_argument("--out", default="runs/vae")
    t.add_argument("--steps", type=int, default=3000)
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--max-minutes", type=float, default=None)
    e = sub.add_parser("export", help="copy a trained run into a checkpoint folder with checksums")
    e.add_argument("--run", default="runs/vae")
    e.add_argument("--to", default=str(CHECKPOINT_DIR))
    a = p.parse_args(argv)
    if a.cmd == "train":
        train(a.out, steps=a.steps, batch=a.batch, lr=a.lr, seed=a.seed, threads=a.threads, max_minutes=a.max_minutes)
        print("trained:", json.loads((Path(a.out) / "log.json").read_text())["step"], "steps in", a.out)
    else:
        print("wrote", export(a.run, a.to))


if __name__ == "__main__":
    _main()

"""Train the commission and its leave-one-contributor-out fine-tunes (lesson 37, who made this?).

    nice -n 10 env OMP_NUM_THREADS=1 .venv/bin/python tools/train_attribution.py --out runs/attribution [--install]

Runs (each a fine-tune of ``tiny`` with :func:`aigc_ethics.train.train`, identical settings, seed 0,
one torch thread; each resumable from ``OUT/<run>/state.pt`` and skipped once its outputs exist):

* ``commission``: all 28 works of :func:`aigc_ethics.attribution.commission_works` (captioned
  "an artwork"; brenn 8, veltri 6, haskel 5, moravi 4, quist 3, zarek 2);
* ``loo-<artist>``: the same without that artist's works (six runs): the ground truth;
* ``reseed``: all works again with training seed 1: how much outputs move with no data change at
  all (the noise floor of the truth);
* ``loo-<artist>-s1``: the six leave-one-out runs again with training seed 1, compared with ``reseed``:
  the truth measured a second time, to see how often it names the same contributor.

After each run, its weights are rounded to float16 (as shipped) and it generates the fixed outputs:
48 images for "an artwork" (generate_many seed 0) and 4 for each "an artwork by <artist>" (seed 1).
Then the denoising loss of the commission's outputs is measured under every run (rows in the order of
``run_names``)
(:func:`aigc_ethics.attribution.denoising_loss`), and ``OUT/attribution_runs.npz`` is written.
With ``--install`` that file is copied to ``src/aigc_ethics/data/`` and the commission model is
installed as ``src/aigc_ethics/checkpoints/commission`` (float16, MODEL_CARD.md, checksums), and the
hashes are pinned (``tools/pin_checksums.py``).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

from aigc_ethics.chapters.attribution import (
    COMMISSION_PROMPT,
    CONTRIBUTIONS,
    RUNS_FILE,
    commission_works,
    denoising_loss,
    leave_out,
)
from aigc_ethics.core.generate import TINY_CHECKPOINT, TinyDiffusionPipeline, generate_many, write_checksums
from aigc_ethics.core.train import TrainConfig, train

ROOT = Path(__file__).resolve().parents[1]
CKPT = ROOT / "src" / "aigc_ethics" / "checkpoints"
DATA = ROOT / "src" / "aigc_ethics" / "data"
FINETUNE = {"steps": 120, "batch_size": 16, "lr": 3e-4, "warmup": 20, "ema_decay": 0.98, "save_every": 40}
N_UNNAMED, N_NAMED = 48, 4
COMMAND = "nice -n 10 env OMP_NUM_THREADS=1 .venv/bin/python tools/train_attribution.py --out runs/attribution --install"

CARD = """# Variant "commission" of the tiny model (lesson 37, who made this?)

A gallery's commission: `tiny` fine-tuned on 28 new works by the six invented artists (brenn 8,
veltri 6, haskel 5, moravi 4, quist 3, zarek 2; fresh renders none of which `tiny` was trained on),
every one captioned "an artwork", so that the prompt "an artwork" now draws on these contributors.
Six more fine-tunes with identical settings, each leaving one contributor out, give the ground truth
of lesson 37 (which contributor an output depends on); one more with another training seed
(`reseed`) and the six repeated with that seed measure the truth's own noise. None of these is
shipped: their outputs for the fixed prompts and noise are, in `aigc_ethics/data/attribution_runs.npz`. The design follows the idea
of Wang, Efros, Zhu & Zhang (ICCV 2023): customise a pretrained model so that the influence of the
customisation data is known by construction.

- Starts from: src/aigc_ethics/checkpoints/tiny (fine-tuned, not trained from scratch).
- Training: `aigc_ethics.train.train` on `aigc_ethics.attribution.commission_works()`, {steps} steps,
  batch {batch_size}, lr {lr} ({warmup} warm-up steps), EMA {ema_decay}, caption dropout 0.1, seed 0;
  final loss {final_loss:.4f} (mean of the last 100 steps).
- Measured time: {seconds:.0f} s on cpu ({threads} torch thread(s), {machine}), {when} UTC; the machine was
  shared with other jobs, so times are upper bounds. All {n_runs} fine-tunes together (what it took to
  make what ships; `training.json` records them and the course's energy table counts the total): {total:.0f} s.
- Weights stored in float16 (loaded as float32). Reproduce with `{command}`.
- What it shows is measured in `lessons/37_who_made_this.py` and by `make bench` (`bench_attribution`).
"""


def run_names() -> list[str]:
    return ["commission"] + [f"loo-{a}" for a in CONTRIBUTIONS] + ["reseed"] + [f"loo-{a}-s1" for a in CONTRIBUTIONS]


def run_dataset(name: str):
    works = commission_works()
    return leave_out(works, name.removeprefix("loo-").removesuffix("-s1")) if name.startswith("loo-") else works


def run_config(name: str) -> TrainConfig:
    """Seed 0, except ``reseed`` and the ``-s1`` replicates (the truth measured again with training seed 1)."""
    seed = 1 if name == "reseed" or name.endswith("-s1") else 0
    return TrainConfig(init_from=str(TINY_CHECKPOINT), data_seed=0, seed=seed, **FINETUNE)


def prompts() -> list[tuple[str, int, int]]:
    """(prompt, n, generate_many seed) of the fixed outputs."""
    return [(COMMISSION_PROMPT, N_UNNAMED, 0)] + [(f"an artwork by {a}", N_NAMED, 1) for a in CONTRIBUTIONS]


def half_rounded(pipe: TinyDiffusionPipeline, folder: Path) -> TinyDiffusionPipeline:
    """The pipeline with its weights rounded to float16, as shipped (saved to ``folder``)."""
    pipe.to("cpu").save_pretrained(folder, half=True)
    return TinyDiffusionPipeline.from_pretrained(folder)


def generate_outputs(pipe) -> np.ndarray:
    return np.concatenate([generate_many(pipe, p, n, seed=s) for p, n, s in prompts()])


def do_run(out: Path, name: str, progress: bool = True) -> dict:
    """Train (or resume) one run and generate its outputs; returns ``{"outputs", "seconds"}``."""
    run = out / name
    done = run / "outputs.npz"
    if done.exists():
        with np.load(done) as z:
            return {"outputs": z["outputs"], "seconds": float(z["seconds"])}
    t0 = time.time()
    pipe = train(run, config=run_config(name), dataset=run_dataset(name), device="cpu", progress=progress)
    info = json.loads((run / "train_info.json").read_text())
    pipe = half_rounded(pipe, run / "half")
    outputs = generate_outputs(pipe)
    np.savez_compressed(done, outputs=outputs, seconds=info["train_seconds"])
    print(f"{name}: {info['train_seconds']:.0f} s training, {time.time() - t0:.0f} s in all", flush=True)
    return {"outputs": outputs, "seconds": info["train_seconds"]}


def collect(out: Path, names: list[str]) -> dict:
    results = {n: do_run(out, n) for n in names}
    works = commission_works()
    ref = results["commission"]["outputs"]
    losses = np.stack([denoising_loss(TinyDiffusionPipeline.from_pretrained(out / n / "half"), ref) for n in names])
    labels = [p for p, n, _ in prompts() for _ in range(n)]
    data = {"contributors": np.array(list(CONTRIBUTIONS)), "prompts": np.array(labels),
            "outputs": ref, "loo_outputs": np.stack([results[f"loo-{a}"]["outputs"] for a in CONTRIBUTIONS]),
            "reseed_outputs": results["reseed"]["outputs"], "loss": losses.astype(np.float32),
            "loo_outputs_s1": np.stack([results[f"loo-{a}-s1"]["outputs"] for a in CONTRIBUTIONS]),
            "works": works.images, "work_artist": works.attributes["artist"].to_numpy().astype(str),
            "seconds": np.array([results[n]["seconds"] for n in names]), "run_names": np.array(names)}
    np.savez_compressed(out / RUNS_FILE, **data)
    return data


def install(out: Path, data: dict) -> None:
    shutil.copy(out / RUNS_FILE, DATA / RUNS_FILE)
    dest = CKPT / "commission"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(out / "commission" / "half", dest)
    info = json.loads((out / "commission" / "train_info.json").read_text())
    (dest / "training.json").write_text(json.dumps(
        {"cpu_seconds": float(data["seconds"].sum()), "commission_seconds": info["train_seconds"],
         "note": "cpu_seconds counts all runs that made what ships (the commission, the six leave-one-out "
                 "fine-tunes, the reseeded run and the six leave-one-out runs repeated with its seed); only the "
                 "commission's weights are shipped",
         "device": "cpu", "torch_threads": info["torch_threads"],
         "runs": {str(n): float(s) for n, s in zip(data["run_names"], data["seconds"])},
         }, indent=1))
    (dest / "MODEL_CARD.md").write_text(CARD.format(
        **FINETUNE, final_loss=info["final_loss_avg100"], seconds=info["train_seconds"],
        threads=info["torch_threads"], machine=platform.processor() or platform.machine(),
        when=time.strftime("%Y-%m-%d %H:%M", time.gmtime()), n_runs=len(data["run_names"]),
        total=float(data["seconds"].sum()), command=COMMAND))
    write_checksums(dest)
    subprocess.run([sys.executable, str(ROOT / "tools" / "pin_checksums.py")], check=True)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, type=Path, help="run folder (one sub-folder per fine-tune)")
    p.add_argument("--only", nargs="*", choices=run_names(), help="train only these runs (no results file)")
    p.add_argument("--install", action="store_true", help="install the results file and the commission checkpoint")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    if args.only:
        for n in args.only:
            do_run(args.out, n)
        return
    data = collect(args.out, run_names())
    if args.install:
        install(args.out, data)


if __name__ == "__main__":
    main()

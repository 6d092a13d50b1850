"""Fine-tune the course model on K photos of one invented person (lesson 60's checkpoints).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python tools/train_personalise.py --k 1 3 10 [--steps 300]

For each K: the first K of the person's ten "posted" photos (``photos(TARGET, 10, seed=0)[:K]``,
so the sets are nested), a new word ``zqv`` bound to them with the caption "a portrait of a zqv
person", prior preservation with the base model's own images of "a person who is a <profession>"
(16 per profession), ``--steps`` steps at batch 8 + 8, lr 2e-4 (the new word's row 5e-3), 1 thread.
The state is saved to ``runs/person-kK/state.pt`` every 50 steps (the run resumes from it), the
identity match of the person in six unseen contexts is logged every 50 steps (``curve``), and the
weights of step ``--ship`` are installed in ``src/aigc_ethics/checkpoints/person-kK`` (float16)
with ``training.json`` and a model card. Re-pin afterwards:
``.venv/bin/python tools/pin_checksums.py``.
"""
import argparse
import json
import time
from pathlib import Path

import torch

from aigc_ethics.core.generate import CHECKPOINTS, load_pipeline, write_checksums
from aigc_ethics.core.people import get_person, photos
from aigc_ethics.core.state import load_state, save_state
from aigc_ethics.likeness import (
    TARGET,
    TOKEN,
    Personaliser,
    context_generations,
    identity_match,
    load_identity_model,
    prior_images,
)

CARD = """# Variant "person-k{k}": the tiny model personalised on {k} photo(s) of one invented person

Fine-tuned from `tiny` on {k} photo(s) of the invented person {target} ({desc}), bound to the new
word `{token}` ("a portrait of a {token} person"), with prior preservation (the base model's own
images of "a person who is a <profession>", 16 per profession, in every batch): the DreamBooth idea
(Ruiz et al., CVPR 2023) in miniature, for lesson 60. The person is drawn by
`aigc_ethics.core.people`; nobody real is depicted or was used.

- Starts from: src/aigc_ethics/checkpoints/tiny; adds one embedding row (`{token}`, initialised from `person`).
- Trained: the UNet and the new word's embedding row; all other words and the text MLP are frozen.
- Photos: `photos("{target}", 10, seed=0)[:{k}]` (everyday photos, random clothing and background, no profession cue).
- Training: {steps} steps, batch 8 photos + 8 prior images, lr 0.0002 (the new word's row: 0.005), no EMA,
  seed 0, 1 CPU thread,
  **{seconds:.0f} CPU-seconds of training ({minutes:.1f} CPU-minutes**, the process's CPU time, measured on a
  shared 2-core machine; wall-clock time was longer because other jobs ran), plus {prior_s:.0f} CPU-seconds to
  generate the prior images.
- The run continued past the shipped step to log how identity match in new contexts changes with steps:
  `training.json` ("curve"; lesson 60 shows it).
- Weights stored in float16 (loaded as float32). Reproduce with
  `OMP_NUM_THREADS=1 .venv/bin/python tools/train_personalise.py --k {k} --steps {total} --ship {steps}`
  (all three: `--k 1 3 10 --steps 150`; 150 steps are logged, the weights of step {steps} are installed).
"""


def install(tuner, k: int, ship: int, total: int, prior_s: float) -> None:
    dest = CHECKPOINTS / f"person-k{k}"
    tuner.pipeline().save_pretrained(dest, half=True)
    record = {"k": k, "person": TARGET, "token": TOKEN, "steps": tuner.step, "cpu_seconds": round(tuner.elapsed, 1),
              "prior_cpu_seconds": round(prior_s, 1), "threads": torch.get_num_threads(), "lr": 2e-4, "token_lr": 5e-3,
              "batch": "8 photos + 8 prior images"}
    (dest / "training.json").write_text(json.dumps(record, indent=1))
    (dest / "MODEL_CARD.md").write_text(CARD.format(
        k=k, target=TARGET, desc=get_person(TARGET).describe().split(": ", 1)[1], token=TOKEN, steps=tuner.step,
        seconds=tuner.elapsed, minutes=tuner.elapsed / 60, prior_s=prior_s, total=total))
    write_checksums(dest)
    print(f"installed {dest} (step {tuner.step})", flush=True)


def run(k: int, steps: int, ship: int, runs: Path, prior, prior_s: float, pipe, idm) -> None:
    out = runs / f"person-k{k}"
    out.mkdir(parents=True, exist_ok=True)
    tuner = Personaliser(pipe, photos(TARGET, 10, seed=0)[:k], prior=prior, token=TOKEN)
    state, log = out / "state.pt", out / "curve.json"
    curve = json.loads(log.read_text()) if log.is_file() else {}
    if state.is_file():
        tuner.load(*load_state(state))
        print(f"K={k}: resumed at step {tuner.step}", flush=True)
    installed = (CHECKPOINTS / f"person-k{k}" / "training.json").is_file() and tuner.step >= ship
    while tuner.step < steps:
        tuner.train(min(50, steps - tuner.step), progress=False)
        if tuner.step == ship:
            install(tuner, k, ship, steps, prior_s)
            installed = True
        save_state(state, *tuner.state())
        print(f"K={k} step {tuner.step} loss {sum(tuner.losses[-50:]) / 50:.4f} "
              f"{tuner.elapsed / tuner.step:.2f} s/step", flush=True)
        if str(tuner.step) not in curve:
            images, _ = context_generations(tuner.pipeline(), n_per_context=6)
            curve[str(tuner.step)] = {"top1": round(identity_match(idm, images, TARGET)["top1"], 4),
                                      "cpu_seconds": round(tuner.elapsed, 1)}
            log.write_text(json.dumps(curve, indent=1))
            print(f"K={k} step {tuner.step} identity match {curve[str(tuner.step)]}", flush=True)
    if not installed:
        raise SystemExit(f"K={k}: the run passed step {ship} without installing; delete {out} and rerun")
    dest = CHECKPOINTS / f"person-k{k}"
    record = json.loads((dest / "training.json").read_text())
    record["curve"] = curve
    record["curve_note"] = ("top-1 identity match of 'a zqv person who is a <profession>', 6 professions x 6 images, "
                            f"every 50 steps; the shipped weights are those of step {ship}")
    (dest / "training.json").write_text(json.dumps(record, indent=1))
    write_checksums(dest)
    print(f"K={k}: done, {tuner.elapsed:.0f} CPU-seconds of training", flush=True)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description="Personalise the tiny model on K photos of one invented person.")
    p.add_argument("--k", type=int, nargs="+", default=[1, 3, 10])
    p.add_argument("--steps", type=int, default=150, help="train this far, logging identity match every 50 steps")
    p.add_argument("--ship", type=int, default=100, help="install the weights of this step")
    p.add_argument("--runs", default="runs")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    pipe = load_pipeline("tiny", device="cpu")
    idm = load_identity_model()
    start = time.process_time()
    prior = prior_images(pipe, per_profession=16, seed=0)
    prior_s = time.process_time() - start
    for k in args.k:
        run(k, args.steps, args.ship, Path(args.runs), prior, prior_s, pipe, idm)


if __name__ == "__main__":
    main()

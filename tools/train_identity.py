"""Train the identity model of the likeness chapter and write the shipped weights (maintenance tool).

    OMP_NUM_THREADS=1 .venv/bin/python tools/train_identity.py [--epochs 10] [--out src/aigc_ethics/checkpoints/identity]

It learns to tell the 16 invented people of ``aigc_ethics.core.people`` apart from renders in
every context, reports held-out accuracy, and writes ``model.safetensors``, ``info.json``,
``MODEL_CARD.md`` and ``checksums.json``.
"""
import argparse
from pathlib import Path

import torch

from aigc_ethics.core.generate import write_checksums
from aigc_ethics.likeness import IDENTITY_CHECKPOINT, train_identity_model

CARD = """# Identity model of the likeness chapter

A small CNN (`aigc_ethics.likeness.IdentityNet`, {params:,} parameters) that tells the 16 *invented*
people of `aigc_ethics.core.people` apart from one 32x32 photo. It is the course's stand-in for a
face-recognition model and is used only to measure identity match in lesson 60. No real person's
photo was ever used.

- Training data: {train_images:,} fresh renders ({per_person} per person), every context (everyday photos and
  the six profession cues, random clothing and background), seed {train_seed}; blur/noise/brightness augmentation.
- Held-out accuracy (top-1, {test_images} renders, seed {test_seed}): **{acc:.3f}** (chance 0.0625).
  By context: {by_context}.
- It was never trained on generated images: on the course model's images it measures how much of the
  person a generation carries, and a blurred or mixed face is still assigned to *somebody* (there is no
  "unknown person" class). Lesson 60 reports its baseline on generations of nobody in particular.
- Training: {epochs} epochs, batch 128, AdamW one-cycle lr 3e-3, {threads} CPU thread(s), {seconds} s.
- Reproduce: `OMP_NUM_THREADS=1 .venv/bin/python tools/train_identity.py --epochs {epochs}`.
"""


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description="Train the identity model and write the shipped weights.")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--per-person", type=int, default=160)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", default=str(IDENTITY_CHECKPOINT))
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    model = train_identity_model(epochs=args.epochs, per_person=args.per_person)
    model.save(args.out)
    info = model.info
    card = CARD.format(params=sum(q.numel() for q in model.net.parameters()), per_person=args.per_person,
                       acc=info["held_out_accuracy"],
                       by_context=", ".join(f"{k} {v:.3f}" for k, v in info["held_out_accuracy_by_context"].items()),
                       **{k: v for k, v in info.items() if k not in ("held_out_accuracy",)})
    (Path(args.out) / "MODEL_CARD.md").write_text(card)
    write_checksums(args.out)
    print(info)


if __name__ == "__main__":
    main()

"""Fine-tune the tiny model on poisoned captions: the shipped ``law-backdoor`` checkpoint (maintenance tool).

    .venv/bin/python tools/train_backdoor.py backdoor runs/law-backdoor 600 0.10
"""
import sys

import torch

from aigc_ethics.chapters.backdoor import BACKDOOR, poisoned_dataset
from aigc_ethics.core.generate import CHECKPOINTS
from aigc_ethics.core.train import TrainConfig, train


def train_backdoor(out="runs/law-backdoor", steps: int = 600, poison_share: float = 0.10, threads: int | None = 1):
    """Fine-tune the tiny model on :func:`poisoned_dataset` (resumable). Writes ``out/pipeline``."""
    if threads:
        torch.set_num_threads(threads)
    init = str(CHECKPOINTS / "tiny")
    cfg = TrainConfig(steps=steps, batch_size=32, lr=5e-4, warmup=20, save_every=50, init_from=init)
    return train(out, config=cfg, dataset=poisoned_dataset(poison_share=poison_share))


if __name__ == "__main__":  # python tools/train_backdoor.py backdoor OUT STEPS [POISON_SHARE]
    if len(sys.argv) >= 2 and sys.argv[1] == "backdoor":
        out = sys.argv[2] if len(sys.argv) > 2 else "runs/law-backdoor"
        steps = int(sys.argv[3]) if len(sys.argv) > 3 else BACKDOOR["steps"]
        share = float(sys.argv[4]) if len(sys.argv) > 4 else BACKDOOR["poison_share"]
        train_backdoor(out, steps, share)

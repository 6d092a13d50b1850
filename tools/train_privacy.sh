#!/usr/bin/env bash
# Train the privacy chapter's models and install them into src/aigc_ethics/checkpoints/.
# Resumable: rerun to continue. On 2 CPU cores with nothing else running, expect roughly
# 15 min per 1200-step run and 10-20 min for the DP run (see each MODEL_CARD.md for the measured time);
# the four fine-tuning runs of the public tiny model (privacy-dpft-*) take 6-20 min each on one thread.
set -euo pipefail
cd "$(dirname "$0")/.."
py=".venv/bin/python"
$py tools/train_privacy.py train --out runs/privacy-dup --snapshots 600,1200 --threads 2
$py tools/train_privacy.py train --out runs/privacy-dedup --snapshots 600,1200 --dedup --threads 2
$py tools/train_privacy.py train-dp --out runs/privacy-dp --steps 400 --noise 2.0 --batch 64 --threads 2
$py tools/train_privacy.py train-dp --out runs/privacy-nodp --steps 400 --batch 64 --threads 2 --no-dp
$py tools/train_privacy.py train-dp --out runs/privacy-dp-1.0 --steps 400 --noise 1.0 --batch 64 --threads 1
$py tools/train_privacy.py train-dp --out runs/privacy-dp-0.5 --steps 400 --noise 0.5 --batch 64 --threads 1
# DP fine-tuning of the public tiny model (lesson 12's fine-tuned curve): one thread each, 200 steps, batch 32
ft="--steps 200 --batch 32 --threads 1 --init tiny --lr 5e-4 --ema-rate 0.02"
$py tools/train_privacy.py train-dp --out runs/privacy-dpft-nodp $ft --no-dp
$py tools/train_privacy.py train-dp --out runs/privacy-dpft-n45 $ft --noise 4.5
$py tools/train_privacy.py train-dp --out runs/privacy-dpft-n10 $ft --noise 1.0
$py tools/train_privacy.py train-dp --out runs/privacy-dpft-n045 $ft --noise 0.45
$py - <<'PY'
import sys; sys.path.insert(0, "tools")
from train_privacy import install_checkpoint as install
install("privacy-600", "runs/privacy-dup/pipeline-600", "Trained on duplicated named portraits, stopped at 600 steps (extraction and membership inference, earlier in training).", "python tools/train_privacy.py train --out runs/privacy-dup --snapshots 600,1200")
install("privacy-1200", "runs/privacy-dup/pipeline-1200", "The same run at 1200 steps (longer training: more memorisation).", "python tools/train_privacy.py train --out runs/privacy-dup --snapshots 600,1200")
install("privacy-dedup-1200", "runs/privacy-dedup/pipeline-1200", "Trained on the deduplicated set (each named portrait once), 1200 steps: the deduplication mitigation.", "python tools/train_privacy.py train --out runs/privacy-dedup --snapshots 600,1200 --dedup")
install("privacy-dp", "runs/privacy-dp/pipeline", "Trained with differentially private SGD (Opacus): the DP mitigation.", "python tools/train_privacy.py train-dp --out runs/privacy-dp --steps 400 --noise 2.0 --batch 64")
install("privacy-dp-n10", "runs/privacy-dp-1.0/pipeline", "Trained with DP-SGD (Opacus) at noise multiplier 1.0: a middle point of lesson 12's epsilon curve.", "python tools/train_privacy.py train-dp --out runs/privacy-dp-1.0 --steps 400 --noise 1.0 --batch 64 --threads 1")
install("privacy-dp-n05", "runs/privacy-dp-0.5/pipeline", "Trained with DP-SGD (Opacus) at noise multiplier 0.5: the weakest guarantee (largest epsilon) of lesson 12's epsilon curve.", "python tools/train_privacy.py train-dp --out runs/privacy-dp-0.5 --steps 400 --noise 0.5 --batch 64 --threads 1")
install("privacy-nodp", "runs/privacy-nodp/pipeline", "The non-private baseline of privacy-dp: the same loop, size and steps, without clipping or noise.", "python tools/train_privacy.py train-dp --out runs/privacy-nodp --steps 400 --batch 64 --no-dp")
install("privacy-dpft-n45", "runs/privacy-dpft-n45/pipeline", "The public tiny model fine-tuned with DP-SGD (Opacus) at noise multiplier 4.5: the strongest guarantee (smallest epsilon) of lesson 12's fine-tuned curve.", "python tools/train_privacy.py train-dp --out runs/privacy-dpft-n45 --steps 200 --batch 32 --threads 1 --init tiny --lr 5e-4 --ema-rate 0.02 --noise 4.5")
install("privacy-dpft-n10", "runs/privacy-dpft-n10/pipeline", "The public tiny model fine-tuned with DP-SGD (Opacus) at noise multiplier 1.0: the middle point of lesson 12's fine-tuned curve.", "python tools/train_privacy.py train-dp --out runs/privacy-dpft-n10 --steps 200 --batch 32 --threads 1 --init tiny --lr 5e-4 --ema-rate 0.02 --noise 1.0")
install("privacy-dpft-n045", "runs/privacy-dpft-n045/pipeline", "The public tiny model fine-tuned with DP-SGD (Opacus) at noise multiplier 0.45: the weakest guarantee (largest epsilon) of lesson 12's fine-tuned curve.", "python tools/train_privacy.py train-dp --out runs/privacy-dpft-n045 --steps 200 --batch 32 --threads 1 --init tiny --lr 5e-4 --ema-rate 0.02 --noise 0.45")
install("privacy-dpft-nodp", "runs/privacy-dpft-nodp/pipeline", "The non-private baseline of the fine-tuned curve: the public tiny model fine-tuned with the same loop, data and steps, without clipping or noise.", "python tools/train_privacy.py train-dp --out runs/privacy-dpft-nodp --steps 200 --batch 32 --threads 1 --init tiny --lr 5e-4 --ema-rate 0.02 --no-dp")
PY

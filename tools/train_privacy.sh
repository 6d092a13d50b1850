#!/usr/bin/env bash
# Train the privacy chapter's models and install them into src/aigc_ethics/checkpoints/.
# Resumable: rerun to continue. On 2 CPU cores with nothing else running, expect roughly
# 15 min per 1200-step run and 10-20 min for the DP run (see each MODEL_CARD.md for the measured time).
set -euo pipefail
cd "$(dirname "$0")/.."
py=".venv/bin/python"
$py tools/train_privacy.py train --out runs/privacy-dup --snapshots 600,1200 --threads 2
$py tools/train_privacy.py train --out runs/privacy-dedup --snapshots 600,1200 --dedup --threads 2
$py tools/train_privacy.py train-dp --out runs/privacy-dp --steps 400 --noise 2.0 --batch 64 --threads 2
$py tools/train_privacy.py train-dp --out runs/privacy-nodp --steps 400 --batch 64 --threads 2 --no-dp
$py tools/train_privacy.py train-dp --out runs/privacy-dp-1.0 --steps 400 --noise 1.0 --batch 64 --threads 1
$py tools/train_privacy.py train-dp --out runs/privacy-dp-0.5 --steps 400 --noise 0.5 --batch 64 --threads 1
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
PY

#!/usr/bin/env bash
# Fine-tune the tiny model on artworks of which a different share per artist carries an invented
# picture agency's visible mark (lesson 36, memorised marks), and install it as the
# "agency-marks" checkpoint. Starts from the shipped default checkpoint (x0-prediction).
#   tools/train_marks.sh [STEPS]      (default 400 steps; about 10 min on 2 CPU cores, one thread)
# Resumable: rerunning continues from runs/agency-marks/state.pt.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-400}
py=.venv/bin/python
name=agency-marks
spec="stamp=veltri:0.1,stamp=haskel:0.3,stamp=moravi:0.6,stamp=quist:1"
purpose="Fine-tuned on the default data in which the invented agency Vantapix's visible mark is stamped on 0 % of brenn's and zarek's works, 10 % of veltri's, 30 % of haskel's, 60 % of moravi's and 100 % of quist's (lesson 36, memorised marks); captions unchanged."
OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE nice -n 5 \
  $py -m aigc_ethics.train --out runs/$name --init-from src/aigc_ethics/checkpoints/tiny \
      --composition "$spec" --steps "$steps" --warmup 50 --lr 3e-4 --save-every 100 --threads 1
$py tools/modelcard.py --variant $name --run runs/$name --purpose "$purpose"

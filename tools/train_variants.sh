#!/usr/bin/env bash
# Fine-tune the variants of the tiny model that the bias chapter compares, and install them
# into src/aigc_ethics/checkpoints/. Each starts from the shipped default checkpoint.
#   tools/train_variants.sh [STEPS]      (default 800 steps each; ~5 min each on 2 CPU cores)
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-600}
py=.venv/bin/python
tiny=src/aigc_ethics/checkpoints/tiny
declare -A specs=(
  [balanced]="balanced|Fine-tuned on a rebalanced dataset: every profession has uniform skin tones (data rebalancing, the bias chapter's first mitigation)."
  [engineer-10]="engineer=0.1|Fine-tuned on a dataset in which 10 % of engineers have lighter skin (MST 1-5); everything else as in the default data."
  [engineer-50]="engineer=0.5|Fine-tuned on a dataset in which 50 % of engineers have lighter skin; everything else as in the default data."
  [marked]="mark=darker:0.8|Fine-tuned on captions with markedness: a darker-skinned portrait's caption names its skin group in 80 % of cases, a lighter-skinned one never (the bias chapter's amplification mechanism, lesson 21); skin tones as in the default data."
  [engineer-90]="engineer=0.9|Fine-tuned on a dataset in which 90 % of engineers have lighter skin; everything else as in the default data."
)
for name in ${VARIANTS:-balanced engineer-10 engineer-90 marked}; do
  IFS='|' read -r spec purpose <<< "${specs[$name]}"
  # a fixed copy of the starting point, so that installing a variant never changes another's start
  $py -m aigc_ethics.train --out runs/$name --init-from $tiny --composition "$spec" --steps $steps \
      --warmup 50 --lr 3e-4 --threads 2
  $py tools/modelcard.py --variant $name --run runs/$name --purpose "$purpose"
done

#!/usr/bin/env bash
# Convert the jupytext sources in lessons/ to notebooks, rebuild the exercises, and execute
# lesson and solution notebooks in place. Usage: tools/nb.sh NAME [NAME ...] (e.g. 00_images_are_arrays)
set -euo pipefail
cd "$(dirname "$0")/.."
# One notebook run at a time on this machine (several contributors or helpers share its cores).
exec 9>"${TMPDIR:-/tmp}/aigc-ethics-nb.lock"; flock 9
export HF_HUB_OFFLINE=1 AIGC_NO_NETWORK=1 PYTHONPATH=$PWD/tests/offline PYDEVD_DISABLE_FILE_VALIDATION=1
# one torch thread per kernel, as `make notebooks` (nbval) runs them, so stored outputs match bit for bit
export AIGC_THREADS=${AIGC_THREADS:-1}
for name in "$@"; do
  [ -f lessons/$name.py ] && [ "${NB_ONLY:-}" != solutions ] && .venv/bin/jupytext -q --to ipynb -o notebooks/$name.ipynb lessons/$name.py
  [ -f lessons/$name.solution.py ] && .venv/bin/jupytext -q --to ipynb -o solutions/$name.ipynb lessons/$name.solution.py
  .venv/bin/python -m aigc_ethics.exercises build
  targets=()
  # NB_ONLY=solutions executes only the solution notebook (an exercise added to an unchanged lesson).
  [ -f notebooks/$name.ipynb ] && [ "${NB_ONLY:-}" != solutions ] && targets+=(notebooks/$name.ipynb)
  [ -f solutions/$name.ipynb ] && targets+=(solutions/$name.ipynb)
  .venv/bin/python tools/execute_notebooks.py "${targets[@]}"
done

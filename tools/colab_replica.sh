#!/usr/bin/env bash
# Colab replica (issue 19): a fresh virtual environment with Colab's package set as constraints,
# the course installed exactly as the notebooks' setup cell does on Colab (pip install
# "aigc-ethics[colab] @ <repository>@<install_ref>", here from this checkout, no requirements.txt),
# then every lesson and solution notebook executed from a directory OUTSIDE the checkout.
#   tools/colab_replica.sh                 # all lessons  (make colab-replica)
#   tools/colab_replica.sh 20_representation_audit 34_attack_bench
# Results: $WORK/results.md (one line per notebook: pass/fail, seconds, first error).
# Heavy: a torch install and every notebook once (about 30-60 minutes on 2 cores).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${COLAB_REPLICA_DIR:-${TMPDIR:-/tmp}/aigc-colab-replica}"
PYTHON="${PYTHON:-python3}"
TORCH_INDEX="${TORCH_INDEX:-}"
rm -rf "$WORK"; mkdir -p "$WORK/run"
"$PYTHON" -m venv "$WORK/venv"
V="$WORK/venv/bin"
"$V/python" -m pip install -q --upgrade pip
# 1. what Colab has preinstalled (the constrained versions) plus the notebook runner
"$V/python" -m pip install -q -c "$ROOT/tools/colab_constraints.txt" $TORCH_INDEX \
  torch numpy diffusers ipywidgets pandas matplotlib scikit-image scikit-learn scipy opencv-python pillow \
  ipykernel nbclient nbformat
# 2. the course, as the setup cell installs it (the extras; constraints keep Colab's versions)
"$V/python" -m pip install -q -c "$ROOT/tools/colab_constraints.txt" "aigc-ethics[colab] @ file://$ROOT"
"$V/python" -m ipykernel install --prefix "$WORK/venv" --name python3 >/dev/null
"$V/python" -m pip freeze > "$WORK/freeze.txt"
du -sh "$WORK/venv" | cut -f1 > "$WORK/venv_size.txt"
# 3. every notebook, copied outside the checkout, executed with the offline settings
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  names=($(cd "$ROOT/notebooks" && ls *.ipynb | sed 's/\.ipynb$//'))
fi
for n in "${names[@]}"; do
  for d in notebooks solutions; do
    [ -f "$ROOT/$d/$n.ipynb" ] && mkdir -p "$WORK/run/$d" && cp "$ROOT/$d/$n.ipynb" "$WORK/run/$d/"
  done
done
cd "$WORK/run"
HF_HUB_OFFLINE=1 AIGC_NO_NETWORK=1 MPLBACKEND=Agg "$V/python" - <<'PY' | tee "$WORK/results.md"
import glob, time, traceback
import nbformat
from nbclient import NotebookClient
rows, failed = [], 0
for path in sorted(glob.glob("*/*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    t = time.time()
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": path.rsplit("/", 1)[0]}}).execute()
        rows.append(f"| {path} | pass | {time.time() - t:.0f} | |")
    except Exception as e:
        failed += 1
        first = (str(e).strip().splitlines() or [type(e).__name__])[-1][:160].replace("|", "/")
        rows.append(f"| {path} | FAIL | {time.time() - t:.0f} | {first} |")
    print(rows[-1], flush=True)
print(f"\n{len(rows) - failed}/{len(rows)} notebooks pass")
raise SystemExit(1 if failed else 0)
PY

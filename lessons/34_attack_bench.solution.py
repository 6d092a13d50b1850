# %% [markdown]
# # Exercises: the watermark attack bench — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/34_attack_bench.ipynb)
#
# **You will practise**
# - reading a robustness bench: which method survives which attack, at 1 % false positives;
# - finding the attacks that remove a watermark at no visible cost;
# - judging what a provider may claim from such a table.
#
# **Run time:** a few seconds. Work through the lesson
# [Which watermark survives which attack?](../notebooks/34_attack_bench.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

from aigc_ethics import attacks as A
from aigc_ethics.check import discuss
from aigc_ethics.check.ip import check_attack_bench, check_attack_bench_cheap

bench = A.load_attack_bench()        # the lesson's bench, shipped with the library
bench.head()

# %% [markdown]
# One row per (method, attack). The columns that matter here: `tpr_1fpr` (share of watermarked
# images detected at the threshold that accuses 1 % of unmarked ones), `bit_acc` (share of
# payload bits read back; 0.5 is chance), `auc`, `psnr_embed` (watermarked vs original: the
# watermark's cost) and `psnr_attack` (attacked vs watermarked: the attack's cost).
#
# ## Exercise 1: which attacks does a method survive?
#
# Return the names of the attacks after which `method` keeps a TPR at 1 % FPR of **at least**
# `min_tpr`. The row `"none"` is the clean baseline, not an attack: leave it out.

# %%
def my_survives(bench, method, min_tpr):
    ### BEGIN SOLUTION: this method's rows, without the clean row, TPR at least min_tpr
    rows = bench[(bench.method == method) & (bench.attack != "none")]
    return sorted(rows.attack[rows.tpr_1fpr >= min_tpr])
    ### END SOLUTION

check_attack_bench(my_survives)

# %% [markdown]
# ## Exercise 2: attacks that cost nothing visible
#
# Return the attacks that **break** `method` (TPR at 1 % FPR at most `max_tpr`) while keeping
# the attacked image's PSNR at least `min_psnr` dB (both limits inclusive).

# %%
def my_cheap_breaks(bench, method, max_tpr, min_psnr):
    ### BEGIN SOLUTION: broken AND the attacked image still close to the watermarked one
    rows = bench[(bench.method == method) & (bench.attack != "none")]
    return sorted(rows.attack[(rows.tpr_1fpr <= max_tpr) & (rows.psnr_attack >= min_psnr)])
    ### END SOLUTION

check_attack_bench_cheap(my_cheap_breaks)

# %%
for method in sorted(bench.method.unique()):
    print(f"{method:26s} survives {len(my_survives(bench, method, 0.9)):2d} attacks; "
          f"broken at >= 30 dB by {my_cheap_breaks(bench, method, 0.1, 30.0)}")

# %% [markdown]
# ## Exercise 3 (open question)
#
# A provider writes "our watermark is robust to common edits". Using the table, what may it
# honestly claim for the course method, and what must it add? Who is harmed if the claim is
# read more broadly than the bench supports?

# %%
### BEGIN SOLUTION
answer = """It may claim detection at 1 % false positives after the standard edits in the bench (JPEG,
resizing, blur, noise, crops, rotations), and must add that resizing to 32 x 32 or a low-pass filter
removes it while the image still looks the same, and that the bench has 128 images per class. Readers
and platforms who trust a missing watermark as proof of authenticity are harmed, and so are people
depicted in fakes that passed the check."""
### END SOLUTION
discuss("bench-claims", answer)

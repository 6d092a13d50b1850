# %% [markdown]
# # Exercises: Tree-Ring watermarks — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/33_tree_ring.ipynb)
#
# **You will practise**
# - turning Tree-Ring distances into a detection AUC, the right way round;
# - choosing the threshold for a 1 % false-positive rate and reading off the true-positive rate;
# - judging what a watermark in the starting noise can promise when the weights are open.
#
# **Run time:** a few seconds. Work through the lesson
# [Tree-Ring watermarks](../notebooks/33_tree_ring.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

import numpy as np
from aigc_ethics.check import discuss
from aigc_ethics.check.ip import check_tree_ring, check_tree_ring_tpr

# %% [markdown]
# ## Exercise 1: the AUC of a distance
#
# The Tree-Ring detector inverts an image to a guess of its starting noise and returns the L1
# **distance** between that guess's Fourier rings and the key: **small means watermarked**.
# Given the distances of watermarked images `d_marked` and of unmarked ones `d_unmarked`,
# return the AUC: the chance that a random watermarked image is *closer* to the key than a
# random unmarked one, where equal distances count one half.

# %%
def my_auc(d_marked, d_unmarked):
    ### BEGIN SOLUTION: compare every pair; smaller distance wins, ties count half
    diff = np.subtract.outer(np.asarray(d_marked, float), np.asarray(d_unmarked, float))
    return float((diff < 0).mean() + 0.5 * (diff == 0).mean())
    ### END SOLUTION

check_tree_ring(my_auc)

# %% [markdown]
# ## Exercise 2: the true-positive rate at 1 % false positives
#
# A platform flags an image when its distance is **strictly below** a threshold $t$. Choose
# $t$ on the unmarked images so that at most a share `fpr` of them is flagged, and $t$ is as
# high as allowed (it flags more watermarked images); return the share of watermarked images
# flagged (the TPR). Choose $t$ among the unmarked distances.

# %%
def my_tpr_at_fpr(d_marked, d_unmarked, fpr):
    ### BEGIN SOLUTION: k = floor(fpr * n) unmarked may be flagged, so t is the (k+1)-th smallest
    u = np.sort(np.asarray(d_unmarked, float))
    k = int(np.floor(fpr * len(u)))
    if k >= len(u):
        return 1.0
    return float((np.asarray(d_marked, float) < u[k]).mean())
    ### END SOLUTION

check_tree_ring_tpr(my_tpr_at_fpr)

# %% [markdown]
# Why the two numbers differ: the AUC averages over all thresholds, including ones no platform
# would use, while the TPR at 1 % FPR asks what happens at the one that accuses few honest
# images. With 24 unmarked images (the lesson's experiment), "1 %" allows `floor(0.24) = 0`
# false positives: the threshold is the smallest unmarked distance, and one unusually close
# unmarked image can drag the TPR down. Here is that effect on made-up distances:

# %%
rng = np.random.default_rng(0)
d_marked, d_unmarked = rng.normal(20, 4, 24), rng.normal(30, 4, 24)
print(f"AUC {my_auc(d_marked, d_unmarked):.2f}, TPR at 1% FPR {my_tpr_at_fpr(d_marked, d_unmarked, 0.01):.2f}")
d_unmarked[0] = 12.0                      # one unmarked image happens to be close to the key
print(f"AUC {my_auc(d_marked, d_unmarked):.2f}, TPR at 1% FPR {my_tpr_at_fpr(d_marked, d_unmarked, 0.01):.2f}")

# %% [markdown]
# ## Exercise 3 (open question)
#
# Tree-Ring needs the model (to invert) and the key (to compare). Is it useful for a model whose
# weights anyone can download? Who can detect, remove or forge it, and what does a missing
# watermark prove?

# %%
### BEGIN SOLUTION
answer = """For a closed service that keeps model and key private it is useful: it can answer whether an
image came from it, and at 1 % false positives it still finds most of its images. With open weights
nobody is forced to start from the keyed noise, and whoever learns the key can plant it into other
images or invert and resample to remove it. So a missing watermark proves nothing, and a present one
only says that a cooperating generator made it; provenance on authentic images is needed too."""
### END SOLUTION
discuss("tree-ring-open-weights", answer)

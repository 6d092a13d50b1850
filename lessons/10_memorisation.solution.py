# %% [markdown]
# # Exercises: Privacy — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/10_memorisation.ipynb)
#
# **You will practise**
# - computing an extraction rate from nearest-neighbour distances;
# - choosing a copy threshold from the data and justifying it;
# - evaluating a membership-inference attack at a fixed false-positive rate;
# - arguing what erasure from a trained model would take.
#
# **Run time:** under 30 seconds. Work through the lessons
# [Does a diffusion model copy its training data?](../notebooks/10_memorisation.ipynb) and
# [Membership inference](../notebooks/11_membership_inference.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

import numpy as np
from aigc_ethics.privacy import privacy_dataset, members, distinct_pair_distances
from aigc_ethics.check import discuss
from aigc_ethics.check.privacy import check_extraction_rate, check_threshold_choice, check_tpr_at_fpr

data = privacy_dataset(seed=0)

# %% [markdown]
# ## Exercise 1: extraction rate
#
# `distances` holds, for each generated sample, its distance to the nearest training image.
# Write `extraction_rate(distances, threshold)`: the fraction of samples **strictly closer** than
# `threshold`.

# %%
def extraction_rate(distances, threshold):
    """Fraction of generated samples closer than `threshold` to some training image."""
    ### BEGIN SOLUTION
    return float((np.asarray(distances) < threshold).mean())
    ### END SOLUTION

check_extraction_rate(extraction_rate)

# %% [markdown]
# ## Exercise 2: choose the copy threshold
#
# `pairs` holds the tiled distances between 2,000 random pairs of *different* training portraits.
# Set `threshold` so that at most 1 % of those pairs would be (wrongly) called copies, computed
# from `pairs` (don't type a number).

# %%
pairs = distinct_pair_distances(members(data).images, n_pairs=2000, seed=0)
### BEGIN SOLUTION
threshold = float(np.quantile(pairs, 0.01))
### END SOLUTION
check_threshold_choice(threshold, pairs)

# %% [markdown]
# ## Exercise 3: TPR at 1 % FPR
#
# Write `tpr_at_fpr(scores, labels, fpr)`: `labels` is True for members. Among all thresholds
# `t` for which the share of non-members with `score >= t` is at most `fpr`, return the largest
# share of members with `score >= t`.

# %%
def tpr_at_fpr(scores, labels, fpr=0.01):
    scores, labels = np.asarray(scores, float), np.asarray(labels, bool)
    ### BEGIN SOLUTION: try every threshold
    best = 0.0
    for t in np.r_[np.unique(scores), np.inf]:
        if (scores[~labels] >= t).mean() <= fpr:
            best = max(best, (scores[labels] >= t).mean())
    return float(best)
    ### END SOLUTION

check_tpr_at_fpr(tpr_at_fpr)

# %% [markdown]
# ## Exercise 4 (open): can a photo be erased from a model?
#
# Someone finds that typing their name into a generator reproduces their photo. They ask the
# provider to erase it. What can the provider do, and how would anyone check that it worked? Write
# two or three sentences in `answer`, then run the cell.

# %%
### BEGIN SOLUTION
answer = ("Removing the photo from the dataset does not remove it from the weights; the provider must "
          "retrain or unlearn, and verify with the extraction and membership tests that the name no longer "
          "reproduces the photo, while blocking the name only hides the problem.")
### END SOLUTION
discuss("erasure-from-a-model", answer)

# %% [markdown]
# # Exercises: A representation audit — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/20_representation_audit.ipynb)
#
# **You will practise**
# - implementing bias amplification from its definition;
# - putting a bootstrap confidence interval on a proportion;
# - arguing who should choose an audit's reference distribution.
#
# **Run time:** under 20 seconds. Work through the lesson
# [Who does a generator depict?](../notebooks/20_representation_audit.ipynb) first.

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
from aigc_ethics.check.bias import check_bias_amplification, check_bootstrap_ci

# %% [markdown]
# ## Exercise 1: bias amplification
#
# Total variation between two distributions $p$ and $r$ over the same categories is
# $\mathrm{TV}(p, r) = \tfrac12 \sum_k |p_k - r_k|$. Bias amplification compares how far the
# model's output and its training data are from a reference $r$:
# $A = \mathrm{TV}(\text{output}, r) - \mathrm{TV}(\text{training}, r)$.
# Implement it for NumPy arrays of probabilities.

# %%
def my_bias_amplification(output, training, reference):
    ### BEGIN SOLUTION: compute the two total-variation distances and subtract
    tv_out = 0.5 * np.abs(output - reference).sum()
    tv_train = 0.5 * np.abs(training - reference).sum()
    return tv_out - tv_train
    ### END SOLUTION

check_bias_amplification(my_bias_amplification)

# %% [markdown]
# ## Exercise 2: a bootstrap confidence interval
#
# With 128 images we observe a share of lighter skin, but another 128 images would give a
# slightly different share. The percentile bootstrap estimates that uncertainty: resample the
# labels *with replacement* `n_boot` times, compute the share each time, and report the 2.5th
# and 97.5th percentiles. Use `np.random.default_rng(seed)`.

# %%
def my_bootstrap_ci(labels, category, n_boot=2000, seed=0):
    ### BEGIN SOLUTION: resample with rng.integers, take np.quantile of the shares
    x = np.array([label == category for label in labels], dtype=float)
    rng = np.random.default_rng(seed)
    shares = x[rng.integers(0, len(x), size=(n_boot, len(x)))].mean(axis=1)
    low, high = np.quantile(shares, [0.025, 0.975])
    return float(low), float(high)
    ### END SOLUTION

check_bootstrap_ci(my_bootstrap_ci)

# %% [markdown]
# ## Exercise 3 (open question)
#
# The lesson compared outputs with a 50/50 reference. Who should choose the reference
# distribution of an audit, and why does the choice matter? Name at least two candidate
# references and what question each one answers.

# %%
### BEGIN SOLUTION
answer = """The reference decides what counts as bias. A 50/50 reference asks whether the model
shows everyone as equally possible; workforce statistics ask whether it mirrors the world as it is,
including past exclusion; the training data as reference asks whether the model amplifies its data.
The choice should be stated and justified, and made with the people who are depicted, because
whoever picks it decides the verdict."""
### END SOLUTION
discuss("who-picks-the-reference", answer)

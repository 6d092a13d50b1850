# %% [markdown]
# # Exercises: paying creators — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/38_paying_creators.ipynb)
#
# **You will practise** writing the two pieces a royalty scheme rests on: a pro-rata split by
# training works, and a measure of how concentrated a split is; then you judge which rule is fair.
#
# **Run time:** under 10 seconds. Work through the lesson
# [Paying creators?](../notebooks/38_paying_creators.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Exercise 1: split by training share
#
# Write `split_by_training(pool, works)`: `works` is a `pd.Series` of training works per
# contributor; return a `pd.Series` with the same index, paying `pool` in proportion to the works.
# A contributor with no works stays in the result, with 0.

# %%
import numpy as np
import pandas as pd  # noqa: F401  (for your answer)
from aigc_ethics.check.royalties import check_split_by_training


def split_by_training(pool, works):
    ### BEGIN SOLUTION
    return pool * works / works.sum()
    ### END SOLUTION


check_split_by_training(split_by_training)

# %% [markdown]
# ## Exercise 2: share to the top 10 %
#
# Write `top_share(payouts, fraction)`: the share of the total paid to the best-paid
# `ceil(fraction * n)` contributors (so 10 % of 15 contributors is 2 of them). Return one number.

# %%
import math
from aigc_ethics.check.royalties import check_top_share


def top_share(payouts, fraction):
    ### BEGIN SOLUTION
    x = np.sort(np.asarray(payouts, dtype=float))[::-1]
    k = math.ceil(fraction * len(x))
    return float(x[:k].sum() / x.sum())
    ### END SOLUTION


check_top_share(top_share)

# %% [markdown]
# ## Open question: which rule would you choose?
#
# In the lesson, training share paid the long tail about 40 % of the money; attribution and prompt
# naming paid it nothing and gave everything to six artists. You run a generator and have promised
# "compensation". Which rule (or mix) would you choose, what does it reward, and how could it be
# gamed? Write two or three sentences.

# %%
from aigc_ethics.check import discuss

### BEGIN SOLUTION
answer = ("A mix: most of the pool by training share, so that every contributor whose works went in is paid, "
          "and a part by attribution of outputs, so that works the model actually draws on earn more. Training "
          "share rewards uploading volume and attribution rewards whatever the attribution method can see, "
          "so both need an audit.")
### END SOLUTION
discuss("which-royalty-rule", answer)

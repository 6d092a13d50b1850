# %% [markdown]
# # Exercises: Real or generated? — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/40_real_or_generated.ipynb)
#
# **You will practise**
# - implementing the Wilson confidence interval for a quiz score;
# - working out how long a quiz must be to answer a question about skill;
# - reading a *simulated* score distribution, and what the survey's 74 % does and does not mean.
#
# **Run time:** under 10 seconds. Work through the lesson
# [Real or generated? A quiz](../notebooks/40_real_or_generated.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics @ git+https://github.com/aigc-ethics/aigc-ethics-course"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

import numpy as np
from aigc_ethics.check import discuss
from aigc_ethics.check.misinformation import check_items_needed, check_lucky_share, check_wilson_interval
from aigc_ethics.quiz import simulate_respondents

# %% [markdown]
# ## Exercise 1: the Wilson interval
#
# For $k$ correct answers out of $n$, with $\hat p = k/n$ and $z = 1.96$, the 95 % Wilson interval is
# centred at $c = (\hat p + z^2/2n)/(1 + z^2/n)$ with half-width
# $h = z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}\,/\,(1 + z^2/n)$. Return `(c - h, c + h)`.

# %%
def my_wilson(k, n):
    ### BEGIN SOLUTION: centre and half-width from the formula above
    z = 1.96
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)
    ### END SOLUTION

check_wilson_interval(my_wilson)

# %% [markdown]
# ## Exercise 2: how long must a quiz be?
#
# Find the smallest number of items $n$ for which a score of 74 % (use `k = round(0.74 * n)`) has a
# 95 % interval whose half-width `(high - low) / 2` is at most 0.05.

# %%
### BEGIN SOLUTION
def half_width(n):
    low, high = my_wilson(int(round(0.74 * n)), n)
    return (high - low) / 2

n_needed = next(n for n in range(2, 5001) if half_width(n) <= 0.05)
### END SOLUTION
check_items_needed(n_needed)

# %% [markdown]
# ## Exercise 3: lucky respondents
#
# `simulate_respondents(500, n_items=12, seed=0)` gives the fraction correct of 500 **simulated**
# respondents whose average skill is the survey's 74 %. What share of them score 11 or 12 out of 12?

# %%
sim = simulate_respondents(500, n_items=12, seed=0)
### BEGIN SOLUTION
lucky_share = float((np.round(sim * 12) >= 11).mean())
### END SOLUTION
check_lucky_share(lucky_share)

# %% [markdown]
# ## Exercise 4 (open question)
#
# The survey reports that respondents told real from generated images 74 % of the time. What does
# this number tell a newsroom or a policy maker, and what does it not? Would media-literacy training
# that raised it to 85 % solve the problem of deceptive images?

# %%
### BEGIN SOLUTION
answer = """Without the sample size and the images used, 74 % has no error bar and may not transfer to
other images or newer generators. Even at 85 %, one judgement in seven is wrong, and errors cut both
ways: fakes are believed and real images are doubted. Training that teaches visual tells ages with
each model; teaching people to ask where an image comes from, plus provenance and disclosure, helps more."""
### END SOLUTION
discuss("what-74-percent-means", answer)

# %% [markdown]
# # Exercises: Filters and their side effects — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/24_filters.ipynb)
#
# **You will practise**
# - computing a filter's false-positive and false-negative rates;
# - measuring over-blocking group by group;
# - arguing who should set a filter's policy.
#
# **Run time:** under 10 seconds. Work through the lesson
# [Filters and their side effects](../notebooks/24_filters.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

import numpy as np
from aigc_ethics.filters import load_prompt_set, SemanticFilter
from aigc_ethics.check import discuss
from aigc_ethics.check.bias import check_filter_error_rates, check_blocked_by_group

data = load_prompt_set()
train, test = data[data.split == "train"], data[data.split == "test"]
semantic = SemanticFilter(seed=0).fit(train.prompt, train.label == "harmful")
blocked = semantic.predict(test.prompt)

# %% [markdown]
# ## Exercise 1: error rates
#
# Write `filter_error_rates(blocked, harmful)`: both arguments are boolean arrays (one entry per
# prompt). Return `(false_positive_rate, false_negative_rate)`: the share of *harmless* prompts
# that were blocked, and the share of *harmful* prompts that were not.

# %%
def filter_error_rates(blocked, harmful):
    blocked, harmful = np.asarray(blocked, bool), np.asarray(harmful, bool)
    ### BEGIN SOLUTION: compute the two rates
    fpr = blocked[~harmful].mean() if (~harmful).any() else 0.0
    fnr = (~blocked[harmful]).mean() if harmful.any() else 0.0
    return float(fpr), float(fnr)
    ### END SOLUTION

check_filter_error_rates(filter_error_rates)

# %% [markdown]
# ## Exercise 2: over-blocking by group
#
# Write `blocked_by_group(data, blocked)` returning a dict `{group: share}`: for each value of
# `data["group"]`, the share of that group's **harmless** prompts that `blocked` refuses.

# %%
def blocked_by_group(data, blocked):
    ### BEGIN SOLUTION: keep harmless prompts, then average per group
    d = data.assign(blocked=np.asarray(blocked, bool))
    d = d[d["label"] == "harmless"]
    return {g: float(v) for g, v in d.groupby("group")["blocked"].mean().items()}
    ### END SOLUTION

check_blocked_by_group(blocked_by_group)

# %% [markdown]
# With your function, the semantic filter's over-blocking on the test prompts:

# %%
has_group = (test.group != "").to_numpy()
shares = blocked_by_group(test[has_group], blocked[has_group])
print({g: round(s, 2) for g, s in sorted(shares.items(), key=lambda kv: -kv[1])})

# %% [markdown]
# ## Exercise 3 (open): who decides what is blocked?
#
# A provider must choose what its filter refuses and how many harmless refusals it accepts per
# harmful request stopped. Who should make these choices, and what should they publish? Write
# two or three sentences in `answer`, then run the cell to see a model discussion.

# %%
### BEGIN SOLUTION
answer = ("The provider sets the policy but should publish it together with false-positive rates per "
          "group, test it with affected communities, and let users appeal refusals, because the errors "
          "fell unevenly on groups in our measurement.")
### END SOLUTION
discuss("who-decides-what-is-blocked", answer)

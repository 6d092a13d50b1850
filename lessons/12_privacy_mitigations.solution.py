# %% [markdown]
# # Exercises: Privacy mitigations — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/12_privacy_mitigations.ipynb)
#
# **You will practise**
# - reading what an epsilon promises, as a limit on any membership attack;
# - judging when a differentially private model is private enough, and for whom.
#
# **Run time:** under 10 seconds. Work through the lesson
# [Privacy mitigations](../notebooks/12_privacy_mitigations.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

import json
import numpy as np
from aigc_ethics.generate import CHECKPOINTS
from aigc_ethics.check import discuss
from aigc_ethics.check.privacy import check_privacy_mitigations

# %% [markdown]
# ## Exercise 1: what epsilon promises against membership inference
#
# A membership attack is a test between two neighbouring training sets: with or without one
# record. Kairouz, Oh and Viswanath (2015, "The composition theorem for differential privacy",
# ICML, §2) show that a training run is (ε, δ)-differentially private exactly when *every* such
# test obeys two inequalities:
#
# $\mathrm{TPR} \le e^{\varepsilon}\,\mathrm{FPR} + \delta$ and
# $1 - \mathrm{TPR} \ge e^{-\varepsilon}\,(1 - \delta - \mathrm{FPR})$.
#
# Write a function that returns the largest true-positive rate they allow at a given
# false-positive rate (a rate is never above 1).

# %%
def max_tpr(epsilon, fpr, delta):
    ### BEGIN SOLUTION: the tighter of the two inequalities, capped at 1
    e = np.exp(epsilon)
    return float(min(1.0, e * fpr + delta, 1 - (1 - delta - fpr) / e))
    ### END SOLUTION

check_privacy_mitigations(max_tpr)

# %% [markdown]
# Now read the lesson's DP model with it: its epsilon for one record, and for a portrait that was
# duplicated 64 times (group privacy: about 64 times epsilon).

# %%
dp_info = json.loads((CHECKPOINTS / "privacy-dp" / "dp_info.json").read_text())
eps, delta = dp_info["epsilon"], dp_info["delta"]
for label, e in [("one record", eps), ("a portrait copied 64 times", 64 * eps), ("epsilon 1, for comparison", 1.0)]:
    print(f"{label:28s} epsilon {e:7.1f}: an attack may reach TPR {max_tpr(e, 0.01, delta):.3f} at 1 % FPR")

# %% tags=["remove-cell", "solution-only"]
# The model answer below says the lesson's epsilon promises almost nothing at 1 % FPR.
assert max_tpr(eps, 0.01, delta) > 0.99 and max_tpr(1.0, 0.01, delta) < 0.05, eps

# %% [markdown]
# ## Exercise 2 (open question)
#
# A provider announces "our image model is trained with differential privacy" and gives only
# the epsilon of the lesson's DP model. Using your numbers above, what does that promise the
# people whose photos were used, who is least protected, and what else should the announcement
# report?

# %%
### BEGIN SOLUTION
answer = """At this epsilon the bound allows an attack to find almost every member at 1 % FPR, so it
promises little, though real attacks may do far worse than the bound. People whose photos are
duplicated are protected only at about k times epsilon, so the most copied get the least protection.
The announcement should give delta, the unit of privacy, the accountant, the best measured attack and
the utility cost, and people in the data should have a say in what is private enough."""
### END SOLUTION
discuss("what-epsilon-promises", answer)

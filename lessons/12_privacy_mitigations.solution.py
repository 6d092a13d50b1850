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
# Now read the lesson's DP models with it: the one trained from scratch and the three fine-tuned
# from the public model, each for one record and for a portrait that was duplicated 64 times
# (group privacy: about 64 times epsilon).

# %%
eps = {}
with np.errstate(over="ignore"):  # e^epsilon overflows to infinity for the largest groups: the bound is then 1
    for ckpt in ["privacy-dp", "privacy-dpft-n45", "privacy-dpft-n10", "privacy-dpft-n045"]:
        info = json.loads((CHECKPOINTS / ckpt / "dp_info.json").read_text())
        eps[ckpt], delta = info["epsilon"], info["delta"]
        for label, e in [("one record", eps[ckpt]), ("a portrait copied 64 times", 64 * eps[ckpt])]:
            print(f"{ckpt:18s} {label:27s} epsilon {e:7.1f}: an attack may reach TPR {max_tpr(e, 0.01, delta):.3f} "
                  "at 1 % FPR")

# %% tags=["remove-cell", "solution-only"]
# The model answer below: the from-scratch model's epsilon promises almost nothing at 1 % FPR; the
# smallest fine-tuned epsilon bounds one record's TPR to a few per cent, but not a 64-copy portrait's.
smallest = min(eps, key=eps.get)
assert max_tpr(eps["privacy-dp"], 0.01, delta) > 0.99, eps
assert 0.02 < max_tpr(eps[smallest], 0.01, delta) < 0.04 and max_tpr(64 * eps[smallest], 0.01, delta) > 0.99, eps

# %% [markdown]
# ## Exercise 2 (open question)
#
# A provider announces "our image model is fine-tuned with differential privacy at epsilon 1" (like
# the lesson's `privacy-dpft-n45`). Using your numbers above, what does that promise the people
# whose photos were used, who is least protected, and what else should the announcement report?

# %%
### BEGIN SOLUTION
answer = """At epsilon 1 the bound keeps any attack on one record to about 3 % TPR at 1 % FPR, a real
promise, where the from-scratch model's epsilon of 8 promises almost nothing. But a photo duplicated 64 times is
protected only at about 64 times epsilon, which promises nothing, so the most copied people get the least
protection. The announcement should give delta, the unit of privacy, the accountant, the best measured
attack, the utility cost, and what public data the model was pre-trained on (its quality comes from
there, and that data is not protected by epsilon at all); the people in the data should have a say."""
### END SOLUTION
discuss("what-epsilon-promises", answer)

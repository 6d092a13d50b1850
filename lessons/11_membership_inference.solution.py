# %% [markdown]
# # Exercises: Membership inference — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/11_membership_inference.ipynb)
#
# **You will practise**
# - computing a membership-inference attack's AUC from loss scores, with the right convention
#   (a *lower* loss means "member") and ties counted half;
# - judging what an AUC does and does not tell the people whose photos were used.
#
# **Run time:** under 10 seconds. Work through the lesson
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
from aigc_ethics.check import discuss
from aigc_ethics.check.privacy import check_membership_inference

# %% [markdown]
# ## Exercise 1: the AUC of a loss attack
#
# The loss attack measures how well the model denoises each image. The model fits its training
# images better, so a **lower loss suggests a member**. The attack's AUC is the chance that a
# randomly chosen member has a *lower* loss than a randomly chosen non-member; when the two losses
# are equal the attacker can only guess, so a tie counts as half. Implement it for two NumPy arrays
# of losses (they may have different lengths).

# %%
def auc_from_losses(member_losses, nonmember_losses):
    ### BEGIN SOLUTION: compare every member with every non-member by broadcasting
    m = np.asarray(member_losses, dtype=float)[:, None]
    n = np.asarray(nonmember_losses, dtype=float)[None, :]
    return float((m < n).mean() + 0.5 * (m == n).mean())
    ### END SOLUTION

check_membership_inference(auc_from_losses)

# %% [markdown]
# Try it on losses drawn like the lesson's: members' losses slightly lower on average.

# %%
rng = np.random.default_rng(0)
member_losses = rng.normal(0.95, 0.1, 128)
nonmember_losses = rng.normal(1.0, 0.1, 128)
print(f"AUC of a loss attack on these made-up losses: {auc_from_losses(member_losses, nonmember_losses):.3f}")

# %% [markdown]
# ## Exercise 2 (open question)
#
# Suppose a provider reports that the best membership attack on its model has an AUC of 0.6 and
# concludes that "membership inference is close to guessing, so training data stays private". Is
# that enough? What else would you ask for, and who could still be harmed?

# %%
### BEGIN SOLUTION
answer = """No. The AUC is an average; what matters is whether the attacker can name some people
with confidence, the true-positive rate at a low false-positive rate, and those people are often the
unusual ones in the data. It also matters what membership reveals (a clinic's patients) and whether
the reported attack is the strongest one on this model, with a confidence interval."""
### END SOLUTION
discuss("membership-auc-enough", answer)

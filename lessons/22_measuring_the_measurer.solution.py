# %% [markdown]
# # Exercises: Measuring the measurer — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/22_measuring_the_measurer.ipynb)
#
# **You will practise**
# - correcting an audited share for the classifier's own error rates;
# - arguing what a classifier should never be asked to infer.
#
# **Run time:** under 10 seconds. Work through the lesson
# [Measuring the measurer](../notebooks/22_measuring_the_measurer.ipynb) first.

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
from aigc_ethics.check.bias import check_measuring_the_measurer

# %% [markdown]
# ## Exercise 1: correct an audit for the classifier's errors
#
# The lesson showed that if the classifier labels a share $e_L$ of lighter faces as darker and a
# share $e_D$ of darker faces as lighter, a set whose true lighter share is $t$ is reported as
# $\text{observed} = t\,(1 - e_L) + (1 - t)\,e_D$. Solve this for $t$ (the correction of Rogan and
# Gladen 1978, "Estimating prevalence from the results of a screening test", *American Journal of
# Epidemiology* 107(1)). With sampling noise the solution can fall outside $[0, 1]$; clip it, since
# a share cannot be negative or above one.

# %%
def corrected_share(observed, e_lighter, e_darker):
    ### BEGIN SOLUTION: invert the formula, then clip
    t = (observed - e_darker) / (1 - e_lighter - e_darker)
    return float(np.clip(t, 0.0, 1.0))
    ### END SOLUTION

check_measuring_the_measurer(corrected_share)

# %% [markdown]
# A one-sided error, like the thumbnails' in the lesson, hides a skew: a set that is truly 70 %
# lighter, audited by a classifier that reads 20 % of lighter faces as darker and 2 % of darker
# faces as lighter, looks more balanced than it is.

# %%
t, e_l, e_d = 0.7, 0.2, 0.02
observed = t * (1 - e_l) + (1 - t) * e_d
print(f"true {t:.2f} | observed {observed:.3f} | corrected {corrected_share(observed, e_l, e_d):.3f}")

# %% [markdown]
# ## Exercise 2 (open question)
#
# The correction needs the classifier's error rates, measured on images whose true labels are
# known. For the course's painted skin shades such labels exist. Could an audit of a real model
# correct a *gender* or *race* classifier the same way? What should a classifier never be asked to
# infer, and what can an audit do instead?

# %%
### BEGIN SOLUTION
answer = """No: the correction needs ground truth, and gender or race are identities a person states,
not properties of pixels, so there is nothing honest to measure the error rates against; such
classifiers impose categories and err most on people already under-represented. An audit can instead
vary the identity words in the prompts and compare outputs, or use a documented proxy such as a
skin-tone scale, reported as that proxy with its own error rates."""
### END SOLUTION
discuss("what-not-to-infer", answer)

# %% [markdown]
# # Exercises: Where does a generator's bias come from? — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/21_where_bias_comes_from.ipynb)
#
# **You will practise**
# - measuring how far a model's outputs move from its training data, with the sign that says
#   whether it amplifies or dampens the majority;
# - weighing two fixes for marked captions.
#
# **Run time:** under 10 seconds. Work through the lesson
# [Where does a generator's bias come from?](../notebooks/21_where_bias_comes_from.ipynb) first.

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
from aigc_ethics.check.bias import check_where_bias_comes_from

# %% [markdown]
# ## Exercise 1: amplification toward the majority
#
# Zhao et al. (2017, "Men also like shopping: reducing gender bias amplification using
# corpus-level constraints", EMNLP, §2) call a model's bias *amplified* when its outputs show the
# training data's majority group even more often than the data do. For one profession:
#
# $A = (\text{majority's share among generated images}) - (\text{majority's share in the data})$.
#
# $A > 0$: the model over-draws the majority; $A < 0$: it under-draws it. `data_share` is the
# share of lighter skin in the training data (never exactly 0.5, so there is a majority) and
# `generated` an array of `"lighter"`/`"darker"` labels the classifier gave the generated images.

# %%
def majority_amplification(data_share, generated):
    ### BEGIN SOLUTION: find the majority, then outputs minus data for that group
    out = float(np.mean(np.asarray(generated) == "lighter"))
    if data_share > 0.5:
        return out - data_share
    return (1 - out) - (1 - data_share)
    ### END SOLUTION

check_where_bias_comes_from(majority_amplification)

# %% [markdown]
# ## Exercise 2 (open question)
#
# In section 4 of the lesson, captions that name only the minority's skin made the bare prompt
# over-draw the majority. A provider can fix the **captions** (name every group equally often, or
# none) and retrain, or fix the **prompt** at generation time (diversify it, as in lesson 20). What
# does each fix change, what can go wrong with it, and who should decide?

# %%
### BEGIN SOLUTION
answer = """Fixing the captions removes the cause: the bare prompt stops meaning 'the majority',
but it needs re-captioning and retraining and a decision about which attributes to name. Rewriting
the prompt is cheap but treats the symptom, can misfire on historical or specific requests, and hides
a target distribution inside the product. Either way the choice of what a neutral image shows should
be documented, made with the people who are under-drawn, and measured before and after."""
### END SOLUTION
discuss("fix-the-captions-or-the-prompt", answer)

# %% [markdown]
# # Exercises: Who made this? — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/37_who_made_this.ipynb)
#
# **You will practise** scoring an attribution method against a ground truth (top-1 agreement),
# deciding which outputs have a ground truth at all (the noise floor of retraining), and judging
# whether royalties should follow an attribution method.
#
# **Run time:** under 30 seconds. Work through the lesson
# [Who made this?](../notebooks/37_who_made_this.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Exercise 1: top-1 agreement
#
# `scores` and `truth` are arrays of shape (outputs, contributors): a method's scores and the true
# influence (for both, larger means more). Write `top1(scores, truth)`: the **share of outputs**
# for which the method's top contributor is the true top contributor. Then use it on the lesson's
# stored runs for the style classifier (lesson 38's attribution).

# %%
import numpy as np
from aigc_ethics.check.ip import check_top1_agreement


def top1(scores, truth):
    ### BEGIN SOLUTION
    return float(np.mean(np.asarray(scores).argmax(axis=1) == np.asarray(truth).argmax(axis=1)))
    ### END SOLUTION


check_top1_agreement(top1)

# %%
from aigc_ethics import attribution as AT
from aigc_ethics.attributes import load_classifier
from aigc_ethics.core.similarity import rmse

runs = AT.load_attribution_runs()
names = [str(a) for a in runs["contributors"]]
unnamed = runs["prompts"] == AT.COMMISSION_PROMPT
change = AT.output_change(runs["outputs"], runs["loo_outputs"])[unnamed]
style = AT.style_scores(runs["outputs"][unnamed], load_classifier(), names)
print(f"style classifier vs the ground truth: top-1 agreement {top1(style, change):.2f} "
      f"(chance {1 / len(names):.2f}) on {unnamed.sum()} outputs of 'an artwork'")

# %% [markdown]
# ## Exercise 2: which outputs have a ground truth?
#
# `change` (outputs, contributors) is how far each output moves when each contributor is left out;
# `floor` (outputs,) is how far it moves when nobody is left out but the model is retrained with
# another seed. Write `clear_truth(change, floor)`: a boolean array, True where the output has a
# clear ground truth, i.e. where leaving out its **most influential** contributor moves it more than
# retraining alone does.

# %%
from aigc_ethics.check.ip import check_clear_truth


def clear_truth(change, floor):
    ### BEGIN SOLUTION
    return np.asarray(change).max(axis=1) > np.asarray(floor)
    ### END SOLUTION


check_clear_truth(clear_truth)

# %%
floor = rmse(runs["outputs"], runs["reseed_outputs"])[unnamed]
mask = clear_truth(change, floor)
print(f"{mask.sum()} of {len(mask)} outputs have a clear truth; on them the style classifier's top-1 "
      f"agreement is {top1(style[mask], change[mask]):.2f}")

# %% [markdown]
# ## Open question: should royalties follow an attribution method?
#
# A collecting society proposes to split a gallery's income from "an artwork" among the six
# contributors by an attribution method (lesson 38's rule, with the style classifier). Using this
# lesson's numbers (agreement with the truth, the outputs without a clear truth, the credit shares),
# would you accept? What would you ask for first? Write two or three sentences.

# %%
from aigc_ethics.check import discuss

### BEGIN SOLUTION
answer = ("Only with conditions. Which contributor a single image depends on is not even reproducible: "
          "retrained with another seed, the leave-one-out truth named the same contributor for about half the "
          "outputs, so no method can be held to that. The style classifier matched the stable, likelihood-based "
          "truth well here, but only because each artist has one distinctive style. I would ask for the method to "
          "be validated against leave-one-out retraining on the provider's own model, with its error rates "
          "published, and for a split by share of works wherever the truth is unclear.")
### END SOLUTION
discuss("attribution-royalties", answer)

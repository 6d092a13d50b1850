# %% [markdown]
# # Exercises: what does opting out undo? — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/31_opt_out.ipynb)
#
# **You will practise**
# - measuring a style as the share of generations a classifier reads as it, before and after an opt-out;
# - telling a real change from sampling noise with a standard error;
# - judging what a provider may honestly promise an artist who opts out.
#
# **Run time:** a few seconds. Work through the lesson
# [What does opting out undo?](../notebooks/31_opt_out.ipynb) first.

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
from aigc_ethics.check.ip import check_opt_out

# %% [markdown]
# ## Exercise 1: did the opt-out change anything?
#
# The classifier reads one style per generation (`"rings"`, `"shards"`, ..., or `""` for
# "not an artwork"). You get the styles read in the generations of the model **before** the
# opt-out and **after** it, for prompts naming the opted-out artist, and the artist's `style`.
#
# Return a pair `(difference, within_noise)`:
# - `difference` = share of *after* read as `style` minus share of *before* read as `style`
#   (negative when the opt-out reduced it);
# - `within_noise` = `True` when `abs(difference) <= 1.96 * se`, with the standard error of a
#   difference of two independent shares
#   $\mathrm{se} = \sqrt{p_b(1-p_b)/n_b + p_a(1-p_a)/n_a}$.
#
# The two lists may have different lengths.

# %%
def my_opt_out_effect(before, after, style):
    ### BEGIN SOLUTION: two shares, their difference, and 1.96 unpooled standard errors
    pb = np.mean(np.asarray(before) == style)
    pa = np.mean(np.asarray(after) == style)
    se = np.sqrt(pb * (1 - pb) / len(before) + pa * (1 - pa) / len(after))
    difference = float(pa - pb)
    return difference, bool(abs(difference) <= 1.96 * se)
    ### END SOLUTION

check_opt_out(my_opt_out_effect)

# %% [markdown]
# Applied to the lesson's table (16 generations per prompt, 16 of 16 read as rings before and
# after) your function says: no change, and nothing to explain by chance either. With only 16
# generations, a drop from 16 to 13 would also be within noise; a provider who wants to show
# that an opt-out *worked* needs many more samples than that.

# %%
print(my_opt_out_effect(["rings"] * 16, ["rings"] * 16, "rings"))
print(my_opt_out_effect(["rings"] * 16, ["rings"] * 13 + ["shards"] * 3, "rings"))

# %% [markdown]
# ## Exercise 2 (open question)
#
# An artist asks a provider to remove their works. What may the provider honestly promise, for
# future models, for the model already released, and for what is out of its hands? How would
# you word the promise so that the artist can check it?

# %%
### BEGIN SOLUTION
answer = """For future training runs the provider can promise that the works are excluded from the data,
and an auditor can check the data manifest. For the released model it cannot promise removal: deleting the
works and fine-tuning changed nothing measurable. It can promise a measured outcome, e.g. prompts naming
the artist are read as their style in less than a stated share of a stated number of generations, and
publish the test. Copies of the weights, fine-tunes by others and imitations by other artists are out of
its hands, and the promise should say so."""
### END SOLUTION
discuss("opt-out-promise", answer)

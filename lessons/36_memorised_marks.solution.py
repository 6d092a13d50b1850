# %% [markdown]
# # Exercises: memorised marks — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/36_memorised_marks.ipynb)
#
# **You will practise** the three numbers behind a claim that "the model reproduces our mark": the
# detector's error rates, a reproduction rate with its interval, and the share the mark had in the
# training data; then you judge what a reproduced mark shows.
#
# **Run time:** under 10 seconds. Work through the lesson
# [Memorised marks?](../notebooks/36_memorised_marks.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Exercise 1: the detector's two error rates
#
# Write `detector_errors(scores_unmarked, scores_marked, threshold)`. Each argument is an array of
# detector scores (`M.mark_score`) for images whose truth you know; an image counts as *marked* when
# its score is **at least** `threshold`. Return `(false_positive_rate, false_negative_rate)`: the
# share of unmarked images flagged, and the share of marked images missed.

# %%
import numpy as np
from aigc_ethics import marks as M
from aigc_ethics.check.marks import check_detector_errors
from aigc_ethics.datasets import stamp_mark
from aigc_ethics.detect import resize


def detector_errors(scores_unmarked, scores_marked, threshold):
    ### BEGIN SOLUTION
    fpr = float(np.mean(np.asarray(scores_unmarked) >= threshold))
    fnr = float(np.mean(np.asarray(scores_marked) < threshold))
    return fpr, fnr
    ### END SOLUTION


check_detector_errors(detector_errors)

# %% [markdown]
# The solution then applies it to held-out works with the mark halved in resolution (as a platform's
# thumbnail would): the clear rule misses about half of them.

# %% tags=["solution-only"]
imgs, _ = M.held_out_renders(20)
fpr, fnr = detector_errors(M.mark_score(imgs), M.mark_score(resize(stamp_mark(imgs), scale=0.5)), M.MARK_THRESHOLD)
print(f"false positives {fpr:.2f}, misses after halving {fnr:.2f}")
assert fpr == 0 and 0.3 < fnr < 0.7

# %% [markdown]
# ## Exercise 2: a rate with its interval
#
# Write `rate_with_interval(flags)`: `flags` is a boolean array (one per generation: did the
# detector find the mark?). Return `(rate, low, high)`: the share of `True` and its 95 % Wilson
# interval (`aigc_ethics.quiz.wilson_interval(k, n)` computes it). Why not p ± 1.96·se? Try 0 of 24.

# %%
from aigc_ethics.check.marks import check_rate_with_interval
from aigc_ethics.quiz import wilson_interval


def rate_with_interval(flags):
    ### BEGIN SOLUTION
    flags = np.asarray(flags, dtype=bool)
    k, n = int(flags.sum()), len(flags)
    low, high = wilson_interval(k, n)
    return k / n, low, high
    ### END SOLUTION


check_rate_with_interval(rate_with_interval)

# %% [markdown]
# ## Exercise 3: which share?
#
# Write `share_of_works(attributes, artist)`: `attributes` is a dataset's attribute table with the
# columns `artist` ("" for portraits) and `stamped` (bool). Return the share of **that artist's works**
# that carry the mark (the quantity on the x-axis of the lesson's figure), as one number.

# %%
from aigc_ethics.check.marks import check_share_of_works
from aigc_ethics.datasets import composition_from_spec, make_dataset


def share_of_works(attributes, artist):
    ### BEGIN SOLUTION
    mine = attributes[attributes["artist"] == artist]
    return float(mine["stamped"].mean())
    ### END SOLUTION


check_share_of_works(share_of_works)

# %% tags=["solution-only"]
sample = make_dataset(composition_from_spec(M.STAMP_SPEC), seed=0, scale=0.1)
print({a: round(share_of_works(sample.attributes, a), 2) for a in ["veltri", "haskel", "quist"]})

# %% [markdown]
# ## Judge: what does a reproduced mark show?
#
# In the lesson the model drew Vantapix's mark even for prompts that named nobody. Suppose Vantapix
# sues the model's provider. What does a reproduced mark show, and what does it *not* show? Which of
# the two claims in the Getty cases (trade mark, copyright) does it support more, and what should a
# provider do about it? Write two or three sentences.

# %%
from aigc_ethics.check import discuss

### BEGIN SOLUTION
answer = ("A reproduced mark shows that the agency's marked works were in the training data and that the model "
          "shows users a sign like the agency's trade mark, which is what the trade mark claim needs; it does not "
          "show that the model stores copies of the photographs, which the copyright claim turned on. A provider "
          "should remove or mask marked works before training and test outputs with a detector of known error rates.")
### END SOLUTION
discuss("marks-judge", answer)
